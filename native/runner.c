/*
 * sonocode-runner: the judge's hands inside a sandbox container.
 *
 * Started once per container (one `docker exec`), it runs the judge's programs one at a time and
 * forwards their standard streams, so a test costs a fork+exec instead of a whole `docker exec`.
 * It measures nothing and enforces nothing: CPU time, memory and every limit are read and enforced
 * from the host through the container's cgroup, where neither this process nor the program can
 * touch them. It runs as the sandbox user; it makes itself non-dumpable so a program of the same
 * user cannot ptrace it or open its descriptors through /proc. A program can still kill it; the
 * judge then sees the run end without a status and restarts it.
 *
 * Frames, both ways: 1 byte type, 4 bytes length (little-endian), payload.
 *   judge -> runner  'R' run:   cwd \0 env... \0 \0 argv0 \0 argv1 \0 ...
 *                    'W' wipe:  dir \0 dir \0 ...  (empty each folder, keep the folder; answered by 'D')
 *                    'I' bytes for the program's stdin;  'C' close the program's stdin
 *   runner -> judge  'O' stdout bytes;  'E' stderr bytes
 *                    'D' done: 4-byte wait status (as waitpid reports it) of the program
 *                    'F' could not start: message
 * Input frames that arrive after a program ended are dropped.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_FRAME (1u << 20)
#define CHUNK 65536

static unsigned char frame_buf[MAX_FRAME];

static void die(const char *what) {
  fprintf(stderr, "sonocode-runner: %s: %s\n", what, strerror(errno));
  _exit(100);
}

static void write_all(int fd, const void *data, size_t len) {
  const unsigned char *p = data;
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {
        struct pollfd w = {fd, POLLOUT, 0};
        poll(&w, 1, -1);
        continue;
      }
      die("write to judge");
    }
    p += n;
    len -= (size_t)n;
  }
}

static void send_frame(char type, const void *payload, uint32_t len) {
  unsigned char header[5] = {(unsigned char)type, len & 0xff, (len >> 8) & 0xff, (len >> 16) & 0xff, (len >> 24) & 0xff};
  write_all(1, header, 5);
  if (len) write_all(1, payload, len);
}

/* Reads exactly len bytes from the judge; returns 0 at end of input. */
static int read_exact(void *buf, size_t len) {
  unsigned char *p = buf;
  while (len > 0) {
    ssize_t n = read(0, p, len);
    if (n == 0) return 0;
    if (n < 0) {
      if (errno == EINTR) continue;
      if (errno == EAGAIN) {
        struct pollfd r = {0, POLLIN, 0};
        poll(&r, 1, -1);
        continue;
      }
      die("read from judge");
    }
    p += n;
    len -= (size_t)n;
  }
  return 1;
}

/* Reads one frame; returns 0 at end of input. */
static int read_frame(char *type, uint32_t *len) {
  unsigned char header[5];
  if (!read_exact(header, 5)) return 0;
  *type = (char)header[0];
  *len = (uint32_t)header[1] | ((uint32_t)header[2] << 8) | ((uint32_t)header[3] << 16) | ((uint32_t)header[4] << 24);
  if (*len > MAX_FRAME) {
    errno = EPROTO;
    die("frame too large");
  }
  return *len == 0 ? 1 : read_exact(frame_buf, *len);
}

static void set_nonblocking(int fd) {
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* Forwards what a pipe holds now; returns 0 once it is at end of file. */
static int forward(int fd, char type) {
  static unsigned char chunk[CHUNK];
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n > 0) {
      send_frame(type, chunk, (uint32_t)n);
      continue;
    }
    if (n == 0) return 0;
    if (errno == EINTR) continue;
    return 1; /* EAGAIN: nothing more for now */
  }
}

/*
 * Reaps every child that has ended; returns 1 when one of them was the program (its status in
 * *status). Besides the program, the runner gets the children it made with CLONE_PARENT: left
 * unreaped, their zombies would hold the container's pids until no run could fork.
 */
static int reap_children(pid_t program, int *status) {
  int found = 0, st;
  pid_t done;
  while ((done = waitpid(-1, &st, WNOHANG)) > 0) {
    if (done == program) {
      *status = st;
      found = 1;
    }
  }
  return found;
}

static void run_program(uint32_t len, int sigfd) {
  /* Parse cwd, env (ends at an empty string) and argv out of the payload. */
  char *payload = (char *)frame_buf, *end = payload + len;
  if (len == 0 || end[-1] != '\0') {
    send_frame('F', "malformed run frame", 19);
    return;
  }
  char *cwd = payload;
  char *p = cwd + strlen(cwd) + 1;
  char *env[256], *argv[1024];
  int envc = 0, argc = 0;
  while (p < end && *p != '\0' && envc < 255) {
    env[envc++] = p;
    p += strlen(p) + 1;
  }
  env[envc] = NULL;
  p++; /* the empty string that ends env */
  while (p < end && argc < 1023) {
    argv[argc++] = p;
    p += strlen(p) + 1;
  }
  argv[argc] = NULL;
  if (argc == 0) {
    send_frame('F', "no program to run", 17);
    return;
  }

  /* Siblings of the last program (CLONE_PARENT) were killed after it ended: reap them first. */
  reap_children(-1, NULL);
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC) || pipe2(err, O_CLOEXEC)) die("pipe");
  pid_t pid = fork();
  if (pid < 0) {
    /* The process limit is reached: the program cannot start, as if it had died at once. */
    char msg[128];
    int n = snprintf(msg, sizeof msg, "cannot start the program: %s", strerror(errno));
    send_frame('F', msg, (uint32_t)n);
    close(in[0]); close(in[1]); close(out[0]); close(out[1]); close(err[0]); close(err[1]);
    return;
  }
  if (pid == 0) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL);
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    /* Nothing of the runner's is inherited: only stdin, stdout and stderr. */
    syscall(SYS_close_range, 3, ~0U, 0);
    if (chdir(cwd) != 0) {
      dprintf(2, "cannot enter %s: %s\n", cwd, strerror(errno));
      _exit(127);
    }
    execve(argv[0], argv, env);
    dprintf(2, "cannot execute %s: %s\n", argv[0], strerror(errno));
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  int in_fd = in[1], out_fd = out[0], err_fd = err[0];
  set_nonblocking(in_fd);
  set_nonblocking(out_fd);
  set_nonblocking(err_fd);

  /* Input waiting to be written to the program (one frame at a time). */
  unsigned char *pending = NULL;
  size_t pending_len = 0, pending_off = 0;
  int judge_open = 1, status = 0, exited = 0;

  while (!exited) {
    struct pollfd fds[5];
    int n = 0, i_judge = -1, i_in = -1, i_out = -1, i_err = -1;
    fds[n] = (struct pollfd){sigfd, POLLIN, 0};
    n++;
    if (out_fd >= 0) { i_out = n; fds[n++] = (struct pollfd){out_fd, POLLIN, 0}; }
    if (err_fd >= 0) { i_err = n; fds[n++] = (struct pollfd){err_fd, POLLIN, 0}; }
    if (pending_len > pending_off && in_fd >= 0) { i_in = n; fds[n++] = (struct pollfd){in_fd, POLLOUT, 0}; }
    else if (judge_open) { i_judge = n; fds[n++] = (struct pollfd){0, POLLIN, 0}; }
    if (poll(fds, (nfds_t)n, -1) < 0) {
      if (errno == EINTR) continue;
      die("poll");
    }
    if (fds[0].revents) {
      struct signalfd_siginfo info;
      while (read(sigfd, &info, sizeof info) > 0) {}
      if (reap_children(pid, &status)) exited = 1;
    }
    if (i_out >= 0 && fds[i_out].revents && !forward(out_fd, 'O')) { close(out_fd); out_fd = -1; }
    if (i_err >= 0 && fds[i_err].revents && !forward(err_fd, 'E')) { close(err_fd); err_fd = -1; }
    if (i_in >= 0 && fds[i_in].revents) {
      ssize_t w = write(in_fd, pending + pending_off, pending_len - pending_off);
      if (w > 0) pending_off += (size_t)w;
      else if (w < 0 && errno != EAGAIN && errno != EINTR) { close(in_fd); in_fd = -1; pending_len = pending_off = 0; }
    }
    if (i_judge >= 0 && fds[i_judge].revents) {
      char type;
      uint32_t len;
      if (!read_frame(&type, &len)) { judge_open = 0; break; }
      if (type == 'I' && in_fd >= 0) { pending = frame_buf; pending_len = len; pending_off = 0; }
      else if (type == 'C' && in_fd >= 0) { close(in_fd); in_fd = -1; }
    }
  }
  /* The program ended: send what its pipes still hold, without waiting for children that keep them open. */
  if (out_fd >= 0) { forward(out_fd, 'O'); close(out_fd); }
  if (err_fd >= 0) { forward(err_fd, 'E'); close(err_fd); }
  if (in_fd >= 0) close(in_fd);
  if (!exited) waitpid(pid, &status, 0);
  unsigned char st[4] = {status & 0xff, (status >> 8) & 0xff, (status >> 16) & 0xff, (status >> 24) & 0xff};
  send_frame('D', st, 4);
  if (!judge_open) _exit(0);
}

/* Wiping scratch folders between runs: everything in them belongs to the sandbox user, so any mode a
 * program set can be taken back. */
static int unreadable_dirs;

static int open_up(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb;
  (void)ftw;
  if (flag == FTW_DNR) {
    chmod(path, 0700);
    unreadable_dirs++;
  } else if (flag == FTW_D) {
    chmod(path, 0700);
  }
  return 0;
}

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw) {
  (void)sb;
  if (ftw->level == 0) return 0; /* the folder itself stays */
  if (flag == FTW_DP) rmdir(path);
  else unlink(path);
  return 0;
}

static void wipe(uint32_t len) {
  char *p = (char *)frame_buf, *end = p + len;
  int failures = 0;
  while (p < end) {
    size_t n = strnlen(p, (size_t)(end - p));
    if (n > 0 && p + n < end) {
      /* Directories made unreadable need opening up before anything below them can go. */
      for (int round = 0; round < 64; round++) {
        unreadable_dirs = 0;
        nftw(p, open_up, 32, FTW_PHYS | FTW_MOUNT);
        if (unreadable_dirs == 0) break;
      }
      nftw(p, remove_entry, 32, FTW_PHYS | FTW_MOUNT | FTW_DEPTH);
      DIR *dir = opendir(p);
      if (dir) {
        struct dirent *entry;
        while ((entry = readdir(dir)))
          if (strcmp(entry->d_name, ".") && strcmp(entry->d_name, "..")) failures++;
        closedir(dir);
      } else {
        failures++;
      }
    }
    p += n + 1;
  }
  /* a wait status: exit code 1 when something could not be removed */
  unsigned char st[4] = {0, failures ? 1 : 0, 0, 0};
  send_frame('D', st, 4);
}

int main(void) {
  prctl(PR_SET_DUMPABLE, 0);
  signal(SIGPIPE, SIG_IGN);
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  sigprocmask(SIG_BLOCK, &chld, NULL);
  int sigfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
  if (sigfd < 0) die("signalfd");
  for (;;) {
    char type;
    uint32_t len;
    if (!read_frame(&type, &len)) return 0;
    if (type == 'R') run_program(len, sigfd);
    else if (type == 'W') wipe(len);
    /* anything else belongs to a program that already ended */
  }
}
