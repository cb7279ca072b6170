/*
 * sonocode-runner: the judge's hands, kept outside the sandbox (as isolate keeps its keeper).
 *
 * The judge starts one runner per sandbox session, on the host, as root. The sandbox itself (the
 * "box") is a set of namespaces someone else made — a Docker container, or a bubblewrap process —
 * holding a read-only view of the toolchains, scratch tmpfs folders, no network, and a cgroup with
 * the session's limits. For each run the runner starts the program inside the box:
 *
 *   runner (host, root)
 *     └─ keeper   joins the box's mount, UTS, IPC, network and cgroup namespaces, empties the
 *                 scratch folders when asked, and makes a new PID and mount namespace for the run
 *          └─ init   PID 1 of the run: mounts a /proc of the run's own, masks what a program must
 *                    not read, starts the program and reaps every process until it ends
 *               └─ program  joins the box's cgroup, becomes the sandbox user (no capabilities,
 *                    no new privileges, a seccomp filter, resource limits) and execs with the
 *                    test's input file on stdin and the output file on stdout: `prog < in > out`
 *
 * The program sees only its own run's processes (and the run's init, which is root and
 * non-dumpable): it can neither list nor signal the runner, nor any other process of the judge.
 * When the init ends, the kernel kills whatever the program left behind.
 *
 * The runner measures and enforces from outside: CPU time of the run's cgroup (children the
 * program never waited for included), wall time, the output file's size (output limit), the
 * cgroup's out-of-memory state; peak resident memory comes from the kernel's accounting of every
 * process the init reaped (the maximum resident set, as /usr/bin/time reports it) and from the
 * cgroup's anonymous and shared memory sampled while the run lasts (several processes together).
 *
 * The box may be made by the runner itself (the native backend): a 'B' frame names bubblewrap and
 * its arguments; the runner starts it as its own child (so making a box costs the judge no process
 * of its own), waits until the box's holder process runs with every mount in place, and ends it
 * when the judge closes the runner. bubblewrap's --die-with-parent ends the box with the runner.
 *
 * Frames, both ways: 1 byte type, 4 bytes length (little-endian), payload.
 *   judge -> runner  'B' make the box (optional, before 'I'): bwrap-path \0 arg \0 arg ... (its
 *                        --info-fd must be 3); answered 'D' `holder=<pid>\nbwrap=<pid>\n` or 'F'
 *                    'I' init (first frame, or after 'B'): box-pid \0 uid \0 gid \0 cgroup-version \0 memory-dir \0
 *                        cpu-dir \0 join-dir \0 join-dir ... (every cgroup folder a program joins)
 *                    'R' run: cwd \0 stdin-path \0 stdout-path \0 stderr-path \0 cpu-ms \0 wall-ms \0
 *                        output-bytes \0 file-size-bytes \0 stack-bytes \0 open-files \0 flags \0
 *                        env... \0 \0 argv0 \0 argv1 ...   (flags: "w" = empty the scratch first,
 *                        "p" = start with SIGPIPE ignored)
 *                    'P' prepare the box: dir \0 dir ... (made the sandbox user's), and its IPC limits set
 *                    'S' seal: source-dir \0 target-dir \0 (copied by root inside the box)
 *                    'G' gather files: dir \0 host-path \0 max-bytes \0 (see gather)
 *                    'C' fresh scratch: (dir \0 size-bytes \0 mode-octal \0)... (new empty tmpfs mounts)
 *                    'W' write files: dir \0 count \0 (path \0 mode \0 size \0)... then the bytes of
 *                        each (placed by the sandbox user inside the box; see write_files)
 *                    'K' stop the current run now
 *   runner -> judge  'Y' ready (after 'I')
 *                    'D' done: `key=value` lines (see run_program; for 'P', 'S', 'W', 'C' and 'G': status=<wait status>)
 *                    'F' the machinery failed: message
 * The judge closing the runner's stdin ends the current run and the runner.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <net/if.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_FRAME (1u << 20)
#define MAX_JOIN 16
#define WATCH_INTERVAL_MS 2

static unsigned char frame_buf[MAX_FRAME];

/* ------------------------------------------------------------------------------------------ */
/* Frames */

static void fatal(const char *what) {
  /* runners of one spawner share its stderr: the pid says whose line it is */
  fprintf(stderr, "sonocode-runner[%d]: %s: %s\n", (int)getpid(), what, strerror(errno));
  _exit(100);
}

static void write_all(int fd, const void *data, size_t len) {
  const unsigned char *p = data;
  while (len > 0) {
    ssize_t n = write(fd, p, len);
    if (n < 0) {
      if (errno == EINTR) continue;
      fatal("write to judge");
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

static void send_text(char type, const char *text) { send_frame(type, text, (uint32_t)strlen(text)); }

/* Reads exactly len bytes from the judge; returns 0 at end of input. */
static int read_exact(void *buf, size_t len) {
  unsigned char *p = buf;
  while (len > 0) {
    ssize_t n = read(0, p, len);
    if (n == 0) return 0;
    if (n < 0) {
      if (errno == EINTR) continue;
      fatal("read from judge");
    }
    p += n;
    len -= (size_t)n;
  }
  return 1;
}

/* Reads one frame into frame_buf; returns 0 at end of input. */
static int read_frame(char *type, uint32_t *len) {
  unsigned char header[5];
  if (!read_exact(header, 5)) return 0;
  *type = (char)header[0];
  *len = (uint32_t)header[1] | ((uint32_t)header[2] << 8) | ((uint32_t)header[3] << 16) | ((uint32_t)header[4] << 24);
  if (*len >= MAX_FRAME) {
    errno = EPROTO;
    fatal("frame too large");
  }
  if (*len > 0 && !read_exact(frame_buf, *len)) return 0;
  frame_buf[*len] = '\0';
  return 1;
}

/* Splits a payload of NUL-terminated strings; returns how many (at most max). */
static int split_fields(char *payload, uint32_t len, char **fields, int max) {
  int count = 0;
  char *p = payload, *end = payload + len;
  while (p < end && count < max) {
    fields[count++] = p;
    p += strlen(p) + 1;
  }
  return count;
}

/* ------------------------------------------------------------------------------------------ */
/* The box and its cgroup */

static struct {
  pid_t pid;
  uid_t uid;
  gid_t gid;
  int ns_mnt, ns_uts, ns_ipc, ns_net, ns_cgroup;
  int cgroup_version;
  int cpu_fd;       /* v1 cpuacct.usage (ns), v2 cpu.stat (usage_usec) */
  int memstat_fd;   /* memory.stat */
  int oom_fd;       /* v1 memory.oom_control, v2 memory.events */
  int join_fds[MAX_JOIN]; /* cgroup.procs of every hierarchy the program joins */
  int joins;
  int procs_fd;     /* the memory hierarchy's cgroup.procs, read: who is in the box */
  ino_t box_pid_ns; /* the box holder's PID namespace: runs are in namespaces of their own */
} box;

/* bubblewrap, when the runner made the box ('B'); -1 otherwise or once reaped */
static pid_t bwrap_pid = -1;
static void end_box(void);

static int open_ns(pid_t pid, const char *name, int required) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, name);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 && required) return -1;
  /* Joining the runner's own namespace would run the program on the host: refuse. */
  if (fd >= 0 && required) {
    char own[64];
    snprintf(own, sizeof own, "/proc/self/ns/%s", name);
    struct stat a, b;
    if (fstat(fd, &a) == 0 && stat(own, &b) == 0 && a.st_ino == b.st_ino && a.st_dev == b.st_dev) {
      close(fd);
      errno = EPERM;
      return -1;
    }
  }
  return fd;
}

static int open_in(const char *dir, const char *file, int flags) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, file);
  return open(path, flags | O_CLOEXEC);
}

static void init_box(uint32_t len) {
  char *fields[8 + MAX_JOIN];
  int count = split_fields((char *)frame_buf, len, fields, 8 + MAX_JOIN);
  char message[512];
  if (count < 7) {
    send_text('F', "malformed init frame");
    _exit(101);
  }
  box.pid = (pid_t)atoi(fields[0]);
  box.uid = (uid_t)atoi(fields[1]);
  box.gid = (gid_t)atoi(fields[2]);
  box.cgroup_version = atoi(fields[3]);
  const char *memory_dir = fields[4], *cpu_dir = fields[5];
  if (box.uid == 0 || box.gid == 0) {
    send_text('F', "refusing to run programs as root");
    _exit(101);
  }
  const char *names[] = {"mnt", "uts", "ipc", "net"};
  int *fds[] = {&box.ns_mnt, &box.ns_uts, &box.ns_ipc, &box.ns_net};
  for (int i = 0; i < 4; i++) {
    *fds[i] = open_ns(box.pid, names[i], 1);
    if (*fds[i] < 0) {
      snprintf(message, sizeof message, "cannot use the %s namespace of the box (pid %d): %s", names[i], (int)box.pid, strerror(errno));
      send_text('F', message);
      _exit(101);
    }
  }
  box.ns_cgroup = open_ns(box.pid, "cgroup", 0);
  if (box.cgroup_version == 1) {
    box.cpu_fd = open_in(cpu_dir, "cpuacct.usage", O_RDONLY);
    box.oom_fd = open_in(memory_dir, "memory.oom_control", O_RDONLY);
  } else {
    box.cpu_fd = open_in(cpu_dir, "cpu.stat", O_RDONLY);
    box.oom_fd = open_in(memory_dir, "memory.events", O_RDONLY);
  }
  box.memstat_fd = open_in(memory_dir, "memory.stat", O_RDONLY);
  box.procs_fd = open_in(memory_dir, "cgroup.procs", O_RDONLY);
  char pid_ns[64];
  snprintf(pid_ns, sizeof pid_ns, "/proc/%d/ns/pid", (int)box.pid);
  struct stat ns_stat;
  box.box_pid_ns = stat(pid_ns, &ns_stat) == 0 ? ns_stat.st_ino : 0;
  if (box.cpu_fd < 0 || box.memstat_fd < 0 || box.oom_fd < 0) {
    snprintf(message, sizeof message, "cannot read the box's cgroup (%s, %s): %s", cpu_dir, memory_dir, strerror(errno));
    send_text('F', message);
    _exit(101);
  }
  for (int i = 6; i < count && box.joins < MAX_JOIN; i++) {
    int fd = open_in(fields[i], "cgroup.procs", O_WRONLY);
    if (fd < 0) {
      snprintf(message, sizeof message, "cannot join the cgroup %s: %s", fields[i], strerror(errno));
      send_text('F', message);
      _exit(101);
    }
    box.join_fds[box.joins++] = fd;
  }
  send_frame('Y', NULL, 0);
}

/* Reads a small cgroup file from its start; returns the bytes read (0 on failure). */
static ssize_t read_cgroup(int fd, char *buf, size_t size) {
  ssize_t n = pread(fd, buf, size - 1, 0);
  if (n < 0) n = 0;
  buf[n] = '\0';
  return n;
}

/* The value of `key N` in a flat-keyed cgroup file, or 0. */
static uint64_t keyed_value(const char *text, const char *key) {
  size_t key_len = strlen(key);
  for (const char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
    if (strncmp(line, key, key_len) == 0 && line[key_len] == ' ') return strtoull(line + key_len + 1, NULL, 10);
  }
  return 0;
}

static uint64_t cpu_usage_us(void) {
  char buf[4096];
  read_cgroup(box.cpu_fd, buf, sizeof buf);
  if (box.cgroup_version == 1) return strtoull(buf, NULL, 10) / 1000;
  return keyed_value(buf, "usage_usec");
}

/* Anonymous and tmpfs memory charged to the box now, in bytes. */
static uint64_t anon_bytes(void) {
  char buf[8192];
  read_cgroup(box.memstat_fd, buf, sizeof buf);
  if (box.cgroup_version == 1) return keyed_value(buf, "total_rss") + keyed_value(buf, "total_shmem");
  return keyed_value(buf, "anon") + keyed_value(buf, "shmem");
}

static uint64_t oom_kills(void) {
  char buf[1024];
  read_cgroup(box.oom_fd, buf, sizeof buf);
  return keyed_value(buf, "oom_kill");
}

/* v1 with the OOM killer off: a process of the box waits at the memory limit. */
static int under_oom(void) {
  if (box.cgroup_version != 1) return 0;
  char buf[1024];
  read_cgroup(box.oom_fd, buf, sizeof buf);
  return keyed_value(buf, "under_oom") > 0;
}

/*
 * The largest resident set (VmHWM) of the run's processes that are still alive: the memory figure
 * of a run the runner is about to stop, whose processes will never be reaped with their rusage.
 * The run's processes are those of the box's cgroup in a PID namespace other than the box's own.
 */
static uint64_t live_max_rss_kb(void) {
  char buf[8192];
  if (box.procs_fd < 0 || read_cgroup(box.procs_fd, buf, sizeof buf) <= 0) return 0;
  uint64_t peak = 0;
  for (char *line = buf; *line; ) {
    char *end = strchr(line, '\n');
    if (end) *end = '\0';
    int pid = atoi(line);
    char path[64];
    struct stat ns_stat;
    snprintf(path, sizeof path, "/proc/%d/ns/pid", pid);
    if (pid > 0 && stat(path, &ns_stat) == 0 && ns_stat.st_ino != box.box_pid_ns) {
      snprintf(path, sizeof path, "/proc/%d/status", pid);
      int fd = open(path, O_RDONLY | O_CLOEXEC);
      if (fd >= 0) {
        char status[4096];
        ssize_t n = read(fd, status, sizeof status - 1);
        close(fd);
        if (n > 0) {
          status[n] = '\0';
          char *hwm = strstr(status, "VmHWM:");
          if (hwm) {
            uint64_t kb = strtoull(hwm + 6, NULL, 10);
            if (kb > peak) peak = kb;
          }
        }
      }
    }
    if (!end) break;
    line = end + 1;
  }
  return peak;
}

static uint64_t now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* ------------------------------------------------------------------------------------------ */
/* Inside the box */

/* What the run's init tells the runner when the program has ended. */
struct run_report {
  int32_t setup_errno; /* non-zero: the run could not be set up (then `stage` says where) */
  int32_t stage;
  int32_t status;      /* the program's wait status */
  int32_t pad;
  uint64_t max_rss_kb; /* largest resident set of any process the init reaped */
  uint64_t ended_us;   /* CLOCK_MONOTONIC when the init reaped the program (not namespaced: comparable between boxes) */
};

enum { STAGE_NONE, STAGE_NAMESPACES, STAGE_WIPE, STAGE_PROC, STAGE_FORK, STAGE_CGROUP, STAGE_USER, STAGE_RESTRICT, STAGE_CWD, STAGE_EXEC, STAGE_SESSION, STAGE_COUNT };

/*
 * Empties a scratch folder, keeping the folder. Runs as root inside the box's mount namespace
 * before the run's program starts (nothing of the box runs meanwhile). It works on directory
 * descriptors, never on paths: a program can nest folders deeper than PATH_MAX, which no path
 * reaches (nftw failed on them, and the judge with it). One descriptor is open at a time: it goes
 * down into the first folder that is not empty, empties it, and comes back up through "..". It
 * never follows a link nor leaves the folder's file system; it stops at the first entry it cannot
 * remove (so it cannot loop on one).
 */
static int wipe(const char *dir) {
  int current = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  struct stat top;
  if (current < 0 || fstat(current, &top) != 0) return -1;
  unsigned long depth = 0;
  int failed = 0;
  while (!failed) {
    int listed = fcntl(current, F_DUPFD_CLOEXEC, 0);
    DIR *listing = listed < 0 ? NULL : fdopendir(listed);
    if (listing == NULL) {
      if (listed >= 0) close(listed);
      failed = 1;
      break;
    }
    char below[NAME_MAX + 1] = "";
    struct dirent *entry;
    while (!failed && (entry = readdir(listing)) != NULL) {
      const char *name = entry->d_name;
      if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) continue;
      struct stat entry_stat;
      if (fstatat(current, name, &entry_stat, AT_SYMLINK_NOFOLLOW) != 0) continue;
      if (!S_ISDIR(entry_stat.st_mode)) {
        if (unlinkat(current, name, 0) != 0 && errno != ENOENT) failed = 1;
      } else if (unlinkat(current, name, AT_REMOVEDIR) != 0 && below[0] == '\0') {
        /* not empty: emptied from inside, unless it is another file system (a mount: never entered) */
        if (entry_stat.st_dev != top.st_dev) failed = 1;
        else snprintf(below, sizeof below, "%s", name);
      }
    }
    closedir(listing);
    if (failed) break;
    int next;
    if (below[0] != '\0') {
      next = openat(current, below, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      depth++;
    } else if (depth > 0) {
      next = openat(current, "..", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      depth--;
    } else {
      break;
    }
    close(current);
    current = next;
    if (current < 0) return -1;
  }
  close(current);
  return failed ? -1 : 0;
}

/* Files and folders of /proc a program must not read or write (what Docker and bubblewrap cover). */
static const char *const PROC_READ_ONLY[] = {"/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus", "/proc/fs", NULL};
static const char *const PROC_HIDDEN[] = {"/proc/kcore", "/proc/keys", "/proc/timer_list", "/proc/sched_debug",
                                          "/proc/latency_stats", "/proc/acpi", "/proc/scsi", "/proc/asound",
                                          "/proc/kallsyms", "/proc/kmsg", "/proc/kpagecount", "/proc/kpageflags",
                                          "/proc/kpagecgroup", "/proc/pagetypeinfo", NULL};

static int mount_proc(void) {
  if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) != 0) return -1;
  for (const char *const *path = PROC_READ_ONLY; *path; path++) {
    if (mount(*path, *path, NULL, MS_BIND | MS_REC, NULL) != 0) continue; /* absent on this kernel */
    mount(NULL, *path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
  }
  for (const char *const *path = PROC_HIDDEN; *path; path++) {
    struct stat st;
    if (lstat(*path, &st) != 0) continue;
    if (S_ISDIR(st.st_mode)) mount("tmpfs", *path, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=0,mode=000");
    else mount("/dev/null", *path, NULL, MS_BIND, NULL);
  }
  return 0;
}

/*
 * The seccomp filter of every program: the kernel interfaces a judged program has no business with
 * and that widen what a hostile one can attack (new namespaces, keyrings, BPF, perf, userfaultfd,
 * io_uring, module and clock control, mounts, file handles), after the defaults of Docker's profile.
 */
#if defined(__x86_64__)
#define AUDIT_ARCH_HERE AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define AUDIT_ARCH_HERE AUDIT_ARCH_AARCH64
#else
#error "sonocode-runner: unsupported architecture"
#endif

#define NAMESPACE_FLAGS (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET)

static const int DENIED_EPERM[] = {
  SYS_unshare, SYS_setns, SYS_mount, SYS_umount2, SYS_pivot_root, SYS_chroot,
  SYS_keyctl, SYS_add_key, SYS_request_key, SYS_bpf, SYS_perf_event_open, SYS_userfaultfd,
  SYS_kexec_load, SYS_kexec_file_load, SYS_init_module, SYS_finit_module, SYS_delete_module,
  SYS_reboot, SYS_swapon, SYS_swapoff, SYS_acct, SYS_syslog, SYS_settimeofday, SYS_clock_settime,
  SYS_clock_adjtime, SYS_adjtimex, SYS_sethostname, SYS_setdomainname, SYS_quotactl,
  SYS_open_by_handle_at, SYS_name_to_handle_at, SYS_vhangup, SYS_fsopen, SYS_fsmount,
  SYS_fsconfig, SYS_fspick, SYS_move_mount, SYS_open_tree, SYS_mount_setattr,
#ifdef SYS_iopl
  SYS_iopl, SYS_ioperm,
#endif
#ifdef SYS_lookup_dcookie
  SYS_lookup_dcookie,
#endif
};
/* Answered "not implemented", so runtimes fall back: glibc from clone3 to clone, libuv from io_uring. */
static const int DENIED_ENOSYS[] = {SYS_clone3, SYS_io_uring_setup, SYS_io_uring_enter, SYS_io_uring_register};

static int install_seccomp(void) {
  struct sock_filter filter[128];
  unsigned n = 0;
#define STMT(code, k) (filter[n++] = (struct sock_filter)BPF_STMT(code, k))
#define JUMP(code, k, jt, jf) (filter[n++] = (struct sock_filter)BPF_JUMP(code, k, jt, jf))
  STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, arch));
  JUMP(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_HERE, 1, 0);
  STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
  STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, nr));
#if defined(__x86_64__)
  /* The x32 ABI: another numbering of the same calls, closed entirely. */
  JUMP(BPF_JMP | BPF_JGE | BPF_K, 0x40000000u, 0, 1);
  STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
#endif
  for (size_t i = 0; i < sizeof DENIED_EPERM / sizeof DENIED_EPERM[0]; i++) {
    JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)DENIED_EPERM[i], 0, 1);
    STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
  }
  for (size_t i = 0; i < sizeof DENIED_ENOSYS / sizeof DENIED_ENOSYS[0]; i++) {
    JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)DENIED_ENOSYS[i], 0, 1);
    STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | ENOSYS);
  }
  /* clone with a namespace flag: refused; threads and plain forks pass. */
  JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 0, 4);
  STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]));
  JUMP(BPF_JMP | BPF_JSET | BPF_K, NAMESPACE_FLAGS, 0, 1);
  STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
  STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  /* Typing into a terminal (TIOCSTI) or driving the console (TIOCLINUX): never, on any terminal. */
  JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_ioctl, 0, 5);
  STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[1]));
  JUMP(BPF_JMP | BPF_JEQ | BPF_K, TIOCSTI, 2, 0);
  JUMP(BPF_JMP | BPF_JEQ | BPF_K, TIOCLINUX, 1, 0);
  STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
  STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EPERM);
  /* vsock is not network-namespaced: on a VM it would reach the hypervisor's services. */
  JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_socket, 0, 3);
  STMT(BPF_LD | BPF_W | BPF_ABS, offsetof(struct seccomp_data, args[0]));
  JUMP(BPF_JMP | BPF_JEQ | BPF_K, AF_VSOCK, 0, 1);
  STMT(BPF_RET | BPF_K, SECCOMP_RET_ERRNO | EAFNOSUPPORT);
  STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
#undef STMT
#undef JUMP
  struct sock_fprog program = {.len = (unsigned short)n, .filter = filter};
  return prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &program);
}

struct run_spec {
  char *cwd, *stdin_path, *stdout_path, *stderr_path;
  uint64_t cpu_ms, wall_ms, output_bytes, file_size_bytes, stack_bytes, open_files;
  int wipe_first;
  int ignore_sigpipe;
  char **env, **argv;
};

static void set_limit(int resource, rlim_t value) {
  struct rlimit limit = {value, value};
  setrlimit(resource, &limit);
}

/* A step of setting up the run failed: says which (and errno) on `fd`, then ends the process. */
static void report_setup_failure(int fd, int stage) {
  struct run_report report = {.setup_errno = errno ? errno : EIO, .stage = stage};
  if (write(fd, &report, sizeof report) < 0) {}
  _exit(0);
}

/*
 * The program: after this it is the judged code. Never returns. A step that fails is reported on
 * `setup_fd` (closed by a successful exec), so that the judge says IE, not the program's RE.
 */
static void become_program(const struct run_spec *spec, int in, int out, int err, int setup_fd) {
  char zero[] = "0";
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  for (int sig = 1; sig < NSIG; sig++) signal(sig, SIG_DFL);
  /* An interactor writing to a submission that is gone gets EPIPE, not death: its verdict stands. */
  if (spec->ignore_sigpipe) signal(SIGPIPE, SIG_IGN);
  errno = 0;
  /* Its CPU time, memory and processes are the box's from here on; then the box's view of cgroups. */
  for (int i = 0; i < box.joins; i++) {
    if (write(box.join_fds[i], zero, 1) != 1) report_setup_failure(setup_fd, STAGE_CGROUP);
  }
  if (box.ns_cgroup >= 0 && setns(box.ns_cgroup, CLONE_NEWCGROUP) != 0) report_setup_failure(setup_fd, STAGE_CGROUP);
  /* Limits first, while raising one is still allowed. */
  set_limit(RLIMIT_FSIZE, spec->file_size_bytes);
  set_limit(RLIMIT_NOFILE, spec->open_files);
  set_limit(RLIMIT_STACK, spec->stack_bytes);
  set_limit(RLIMIT_CORE, 0);
  /* A backstop only: the runner stops the run at its CPU time limit, counting every process. */
  rlim_t cpu_seconds = spec->cpu_ms / 1000 + 2;
  struct rlimit cpu = {cpu_seconds, cpu_seconds + 1};
  setrlimit(RLIMIT_CPU, &cpu);
  umask(022);
  /* From root to the sandbox user: every capability goes with the change of uid. */
  if (setgroups(0, NULL) != 0 || setresgid(box.gid, box.gid, box.gid) != 0 || setresuid(box.uid, box.uid, box.uid) != 0) {
    report_setup_failure(setup_fd, STAGE_USER);
  }
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0 || install_seccomp() != 0) report_setup_failure(setup_fd, STAGE_RESTRICT);
  if (chdir(spec->cwd) != 0) report_setup_failure(setup_fd, STAGE_CWD);
  if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) report_setup_failure(setup_fd, STAGE_FORK);
  /* Nothing of the judge's is inherited: only stdin, stdout and stderr (and, until exec, setup_fd). */
  if (setup_fd != 3) {
    if (dup2(setup_fd, 3) < 0) _exit(126);
    setup_fd = 3;
  }
  fcntl(setup_fd, F_SETFD, FD_CLOEXEC);
  syscall(SYS_close_range, 4, ~0U, 0);
  execve(spec->argv[0], spec->argv, spec->env);
  report_setup_failure(setup_fd, STAGE_EXEC);
}

/* The run's PID 1: starts the program and reaps every process until the program has ended. */
static void run_init(const struct run_spec *spec, int in, int out, int err, int report_fd) {
  prctl(PR_SET_DUMPABLE, 0);
  prctl(PR_SET_NAME, "sonocode-init");
  /*
   * The init wakes the moment its program ends (real-time priority: no busy program delays it), so
   * that when the program ended is read to within microseconds: two runs that talk (an interactive
   * problem) are ordered by it, and an interactor that ends on the program's end-of-file is a few
   * microseconds behind. The program gets the normal policy back (SCHED_RESET_ON_FORK). Best effort:
   * where real-time scheduling is not allowed, the init keeps the normal one.
   */
  struct sched_param realtime = {.sched_priority = 1};
  sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, &realtime);
  if (mount_proc() != 0) report_setup_failure(report_fd, STAGE_PROC);
  int setup[2];
  if (pipe2(setup, O_CLOEXEC) != 0) report_setup_failure(report_fd, STAGE_FORK);
  pid_t program = fork();
  if (program < 0) report_setup_failure(report_fd, STAGE_FORK);
  if (program == 0) {
    close(report_fd);
    close(setup[0]);
    become_program(spec, in, out, err, setup[1]);
  }
  close(setup[1]);
  close(in);
  close(out);
  close(err);
  struct run_report report = {0};
  /* The program either execs (the pipe closes empty) or says which step failed. */
  ssize_t got = read(setup[0], &report, sizeof report);
  close(setup[0]);
  if (got == (ssize_t)sizeof report && report.setup_errno != 0) {
    kill(program, SIGKILL);
    if (write(report_fd, &report, sizeof report) < 0) {}
    _exit(0);
  }
  memset(&report, 0, sizeof report);
  for (;;) {
    int status;
    struct rusage usage;
    pid_t done = wait4(-1, &status, 0, &usage);
    if (done < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if ((uint64_t)usage.ru_maxrss > report.max_rss_kb) report.max_rss_kb = (uint64_t)usage.ru_maxrss;
    if (done == program) {
      report.ended_us = now_us();
      report.status = status;
      break;
    }
  }
  /* Whatever the program left running dies with this init (the kernel ends the namespace). */
  if (write(report_fd, &report, sizeof report) < 0) {}
  _exit(0);
}

/*
 * The keeper of one run, a child of the runner: enters the box, makes the run's namespaces, starts
 * its init and waits for it. SIGUSR1 from the runner kills the run (the init's children die with it).
 */
static void run_keeper(const struct run_spec *spec, int in, int out, int err, int report_fd, pid_t runner) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != runner) _exit(1);
  errno = 0;
  /*
   * A session of its own, without a controlling terminal: the judge may run in one (a user's
   * shell), and a program that opened /dev/tty could write to it or, with TIOCSTI, type commands
   * into it. Nothing of the run inherits the judge's terminal.
   */
  if (setsid() < 0) report_setup_failure(report_fd, STAGE_SESSION);
  if (setns(box.ns_mnt, CLONE_NEWNS) != 0 || setns(box.ns_uts, CLONE_NEWUTS) != 0 || setns(box.ns_ipc, CLONE_NEWIPC) != 0 ||
      setns(box.ns_net, CLONE_NEWNET) != 0 || (box.ns_cgroup >= 0 && setns(box.ns_cgroup, CLONE_NEWCGROUP) != 0)) {
    report_setup_failure(report_fd, STAGE_NAMESPACES);
  }
  if (spec->wipe_first && (wipe("/box") != 0 || wipe("/tmp") != 0)) report_setup_failure(report_fd, STAGE_WIPE);
  if (unshare(CLONE_NEWPID | CLONE_NEWNS) != 0 || mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0) {
    report_setup_failure(report_fd, STAGE_NAMESPACES);
  }
  sigset_t watched;
  sigemptyset(&watched);
  sigaddset(&watched, SIGCHLD);
  sigaddset(&watched, SIGUSR1);
  sigprocmask(SIG_BLOCK, &watched, NULL);
  pid_t init = fork();
  if (init < 0) report_setup_failure(report_fd, STAGE_FORK);
  if (init == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    run_init(spec, in, out, err, report_fd);
  }
  close(in);
  close(out);
  close(err);
  for (;;) {
    siginfo_t info;
    if (sigwaitinfo(&watched, &info) < 0) continue;
    if (info.si_signo == SIGUSR1) kill(init, SIGKILL);
    int status;
    /*
     * The init is reaped only once every process of its namespace is gone: the run is over. The
     * keeper says so by closing its end of the report pipe (the init's went with it), before it
     * exits: ending the run's mount namespace waits for an RCU grace period, which the runner and
     * the judge need not wait for.
     */
    if (waitpid(init, &status, WNOHANG) == init) {
      close(report_fd);
      _exit(0);
    }
  }
}

/* ------------------------------------------------------------------------------------------ */
/* The runner */

/*
 * A pipe (FIFO) is how two runs talk (an interactive problem: the submission and the interactor,
 * each in its own box). Both ends are opened before the program starts, in an order that cannot
 * deadlock: every run opens its reading end first, which never waits; then its writing end, which
 * waits for a reader (every reader is opened first, so it comes); then it waits for a writer on its
 * reading end (every writer is opened before anyone waits for one), since a program reading a pipe
 * no writer has opened yet would see end-of-file. Each wait lasts at most `wait_ms`.
 *
 * Whoever opens an end leaves a mark beside the pipe (`<fifo>.reader-opened`, `<fifo>.writer-opened`;
 * src/sandbox/pipes.ts keeps the same): a writer that finds no reader but the reader's mark knows
 * the reader came and went (a program that ended at once), and opens at once, its writes failing
 * with EPIPE as they would a moment later; a reader waits for the writer's mark.
 */
static int is_fifo(const char *path) {
  struct stat st;
  return *path && stat(path, &st) == 0 && S_ISFIFO(st.st_mode);
}

static int blocking(int fd) {
  if (fd >= 0) fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
  return fd;
}

static int end_mark(const char *fifo, const char *end, char *mark, size_t size) {
  return (size_t)snprintf(mark, size, "%s.%s-opened", fifo, end) < size;
}

static void mark_end_opened(const char *fifo, const char *end) {
  char mark[4096];
  if (!end_mark(fifo, end, mark, sizeof mark)) return;
  int fd = open(mark, O_WRONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd >= 0) close(fd);
}

static int end_was_opened(const char *fifo, const char *end) {
  char mark[4096];
  struct stat st;
  return end_mark(fifo, end, mark, sizeof mark) && stat(mark, &st) == 0;
}

static int open_fifo_for_writing(const char *path, uint64_t wait_ms) {
  uint64_t deadline = now_us() + wait_ms * 1000;
  for (;;) {
    int fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
    int no_reader = fd < 0 && errno == ENXIO, failure = errno;
    if (no_reader && end_was_opened(path, "reader")) {
      /* the reader came and went: a writing end with no reader, opened while one of our own reads */
      int keeper = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
      fd = open(path, O_WRONLY | O_NONBLOCK | O_CLOEXEC);
      failure = errno;
      if (keeper >= 0) close(keeper);
    }
    if (fd >= 0) {
      mark_end_opened(path, "writer");
      return blocking(fd);
    }
    errno = failure;
    if (!no_reader || now_us() > deadline) return -1;
    usleep(500); /* nobody reads it yet */
  }
}

static int open_fifo_for_reading(const char *path) {
  int fd = blocking(open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC));
  if (fd >= 0) mark_end_opened(path, "reader");
  return fd;
}

/* Waits until a writer has opened the pipe (at most `wait_ms`; after that the program may see end-of-file). */
static void wait_for_writer(const char *path, uint64_t wait_ms) {
  uint64_t deadline = now_us() + wait_ms * 1000;
  while (!end_was_opened(path, "writer") && now_us() <= deadline) usleep(500);
}

static int open_input(const char *path) {
  if (is_fifo(path)) return open_fifo_for_reading(path);
  int fd = open(*path ? path : "/dev/null", O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return -1;
  struct stat st;
  if (fstat(fd, &st) != 0) return -1;
  /* A file the sandbox user could open for writing through /proc/self/fd/0 is copied first. */
  int writable = (st.st_mode & S_IWOTH) || (st.st_uid == box.uid && (st.st_mode & S_IWUSR)) || (st.st_gid == box.gid && (st.st_mode & S_IWGRP));
  if (!S_ISREG(st.st_mode) || !writable) return fd;
  int copy = open("/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0400);
  if (copy < 0) return -1;
  char buf[65536];
  ssize_t n;
  while ((n = read(fd, buf, sizeof buf)) > 0) write_all(copy, buf, (size_t)n);
  close(fd);
  lseek(copy, 0, SEEK_SET);
  return copy;
}

/* An output file of the program: its own (as `prog > out` would make it), written only through the fd. */
static int open_output(const char *path, uint64_t wait_ms) {
  if (is_fifo(path)) return open_fifo_for_writing(path, wait_ms);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY, 0600);
  if (fd < 0) return -1;
  if (fchown(fd, box.uid, box.gid) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

static int parse_run(uint32_t len, struct run_spec *spec, char **strings, int max) {
  int count = split_fields((char *)frame_buf, len, strings, max);
  if (count < 13) return -1;
  spec->cwd = strings[0];
  spec->stdin_path = strings[1];
  spec->stdout_path = strings[2];
  spec->stderr_path = strings[3];
  spec->cpu_ms = strtoull(strings[4], NULL, 10);
  spec->wall_ms = strtoull(strings[5], NULL, 10);
  spec->output_bytes = strtoull(strings[6], NULL, 10);
  spec->file_size_bytes = strtoull(strings[7], NULL, 10);
  spec->stack_bytes = strtoull(strings[8], NULL, 10);
  spec->open_files = strtoull(strings[9], NULL, 10);
  spec->wipe_first = strchr(strings[10], 'w') != NULL;
  spec->ignore_sigpipe = strchr(strings[10], 'p') != NULL;
  int i = 11;
  spec->env = &strings[i];
  while (i < count && strings[i][0] != '\0') i++;
  if (i >= count) return -1;
  strings[i++] = NULL; /* ends env */
  spec->argv = &strings[i];
  if (i >= count) return -1;
  strings[count] = NULL;
  return 0;
}

static const char *const STAGE_NAMES[STAGE_COUNT] = {"", "enter the sandbox's namespaces", "empty the scratch folders", "mount /proc", "start a process",
                                                      "join the sandbox's cgroup", "become the sandbox user", "restrict the program",
                                                      "enter the working folder", "execute", "leave the judge's terminal session"};
enum stop_reason { STOP_NONE, STOP_CPU, STOP_WALL, STOP_MEMORY, STOP_OUTPUT, STOP_KILLED };
static const char *const STOP_NAMES[] = {"none", "cpu", "wall", "memory", "output", "killed"};

static void run_program(uint32_t len, int sigfd) {
  static char *strings[8192];
  struct run_spec spec;
  char message[512];
  if (parse_run(len, &spec, strings, 8190) != 0) {
    send_text('F', "malformed run frame");
    return;
  }
  int in = open_input(spec.stdin_path);
  if (in < 0) {
    snprintf(message, sizeof message, "cannot open the input %s: %s", spec.stdin_path, strerror(errno));
    send_text('F', message);
    return;
  }
  int out = open_output(spec.stdout_path, spec.wall_ms), err = out < 0 ? -1 : open_output(spec.stderr_path, spec.wall_ms);
  if (out < 0 || err < 0) {
    snprintf(message, sizeof message, "cannot create the output files %s, %s: %s", spec.stdout_path, spec.stderr_path, strerror(errno));
    send_text('F', message);
    close(in);
    if (out >= 0) close(out);
    return;
  }
  if (is_fifo(spec.stdin_path)) wait_for_writer(spec.stdin_path, spec.wall_ms);
  /*
   * Output into a pipe (an interactor talking to a submission) is not the runner's to watch, and
   * the runner must not hold its writing end: the reader sees end-of-file only once every writer
   * has closed it, and an interactor that closes its output to say "no more" must be heard.
   */
  int out_is_pipe = is_fifo(spec.stdout_path);
  int report_pipe[2];
  if (pipe2(report_pipe, O_CLOEXEC) != 0) fatal("pipe");

  uint64_t cpu_start = cpu_usage_us(), oom_start = oom_kills(), anon_start = anon_bytes(), anon_peak = anon_start;
  uint64_t started = now_us();
  pid_t runner = getpid();
  pid_t keeper = fork();
  if (keeper < 0) {
    snprintf(message, sizeof message, "cannot start a run: %s", strerror(errno));
    send_text('F', message);
    close(in), close(out), close(err), close(report_pipe[0]), close(report_pipe[1]);
    return;
  }
  if (keeper == 0) {
    close(report_pipe[0]);
    close(sigfd);
    run_keeper(&spec, in, out, err, report_pipe[1], runner);
  }
  /*
   * Input from a pipe (a submission talking to an interactor): the runner keeps a reading end, never
   * read, only to see the moment its last writer closes it — the other program ended, or closed its
   * output. Who ended first is told by that moment: an interactor that ends on its input's
   * end-of-file ended after the program that wrote to it, however long that program's own exit and
   * reaping take (a box's CPU quota can hold them back). Closed as soon as this run's keeper is gone,
   * so that the writer then meets a broken pipe.
   */
  int input_watch = -1;
  if (is_fifo(spec.stdin_path)) input_watch = in;
  else close(in);
  uint64_t input_closed_us = 0;
  close(err);
  close(report_pipe[1]);
  if (out_is_pipe) {
    close(out);
    out = -1;
  }

  /*
   * Watch until the run is over — the report pipe's end-of-file: the init has been reaped, so every
   * process of the run is gone, and the keeper has closed its end (or the keeper is gone): limits, a
   * stop from the judge, the report. The keeper itself is reaped whenever its exit is done.
   */
  enum stop_reason stopped = STOP_NONE;
  uint64_t stopped_rss_kb = 0;
  uint64_t stopped_us = 0; /* when the runner decided to stop the run: the program ends by its kill, then */
  struct run_report report;
  size_t report_got = 0;
  int keeper_done = 0, report_open = 1, judge_open = 1;
  struct stat out_stat;
  while (!keeper_done && report_open) {
    /* events 0: only the hang-up is reported (the data is the program's, never read here) */
    struct pollfd fds[4] = {{sigfd, POLLIN, 0}, {report_open ? report_pipe[0] : -1, POLLIN, 0}, {judge_open ? 0 : -1, POLLIN, 0}, {input_watch, 0, 0}};
    int ready = poll(fds, 4, WATCH_INTERVAL_MS);
    if (ready < 0 && errno != EINTR) fatal("poll");
    if (fds[3].revents & (POLLHUP | POLLERR)) {
      input_closed_us = now_us();
      close(input_watch);
      input_watch = -1;
    }
    if (fds[1].revents) {
      ssize_t n = read(report_pipe[0], (char *)&report + report_got, sizeof report - report_got);
      if (n > 0) report_got += (size_t)n;
      else if (n == 0) report_open = 0;
    }
    if (fds[2].revents) {
      char type;
      uint32_t frame_len;
      if (!read_frame(&type, &frame_len)) judge_open = 0, stopped = stopped ? stopped : STOP_KILLED;
      else if (type == 'K' && !stopped) stopped = STOP_KILLED;
    }
    if (fds[0].revents) {
      struct signalfd_siginfo info;
      while (read(sigfd, &info, sizeof info) > 0) {}
      int status;
      pid_t done;
      while ((done = waitpid(-1, &status, WNOHANG)) > 0) {
        if (done == keeper) keeper_done = 1;
        if (done == bwrap_pid) bwrap_pid = -1; /* the box died; its pid is not ours to signal any more */
      }
    }
    uint64_t anon = anon_bytes();
    if (anon > anon_peak) anon_peak = anon;
    if (!stopped) {
      uint64_t elapsed_us = now_us() - started;
      if (cpu_usage_us() - cpu_start > spec.cpu_ms * 1000) stopped = STOP_CPU;
      else if (elapsed_us > spec.wall_ms * 1000) stopped = STOP_WALL;
      else if (under_oom()) stopped = STOP_MEMORY;
      else if (out >= 0 && fstat(out, &out_stat) == 0 && (uint64_t)out_stat.st_size > spec.output_bytes) stopped = STOP_OUTPUT;
      if (stopped) stopped_rss_kb = live_max_rss_kb();
    }
    if (stopped && stopped_us == 0) stopped_us = now_us();
    if (stopped && !keeper_done && report_open) kill(keeper, SIGUSR1);
  }
  uint64_t wall_us = now_us() - started;
  if (input_watch >= 0) close(input_watch);
  /* The run is over, every process of it gone: the counters are final. */
  while (report_open && report_got < sizeof report) {
    ssize_t n = read(report_pipe[0], (char *)&report + report_got, sizeof report - report_got);
    if (n <= 0) break;
    report_got += (size_t)n;
  }
  close(report_pipe[0]);
  uint64_t cpu_us = cpu_usage_us() - cpu_start;
  uint64_t oom = oom_kills() - oom_start;
  out_stat.st_size = 0;
  if (out >= 0) {
    fstat(out, &out_stat);
    close(out);
  }
  if (report_got == sizeof report && report.setup_errno != 0) {
    int stage = report.stage > 0 && report.stage < STAGE_COUNT ? report.stage : STAGE_FORK;
    if (stage == STAGE_EXEC) snprintf(message, sizeof message, "cannot execute %s: %s", spec.argv[0], strerror(report.setup_errno));
    else if (stage == STAGE_CWD) snprintf(message, sizeof message, "cannot enter %s: %s", spec.cwd, strerror(report.setup_errno));
    else snprintf(message, sizeof message, "could not %s for the run: %s", STAGE_NAMES[stage], strerror(report.setup_errno));
    send_text('F', message);
    return;
  }
  int have_status = report_got == sizeof report;
  /*
   * A run the runner stopped (a limit, the judge) ended when it was stopped: whatever ends after
   * its death (an interactor reading end-of-file from it) ended after it, however long the kill
   * and the reaping took.
   */
  uint64_t ended_us = have_status ? report.ended_us : stopped_us ? stopped_us : started + wall_us;
  int n = snprintf(message, sizeof message,
                   "stopped=%s\nstatus=%d\nhas_status=%d\ncpu_us=%llu\nwall_us=%llu\nmax_rss_kb=%llu\nanon_peak_kb=%llu\noom_kills=%llu\nstdout_bytes=%llu\n"
                   "ended_us=%llu\ninput_closed_us=%llu\n",
                   STOP_NAMES[stopped], have_status ? report.status : 0, have_status, (unsigned long long)cpu_us,
                   (unsigned long long)wall_us, (unsigned long long)(have_status ? report.max_rss_kb : stopped_rss_kb),
                   (unsigned long long)((anon_peak > anon_start ? anon_peak - anon_start : 0) / 1024), (unsigned long long)oom,
                   (unsigned long long)out_stat.st_size, (unsigned long long)ended_us, (unsigned long long)input_closed_us);
  send_frame('D', message, (uint32_t)n);
  if (!judge_open) {
    end_box();
    _exit(0);
  }
}

/*
 * IPC objects outlive their processes: memory no run is charged for, and state a later run could
 * read. In the box's IPC namespace, shared memory goes with its last process and message queues,
 * semaphore sets and POSIX queues cannot be made. (These sysctls belong to the IPC namespace of
 * the process that writes them.)
 */
static const char *const IPC_SYSCTLS[][2] = {
  {"/proc/sys/kernel/shm_rmid_forced", "1"},
  {"/proc/sys/kernel/msgmni", "0"},
  {"/proc/sys/kernel/sem", "0 0 0 0"},
  {"/proc/sys/fs/mqueue/queues_max", "0"},
};

/* Waits for a helper child (pid -1: fork failed) and replies D with its wait status. */
static void reply_child_status(pid_t child) {
  int status = -1;
  if (child > 0) {
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {}
  }
  char message[64];
  int n = snprintf(message, sizeof message, "status=%d\n", status);
  send_frame('D', message, (uint32_t)n);
}

/*
 * Forks one of the runner's helpers (placing files, sealing, renewing the scratch folders...): the
 * child dies with the runner and does not hold its signal descriptor. Returns fork's value.
 */
static pid_t fork_helper(int sigfd) {
  pid_t child = fork();
  if (child == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    close(sigfd);
  }
  return child;
}

/* The next NUL-terminated field at *cursor (before end), or NULL when there is none. */
static char *next_field(char **cursor, char *end) {
  char *field = *cursor;
  char *nul = field < end ? memchr(field, '\0', (size_t)(end - field)) : NULL;
  if (!nul) return NULL;
  *cursor = nul + 1;
  return field;
}

/* Opens (making it when missing, 0755) the folder `name` under `dir`, never through a link; -1 with errno. */
static int enter_folder(int dir, const char *name) {
  int next = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (next < 0 && errno == ENOENT) {
    if (mkdirat(dir, name, 0755) != 0 && errno != EEXIST) return -1;
    next = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  }
  return next;
}

/* Closes fd and returns error (an errno), for the error paths of place_file. */
static int closed_with(int fd, int error) {
  close(fd);
  return error;
}

static int bad_component(const char *name) { return !*name || strcmp(name, ".") == 0 || strcmp(name, "..") == 0; }

/* Writes one file of a 'W' frame under `top`; 0, or an errno. */
static int place_file(int top, char *path, mode_t mode, const char *data, size_t size) {
  int dir = fcntl(top, F_DUPFD_CLOEXEC, 0);
  if (dir < 0) return errno;
  char *name = path;
  for (char *slash; (slash = strchr(name, '/')) != NULL; name = slash + 1) {
    *slash = '\0';
    if (bad_component(name)) return closed_with(dir, EINVAL);
    int next = enter_folder(dir, name);
    if (next < 0) return closed_with(dir, errno);
    close(dir);
    dir = next;
  }
  if (bad_component(name)) return closed_with(dir, EINVAL);
  /* What is there goes first (as tar -x does): a link the program planted is replaced, never followed. */
  if (unlinkat(dir, name, 0) != 0 && errno != ENOENT) return closed_with(dir, errno);
  int fd = openat(dir, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0) return closed_with(dir, errno);
  close(dir);
  while (size > 0) {
    ssize_t n = write(fd, data, size);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return closed_with(fd, errno);
    data += n;
    size -= (size_t)n;
  }
  /* the mode asked for, whatever the umask */
  if (fchmod(fd, mode) != 0) return closed_with(fd, errno);
  return close(fd) == 0 ? 0 : errno;
}

/*
 * Places files in a folder of the box ('W'): as the sandbox user, inside the box's mount namespace,
 * folders on a path made (0755), no link followed, no "" / "." / ".." component. The payload:
 * dir \0 count \0, then for each file path \0 mode (octal) \0 size \0, then every file's bytes in
 * that order. Answers D status=<wait status>: exit code 0, or the errno that stopped it.
 */
static void write_files(uint32_t len, int sigfd) {
  pid_t child = fork_helper(sigfd);
  if (child == 0) {
    char *cursor = (char *)frame_buf, *end = (char *)frame_buf + len;
    char *dir = next_field(&cursor, end), *count_text = next_field(&cursor, end);
    if (!dir || !count_text) _exit(EPROTO);
    long count = strtol(count_text, NULL, 10);
    if (count < 0 || count > 4096) _exit(EPROTO);
    static char *paths[4096];
    static mode_t modes[4096];
    static size_t sizes[4096];
    size_t total = 0;
    for (long i = 0; i < count; i++) {
      char *path = next_field(&cursor, end), *mode = next_field(&cursor, end), *size = next_field(&cursor, end);
      if (!path || !mode || !size) _exit(EPROTO);
      paths[i] = path;
      modes[i] = (mode_t)strtol(mode, NULL, 8) & 0777;
      sizes[i] = (size_t)strtoull(size, NULL, 10);
      total += sizes[i];
    }
    if (total != (size_t)(end - cursor)) _exit(EPROTO);
    if (setns(box.ns_mnt, CLONE_NEWNS) != 0) _exit(errno);
    if (setgroups(0, NULL) != 0 || setresgid(box.gid, box.gid, box.gid) != 0 || setresuid(box.uid, box.uid, box.uid) != 0) _exit(EPERM);
    int top = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (top < 0) _exit(errno);
    for (long i = 0; i < count; i++) {
      int failed = place_file(top, paths[i], modes[i], cursor, sizes[i]);
      if (failed) _exit(failed & 0xff);
      cursor += sizes[i];
    }
    _exit(0);
  }
  reply_child_status(child);
}

/*
 * Gives the runs of the box a new network namespace (loopback only, up, as bubblewrap makes it),
 * for the next submission in a box made by the runner: sockets a program left in TIME_WAIT, the
 * loopback's counters and the rest of a namespace's state stay in the old one, which no run
 * enters again (the box's holder keeps it until the box ends). 0, or -1.
 */
static int fresh_network(void) {
  int ready[2];
  if (pipe2(ready, O_CLOEXEC) != 0) return -1;
  pid_t runner = getpid();
  pid_t child = fork();
  if (child < 0) return -1;
  if (child == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != runner) _exit(1); /* the runner died before: nobody would end this one */
    close(ready[0]);
    if (unshare(CLONE_NEWNET) != 0) _exit(1);
    int probe = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    struct ifreq loopback;
    memset(&loopback, 0, sizeof loopback);
    snprintf(loopback.ifr_name, sizeof loopback.ifr_name, "lo");
    if (probe < 0 || ioctl(probe, SIOCGIFFLAGS, &loopback) != 0) _exit(1);
    loopback.ifr_flags |= IFF_UP;
    if (ioctl(probe, SIOCSIFFLAGS, &loopback) != 0) _exit(1);
    if (write(ready[1], "y", 1) != 1) _exit(1);
    pause(); /* until the runner has opened the namespace */
    _exit(0);
  }
  close(ready[1]);
  char said = 0;
  ssize_t got;
  while ((got = read(ready[0], &said, 1)) < 0 && errno == EINTR) {}
  close(ready[0]);
  int ns = -1;
  if (got == 1) ns = open_ns(child, "net", 1);
  kill(child, SIGKILL);
  while (waitpid(child, NULL, 0) < 0 && errno == EINTR) {}
  if (ns < 0) return -1;
  close(box.ns_net);
  box.ns_net = ns;
  return 0;
}

/*
 * Makes the box as new for the next submission ('C'), in a box made by the runner: each scratch
 * folder's tmpfs is unmounted and a new empty one mounted in its place (nosuid, nodev), so that
 * nothing of the last submission is left in them, not even what a wipe keeps (the folder's own
 * mode, owner, extended attributes), as root inside the box's mount namespace; and later runs get
 * a new network namespace (fresh_network). The payload: (dir \0 size-bytes \0 mode-octal \0)...
 * Answers D status=<wait status>.
 */
static void fresh_scratch(uint32_t len, int sigfd) {
  pid_t child = fork_helper(sigfd);
  if (child == 0) {
    char *fields[3 * 8];
    int count = split_fields((char *)frame_buf, len, fields, 3 * 8);
    if (count == 0 || count % 3 != 0) _exit(120);
    if (setns(box.ns_mnt, CLONE_NEWNS) != 0) _exit(121);
    for (int i = 0; i < count; i += 3) {
      char options[96];
      snprintf(options, sizeof options, "size=%s,mode=%s", fields[i + 1], fields[i + 2]);
      if (umount2(fields[i], MNT_DETACH) != 0) _exit(122);
      if (mount("tmpfs", fields[i], "tmpfs", MS_NOSUID | MS_NODEV, options) != 0) _exit(123);
    }
    _exit(0);
  }
  int status = -1;
  while (child > 0 && waitpid(child, &status, 0) < 0 && errno == EINTR) {}
  /* 0x7f00: as a helper that exited with 127 (failed) would say */
  if (status == 0 && fresh_network() != 0) status = 0x7f00;
  char message[64];
  int n = snprintf(message, sizeof message, "status=%d\n", status);
  send_frame('D', message, (uint32_t)n);
}

/* Makes folders of a new box the sandbox user's, and closes its IPC, as root inside the box. */
static void prepare_box(uint32_t len, int sigfd) {
  char *dirs[16];
  int count = split_fields((char *)frame_buf, len, dirs, 16);
  pid_t child = fork_helper(sigfd);
  if (child == 0) {
    if (setns(box.ns_ipc, CLONE_NEWIPC) != 0) _exit(120);
    for (size_t i = 0; i < sizeof IPC_SYSCTLS / sizeof IPC_SYSCTLS[0]; i++) {
      int fd = open(IPC_SYSCTLS[i][0], O_WRONLY | O_CLOEXEC);
      if (fd < 0 || write(fd, IPC_SYSCTLS[i][1], strlen(IPC_SYSCTLS[i][1])) < 0) _exit(121);
      close(fd);
    }
    if (setns(box.ns_mnt, CLONE_NEWNS) != 0) _exit(122);
    for (int i = 0; i < count; i++) {
      if (chown(dirs[i], box.uid, box.gid) != 0 || chmod(dirs[i], 0755) != 0) _exit(123);
    }
    _exit(0);
  }
  reply_child_status(child);
}

/* Deeper folders than this are not copied nor gathered: no compile makes them. */
#define TREE_DEPTH_MAX 64

/* Copies one open regular file to another; 0, or an errno. */
static int copy_file(int from, int to) {
  static char buffer[1 << 16];
  for (;;) {
    ssize_t n = read(from, buffer, sizeof buffer);
    if (n == 0) return 0;
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    for (ssize_t done = 0; done < n;) {
      ssize_t written = write(to, buffer + done, (size_t)(n - done));
      if (written < 0) {
        if (errno == EINTR) continue;
        return errno;
      }
      done += written;
    }
  }
}

/*
 * Copies the folder `from` into the folder `to` (open descriptors), never following a link:
 * folders, regular files (their permission bits, never a set-id bit), links as links; anything
 * else (a pipe, a socket) is left out. 0, or an errno.
 */
static int copy_tree(int from, int to, int depth) {
  if (depth > TREE_DEPTH_MAX) return ELOOP;
  int listed = fcntl(from, F_DUPFD_CLOEXEC, 0);
  DIR *listing = listed < 0 ? NULL : fdopendir(listed);
  if (!listing) return listed < 0 ? errno : (close(listed), ENOMEM);
  int failed = 0;
  struct dirent *entry;
  while (!failed && (entry = readdir(listing)) != NULL) {
    const char *name = entry->d_name;
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) continue;
    struct stat st;
    if (fstatat(from, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      failed = errno;
    } else if (S_ISDIR(st.st_mode)) {
      if (mkdirat(to, name, st.st_mode & 0777) != 0) {
        failed = errno;
        break;
      }
      int below_from = openat(from, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      int below_to = openat(to, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      failed = below_from < 0 || below_to < 0 ? errno : copy_tree(below_from, below_to, depth + 1);
      if (below_from >= 0) close(below_from);
      if (below_to >= 0) close(below_to);
    } else if (S_ISREG(st.st_mode)) {
      int source = openat(from, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
      int target = source < 0 ? -1 : openat(to, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, st.st_mode & 0777);
      failed = source < 0 || target < 0 ? errno : copy_file(source, target);
      if (!failed && fchmod(target, st.st_mode & 0777) != 0) failed = errno;
      if (source >= 0) close(source);
      if (target >= 0) close(target);
    } else if (S_ISLNK(st.st_mode)) {
      char link[PATH_MAX];
      ssize_t n = readlinkat(from, name, link, sizeof link - 1);
      if (n < 0) failed = errno;
      else {
        link[n] = '\0';
        if (symlinkat(link, to, name) != 0) failed = errno;
      }
    }
  }
  closedir(listing);
  return failed;
}

/*
 * Copies the compiled program to the sealed folder ('S'), as root inside the box, never following a
 * link (as `cp -R --no-dereference` would, without starting it). Answers D status=<wait status>:
 * exit code 0, or the errno that stopped it.
 */
static void seal(uint32_t len, int sigfd) {
  char *fields[2];
  if (split_fields((char *)frame_buf, len, fields, 2) != 2) {
    send_text('F', "malformed seal frame");
    return;
  }
  pid_t child = fork_helper(sigfd);
  if (child == 0) {
    if (setns(box.ns_mnt, CLONE_NEWNS) != 0) _exit(errno & 0xff);
    int from = open(fields[0], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    int to = open(fields[1], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (from < 0 || to < 0) _exit(errno & 0xff);
    _exit(copy_tree(from, to, 0) & 0xff);
  }
  reply_child_status(child);
}

/*
 * Writes the regular files under the folder `dir` (open) to `out`, as records `path \0 mode \0
 * size \0` then the bytes, paths relative to the top, modes without set-id bits; links are not
 * followed (nor written). 0, or an errno (E2BIG: more than *budget bytes of records, headers
 * included).
 */
static int pack_tree(int dir, char *path, size_t path_length, int out, uint64_t *budget, int depth) {
  if (depth > TREE_DEPTH_MAX) return ELOOP;
  int listed = fcntl(dir, F_DUPFD_CLOEXEC, 0);
  DIR *listing = listed < 0 ? NULL : fdopendir(listed);
  if (!listing) return listed < 0 ? errno : (close(listed), ENOMEM);
  int failed = 0;
  struct dirent *entry;
  while (!failed && (entry = readdir(listing)) != NULL) {
    const char *name = entry->d_name;
    if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0) continue;
    size_t name_length = strlen(name);
    if (path_length + name_length + 2 >= PATH_MAX) {
      failed = ENAMETOOLONG;
      break;
    }
    size_t length = path_length;
    if (length > 0) path[length++] = '/';
    memcpy(path + length, name, name_length + 1);
    length += name_length;
    struct stat st;
    if (fstatat(dir, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
      failed = errno;
    } else if (S_ISDIR(st.st_mode)) {
      int below = openat(dir, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      failed = below < 0 ? errno : pack_tree(below, path, length, out, budget, depth + 1);
      if (below >= 0) close(below);
    } else if (S_ISREG(st.st_mode)) {
      int file = openat(dir, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
      struct stat opened;
      if (file < 0 || fstat(file, &opened) != 0) failed = errno;
      else {
        char header[PATH_MAX + 64];
        int n = snprintf(header, sizeof header, "%s%c%o%c%lld%c", path, '\0', (unsigned)(opened.st_mode & 0777), '\0', (long long)opened.st_size, '\0');
        /* the records' headers count too: many files of long names are as much as one big file */
        uint64_t record = (uint64_t)n + (uint64_t)opened.st_size;
        if (record > *budget) failed = E2BIG;
        else {
          *budget -= record;
          failed = write(out, header, (size_t)n) == n ? copy_file(file, out) : errno;
        }
      }
      if (file >= 0) close(file);
    }
    path[path_length] = '\0';
  }
  closedir(listing);
  return failed;
}

/*
 * Gathers the regular files of a folder of the box ('G') into a new file on the host, as the
 * sandbox user inside the box (what a compile left, for the compile cache), without starting a
 * run: dir \0 host-path \0 max-bytes \0. The host file holds pack_tree's records. Answers D
 * status=<wait status>: exit code 0, or the errno that stopped it.
 */
static void gather(uint32_t len, int sigfd) {
  char *fields[3];
  if (split_fields((char *)frame_buf, len, fields, 3) != 3) {
    send_text('F', "malformed gather frame");
    return;
  }
  pid_t child = fork_helper(sigfd);
  if (child == 0) {
    /* the host file first, in the host's mount namespace; then the box, as its user */
    int out = open(fields[1], O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (out < 0) _exit(errno & 0xff);
    if (setns(box.ns_mnt, CLONE_NEWNS) != 0) _exit(errno & 0xff);
    if (setgroups(0, NULL) != 0 || setresgid(box.gid, box.gid, box.gid) != 0 || setresuid(box.uid, box.uid, box.uid) != 0) _exit(EPERM);
    int dir = open(fields[0], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (dir < 0) _exit(errno & 0xff);
    static char path[PATH_MAX];
    uint64_t budget = strtoull(fields[2], NULL, 10);
    _exit(pack_tree(dir, path, 0, out, &budget, 0) & 0xff);
  }
  reply_child_status(child);
}

/* ------------------------------------------------------------------------------------------ */
/* A box made by bubblewrap (the native backend) */

static int bwrap_err = -1; /* read end of bubblewrap's stderr: kept open (a late warning must not kill it), read on failure */

#define BOX_START_MS 10000

/* What bubblewrap said on its stderr so far (its reason for failing), as one line. */
static void bwrap_said(char *text, size_t size) {
  size_t got = 0;
  ssize_t n;
  while (got + 1 < size && (n = read(bwrap_err, text + got, size - 1 - got)) > 0) got += (size_t)n;
  text[got] = '\0';
  for (char *c = text; *c; c++)
    if (*c == '\n') *c = got > 0 && c == text + got - 1 ? '\0' : ' ';
}

static void box_failed(const char *why) {
  char said[300], message[512];
  if (bwrap_pid > 0) {
    kill(bwrap_pid, SIGKILL);
    while (waitpid(bwrap_pid, NULL, 0) < 0 && errno == EINTR) {}
    bwrap_pid = -1;
  }
  bwrap_said(said, sizeof said);
  snprintf(message, sizeof message, "bubblewrap %s%s%s", why, said[0] ? ": " : "", said);
  send_text('F', message);
  _exit(101);
}

/* The first child of `parent` whose command is `sleep` (the box's holder), or 0. */
static pid_t holder_of(pid_t parent) {
  char path[96], children[512];
  snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)parent, (int)parent);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  ssize_t n = read(fd, children, sizeof children - 1);
  close(fd);
  if (n <= 0) return 0;
  children[n] = '\0';
  for (char *p = children, *next; *p; p = next) {
    pid_t pid = (pid_t)strtol(p, &next, 10);
    if (next == p) break;
    char comm[32] = "";
    snprintf(path, sizeof path, "/proc/%d/comm", (int)pid);
    fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) continue;
    ssize_t got = read(fd, comm, sizeof comm - 1);
    close(fd);
    if (got > 0 && strncmp(comm, "sleep\n", 6) == 0) return pid;
  }
  return 0;
}

/*
 * Starts bubblewrap (the 'B' frame) and answers with the host pid of the box's holder, once it runs:
 * its namespaces are the box's, every mount in place. (bubblewrap's --info-fd names its own init as
 * soon as it exists, before the mounts are made; the holder is the init's child.)
 */
static void make_box(uint32_t len) {
  static char *argv[1024];
  int count = split_fields((char *)frame_buf, len, argv, 1023);
  if (count < 1) {
    send_text('F', "malformed box frame");
    _exit(101);
  }
  argv[count] = NULL;
  int info[2], err[2];
  if (pipe2(info, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) fatal("pipe");
  uint64_t deadline = now_us() + BOX_START_MS * 1000ull;
  pid_t runner = getpid();
  bwrap_pid = fork();
  if (bwrap_pid < 0) fatal("fork");
  if (bwrap_pid == 0) {
    /*
     * Dies with the runner from now on (bubblewrap is neither set-id nor privileged by file
     * capabilities, so this holds across the exec): --die-with-parent takes effect only once
     * bubblewrap runs, and a runner killed before that would leave it, and its box, behind.
     */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != runner) _exit(127);
    /* the runner's blocked signals and ignored SIGPIPE are not bubblewrap's */
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_DFL);
    int null = open("/dev/null", O_RDWR);
    if (null < 0 || dup2(null, 0) < 0 || dup2(null, 1) < 0 || dup2(err[1], 2) < 0 || dup2(info[1], 3) < 0) _exit(127);
    fcntl(3, F_SETFD, 0); /* dup2 onto itself would keep close-on-exec */
    char *env[] = {"PATH=/usr/bin:/bin", NULL};
    execve(argv[0], argv, env);
    _exit(127);
  }
  close(info[1]);
  close(err[1]);
  bwrap_err = err[0];
  fcntl(bwrap_err, F_SETFL, O_NONBLOCK);
  /* bubblewrap's init: {"child-pid": N} on the info fd */
  char text[256];
  size_t got = 0;
  pid_t init = 0;
  while (!init) {
    int left_ms = (int)((deadline - now_us()) / 1000);
    if (left_ms <= 0) box_failed("did not start in time");
    struct pollfd pfd = {info[0], POLLIN, 0};
    if (poll(&pfd, 1, left_ms) < 0 && errno != EINTR) fatal("poll");
    ssize_t n = read(info[0], text + got, sizeof text - 1 - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) box_failed("ended");
    got += (size_t)n;
    text[got] = '\0';
    char *key = strstr(text, "\"child-pid\"");
    char *colon = key ? strchr(key, ':') : NULL;
    if (colon) {
      char *end;
      long pid = strtol(colon + 1, &end, 10);
      if (end != colon + 1 && (*end == ',' || *end == '}' || *end == '\n' || *end == ' ')) init = (pid_t)pid;
    }
    if (got + 1 >= sizeof text && !init) box_failed("said something not understood on its info fd");
  }
  /* kept open, as its stderr: the rest of the info is written after the pid, and a closed pipe would kill bubblewrap */
  pid_t holder = 0;
  while (!(holder = holder_of(init))) {
    if (waitpid(bwrap_pid, NULL, WNOHANG) == bwrap_pid) {
      bwrap_pid = -1;
      box_failed("ended");
    }
    if (now_us() > deadline) box_failed("did not start in time");
    usleep(200);
  }
  char message[64];
  int n = snprintf(message, sizeof message, "holder=%d\nbwrap=%d\n", (int)holder, (int)bwrap_pid);
  send_frame('D', message, (uint32_t)n);
}

/* Ends the box the runner made, if any, and waits until it is gone (the judge then removes its cgroup). */
static void end_box(void) {
  if (bwrap_pid <= 0) return;
  kill(bwrap_pid, SIGKILL);
  while (waitpid(bwrap_pid, NULL, 0) < 0 && errno == EINTR) {}
  bwrap_pid = -1;
}

/*
 * The spawner (the runner started with SONOCODE_RUNNER_SOCKET=<socket> in its environment): one per judge process, so that a box costs the judge no
 * process start of its own (a fork of a large judge process copies its page tables; a fork of this
 * small one does not). For each line `<id>` on its stdin it forks a runner, which connects to the
 * judge's Unix socket (in a folder only root may enter), says `H` `<id>\0<pid>`, and serves the
 * judge on that connection as a runner started directly serves it on its stdin and stdout. The
 * runners die with the spawner (PR_SET_PDEATHSIG), and the spawner with the judge.
 */
static int serve_judge(void);

static int spawner(const char *socket_path) {
  prctl(PR_SET_DUMPABLE, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  signal(SIGPIPE, SIG_IGN);
  struct sigaction reap = {.sa_handler = SIG_IGN, .sa_flags = SA_NOCLDWAIT};
  sigaction(SIGCHLD, &reap, NULL); /* runners are never waited for: no zombies */
  if (geteuid() != 0) {
    fprintf(stderr, "sonocode-runner: the sandbox runner must run as root (it makes namespaces and joins cgroups)\n");
    return 101;
  }
  struct sockaddr_un address = {.sun_family = AF_UNIX};
  if (strlen(socket_path) >= sizeof address.sun_path) {
    fprintf(stderr, "sonocode-runner: socket path too long: %s\n", socket_path);
    return 101;
  }
  strcpy(address.sun_path, socket_path);
  char line[32];
  size_t got = 0;
  for (;;) {
    ssize_t n = read(0, line + got, 1);
    if (n == 0) {
      /* the judge is gone (or done): its socket and the folder it made for it go too */
      unlink(address.sun_path);
      char folder[sizeof address.sun_path];
      snprintf(folder, sizeof folder, "%s", address.sun_path);
      char *slash = strrchr(folder, '/');
      if (slash && slash != folder) {
        *slash = '\0';
        rmdir(folder);
      }
      return 0;
    }
    if (n < 0) {
      if (errno == EINTR) continue;
      fatal("read from judge");
    }
    if (line[got] != '\n') {
      if (++got >= sizeof line) fatal("request too long");
      continue;
    }
    line[got] = '\0';
    got = 0;
    pid_t child = fork();
    if (child < 0) {
      fprintf(stderr, "sonocode-runner: cannot start a runner (%s): %s\n", line, strerror(errno));
      continue;
    }
    if (child > 0) continue;
    struct sigaction normal = {.sa_handler = SIG_DFL};
    sigaction(SIGCHLD, &normal, NULL);
    int connection = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (connection < 0 || connect(connection, (struct sockaddr *)&address, sizeof address) != 0) fatal("connect to judge");
    if (dup2(connection, 0) < 0 || dup2(connection, 1) < 0) fatal("dup2");
    close(connection);
    char hello[64];
    int length = snprintf(hello, sizeof hello, "%s%c%d", line, '\0', (int)getpid());
    send_frame('H', hello, (uint32_t)length + 1);
    _exit(serve_judge());
  }
}

int main(void) {
  /* the socket comes by the environment, not the command line, which a run's init shows (as /proc/1/cmdline) */
  const char *socket_path = getenv("SONOCODE_RUNNER_SOCKET");
  if (socket_path) {
    char path[sizeof ((struct sockaddr_un *)0)->sun_path + 1];
    snprintf(path, sizeof path, "%s", socket_path);
    unsetenv("SONOCODE_RUNNER_SOCKET");
    return spawner(path);
  }
  return serve_judge();
}

static int serve_judge(void) {
  prctl(PR_SET_DUMPABLE, 0);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  signal(SIGPIPE, SIG_IGN);
  if (geteuid() != 0) {
    send_text('F', "the sandbox runner must run as root (it makes namespaces and joins cgroups)");
    return 101;
  }
  /*
   * Real-time priority, as each run's init has: the runner notes when a run's input pipe loses its
   * writer (see run_program) the moment it happens, which orders two runs that talk. It does little
   * (a look every few milliseconds); its children get the normal policy back (SCHED_RESET_ON_FORK).
   * Best effort, as for the init.
   */
  struct sched_param realtime = {.sched_priority = 1};
  sched_setscheduler(0, SCHED_FIFO | SCHED_RESET_ON_FORK, &realtime);
  sigset_t chld;
  sigemptyset(&chld);
  sigaddset(&chld, SIGCHLD);
  /* Blocked here so that a run's keeper is born with it blocked: a stop request waits for sigwaitinfo. */
  sigset_t blocked = chld;
  sigaddset(&blocked, SIGUSR1);
  sigprocmask(SIG_BLOCK, &blocked, NULL);
  int sigfd = signalfd(-1, &chld, SFD_NONBLOCK | SFD_CLOEXEC);
  if (sigfd < 0) fatal("signalfd");
  char type;
  uint32_t len;
  if (read_frame(&type, &len) && type == 'B') {
    make_box(len);
    if (!read_frame(&type, &len)) type = 0;
  }
  if (type != 'I') {
    end_box();
    send_text('F', "expected an init frame");
    return 101;
  }
  init_box(len);
  for (;;) {
    if (!read_frame(&type, &len)) {
      end_box();
      return 0;
    }
    if (type == 'R') run_program(len, sigfd);
    else if (type == 'S') seal(len, sigfd);
    else if (type == 'P') prepare_box(len, sigfd);
    else if (type == 'W') write_files(len, sigfd);
    else if (type == 'C') fresh_scratch(len, sigfd);
    else if (type == 'G') gather(len, sigfd);
    /* 'K' between runs: nothing is running */
  }
}
