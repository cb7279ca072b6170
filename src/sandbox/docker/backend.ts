/**
 * The Docker backend of the sandbox (dockerode): one hardened container per session — the system
 * description's container factory. The container is the box (its namespaces, read-only root,
 * tmpfs scratch, no network, cgroup limits); programs are started in it by the runner from the
 * host, each in a PID namespace of its own (see ../session.ts), never by `docker exec`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import type Docker from 'dockerode';
import { BOX_ASSETS_DIR, hostAssetsDir } from '../assets.js';
import { Cgroup } from '../cgroup.js';
import { SandboxError } from '../errors.js';
import { processAlive, reapSessionFolders } from '../host-files.js';
import { hiddenHostPaths } from '../toolchains.js';
import { runnerBinary } from '../runner/binary.js';
import { assertPositiveSizes, BoxSession, SANDBOX_GID, SANDBOX_UID, SEALED_DIR, startBoxRunner, WORK_DIR, type Box } from '../session.js';
import type { PrepareOptions, SandboxBackend, SandboxSession } from '../types.js';
import { ensureRuntimeImage, RUNTIME_IMAGE, toolchainBinds } from './runtime-image.js';

/** Every container sonocode makes carries this label; the owner label says which process made it. */
export const SANDBOX_LABEL = 'dev.sonocode.sandbox';
export const OWNER_LABEL = 'dev.sonocode.owner';

export interface DockerBackendOptions {
  /** Docker connection; the local socket (or DOCKER_HOST) when omitted. */
  docker?: Docker;
  /** Image used when a session names none. @defaultValue {@link RUNTIME_IMAGE} */
  defaultImage?: string;
  /** Host paths mounted read-only into the default runtime, beside the toolchain folders. */
  extraMounts?: string[];
  /** CPUs a session may use (CPU quota). @defaultValue 1 */
  cpus?: number;
  /**
   * Remove a disposed session's container in the background, so that a long-running judge (the
   * server's worker) does not wait for dockerd before it reports the verdict; {@link DockerBackend.close}
   * waits for the removals. The session's programs are gone before dispose() returns either way.
   * @defaultValue false (dispose() returns once the container is removed)
   */
  removeInBackground?: boolean;
}

export class DockerBackend implements SandboxBackend {
  readonly name = 'docker';
  /** The Docker client, loaded on first use (judging with another backend never loads dockerode). */
  private client: Promise<Docker> | null;
  private readonly defaultImage: string;
  private readonly binds: string[];
  private readonly cpus: number;
  private imageChecked = false;
  private readonly removeInBackground: boolean;
  /** Removals still under way (removeInBackground). */
  private readonly removals = new Set<Promise<void>>();

  constructor(options: DockerBackendOptions = {}) {
    this.client = options.docker ? Promise.resolve(options.docker) : null;
    this.defaultImage = options.defaultImage ?? RUNTIME_IMAGE;
    this.binds = toolchainBinds(options.extraMounts);
    this.cpus = options.cpus ?? 1;
    this.removeInBackground = options.removeInBackground ?? false;
  }

  /** Waits for the containers still being removed in the background. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.removals]);
  }

  private docker(): Promise<Docker> {
    this.client ??= import('dockerode').then(({ default: Dockerode }) => new Dockerode());
    return this.client;
  }

  async check(): Promise<void> {
    try {
      await (await this.docker()).ping();
    } catch (error) {
      throw describeConnectionError(error);
    }
  }

  /** Creates the runtime image when it is missing (no registry needed). */
  async ensureImage(): Promise<boolean> {
    try {
      return await ensureRuntimeImage(await this.docker(), this.defaultImage);
    } catch (error) {
      if ((error as { code?: string }).code === 'ECONNREFUSED' || (error as { code?: string }).code === 'ENOENT') {
        throw describeConnectionError(error);
      }
      throw new SandboxError('SANDBOX_IMAGE', `could not create the runtime image ${this.defaultImage}: ${(error as Error).message}`, {
        hint: 'run `sonocode doctor` to see what is wrong',
        cause: error,
      });
    }
  }

  async prepare(options: PrepareOptions): Promise<SandboxSession> {
    assertPositiveSizes('prepare', { maxMemoryMb: options.maxMemoryMb, processLimit: options.processLimit, scratchMb: options.scratchMb, fileSizeMb: options.fileSizeMb });
    const image = options.image ?? this.defaultImage;
    if (!this.imageChecked && image === this.defaultImage) {
      await this.ensureImage();
      this.imageChecked = true;
    }
    const runnerPath = await runnerBinary();
    const memoryBytes = options.maxMemoryMb * 1024 * 1024;
    const fileSizeBytes = (options.fileSizeMb ?? 64) * 1024 * 1024;
    let container: Docker.Container;
    try {
      container = await (await this.docker()).createContainer(this.containerSpec(image, options));
    } catch (error) {
      throw wrapDockerError(error, 'could not create the sandbox container');
    }
    const description = `container ${container.id.slice(0, 12)}`;
    let initPid = 0;
    let holders: number[] = [];
    const box: Box = {
      description,
      cgroup: undefined as unknown as Cgroup,
      release: async () => {
        const removal = container.remove({ force: true }).catch((error: unknown) => {
          if ((error as { statusCode?: number }).statusCode !== 404) {
            throw new SandboxError('SANDBOX_FAILED', `could not remove ${description}`, { cause: error });
          }
        });
        if (!this.removeInBackground) return removal;
        // a container left by a removal that failed is reaped at the next start (its owner label)
        const pending: Promise<void> = removal.catch(() => {}).finally(() => this.removals.delete(pending));
        this.removals.add(pending);
      },
      gone: () => initPid === 0 || !processAlive(initPid),
      holderPids: () => holders,
    };
    try {
      await container.start();
      const info = await container.inspect();
      initPid = info.State.Pid;
      const cgroup = Cgroup.ofPid(initPid);
      if (!cgroup) {
        throw new SandboxError('SANDBOX_FAILED', 'cannot read the container cgroup from this process', {
          hint: 'sonocode measures CPU time and memory from the Docker host: run it on the machine of the Docker daemon, with access to /sys/fs/cgroup',
        });
      }
      (box as { cgroup: Cgroup }).cgroup = cgroup;
      holders = await shieldInitProcesses(cgroup, initPid);
      const runner = await startBoxRunner(runnerPath, initPid, cgroup);
      return new BoxSession({ box, runner, fileSizeBytes, memoryLimitBytes: memoryBytes });
    } catch (error) {
      await box.release().catch(() => {});
      throw error instanceof SandboxError ? error : wrapDockerError(error, 'could not start the sandbox container');
    }
  }

  /** The container of a box: no network, no capabilities, a read-only root, the box's limits and scratch folders. */
  private containerSpec(image: string, options: PrepareOptions): Docker.ContainerCreateOptions {
    const memoryBytes = options.maxMemoryMb * 1024 * 1024;
    const scratchMb = options.scratchMb ?? 256;
    return {
      Image: image,
      // init stays root (with no capabilities): programs, as another user, cannot signal it
      Cmd: ['/bin/sleep', 'infinity'],
      User: '0:0',
      WorkingDir: WORK_DIR,
      Env: ['PATH=/usr/local/bin:/usr/bin:/bin', 'HOME=/tmp', 'LANG=C.UTF-8', 'TMPDIR=/tmp'],
      Labels: { [SANDBOX_LABEL]: '1', [OWNER_LABEL]: ownerTag(), ...options.labels },
      NetworkDisabled: true,
      HostConfig: {
        NetworkMode: 'none',
        ReadonlyRootfs: true,
        CapDrop: ['ALL'],
        SecurityOpt: ['no-new-privileges'],
        IpcMode: 'none',
        // System V and POSIX IPC objects outlive their processes: memory no run would be charged
        // for, and state a later run could read. Shared memory goes with its last process; queues
        // and semaphore sets cannot be made.
        Sysctls: { 'kernel.shm_rmid_forced': '1', 'kernel.msgmni': '0', 'kernel.sem': '0 0 0 0', 'fs.mqueue.queues_max': '0' },
        Init: true,
        Memory: memoryBytes,
        MemorySwap: memoryBytes,
        MemorySwappiness: 0,
        PidsLimit: options.processLimit ?? 64,
        CpuPeriod: 100_000,
        CpuQuota: Math.round(100_000 * this.cpus),
        // Limits of the container's own processes; the runner sets each program's (file size, stack, open files).
        Ulimits: [
          { Name: 'nofile', Soft: 256, Hard: 256 },
          { Name: 'core', Soft: 0, Hard: 0 },
        ],
        Tmpfs: {
          [WORK_DIR]: `rw,exec,nosuid,nodev,size=${scratchMb}m,uid=${SANDBOX_UID},gid=${SANDBOX_GID},mode=0755`,
          '/tmp': `rw,exec,nosuid,nodev,size=${Math.min(scratchMb, 64)}m,uid=${SANDBOX_UID},gid=${SANDBOX_GID},mode=1777`,
          // The sealed program (see BoxSession.seal): written by root, read-only to programs.
          [SEALED_DIR]: `rw,exec,nosuid,nodev,size=${scratchMb}m,uid=0,gid=0,mode=0755`,
          // the host's own installations and settings under its toolchains (an image's are its own): covered, empty
          ...(image === this.defaultImage ? Object.fromEntries(hiddenHostPaths().map((path) => [path, 'ro,noexec,nosuid,nodev,size=4k,mode=0555'])) : {}),
        },
        Binds: [...(image === this.defaultImage ? this.binds : []), `${hostAssetsDir()}:${BOX_ASSETS_DIR}:ro`],
      },
    };
  }

  /** Removes sandbox containers whose owning process (on this host) is gone. */
  async reap(): Promise<number> {
    let containers: Docker.ContainerInfo[];
    try {
      containers = await (await this.docker()).listContainers({ all: true, filters: { label: [SANDBOX_LABEL] } });
    } catch (error) {
      throw wrapDockerError(error, 'could not list sandbox containers');
    }
    let removed = reapSessionFolders((pid) => ownerIsAlive(`${hostname()}/${pid}`));
    for (const info of containers) {
      if (ownerIsAlive(info.Labels[OWNER_LABEL])) continue;
      try {
        await (await this.docker()).getContainer(info.Id).remove({ force: true });
        removed++;
      } catch {
        // another reaper got there first
      }
    }
    return removed;
  }
}

/**
 * Shields the container's init (docker-init) and the idle process it starts from the OOM killer,
 * so that a program at its memory limit is what the kernel kills when it kills at all. Waits for
 * the idle process: right after start, docker-init may not have forked it yet.
 */
async function shieldInitProcesses(cgroup: Cgroup, initPid: number): Promise<number[]> {
  const deadline = performance.now() + 5000;
  while (performance.now() < deadline) {
    const idle = cgroup.pids().find((pid) => pid !== initPid && parentOf(pid) === initPid);
    if (idle !== undefined) {
      for (const pid of [initPid, idle]) {
        try {
          writeFileSync(`/proc/${pid}/oom_score_adj`, '-1000');
        } catch {
          // not root: the kernel still prefers the larger program
        }
      }
      return [initPid, idle];
    }
    await sleep(2);
  }
  throw new SandboxError('SANDBOX_FAILED', 'the sandbox container did not start its idle process');
}

function parentOf(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return null;
  }
}

function ownerTag(): string {
  return `${hostname()}/${process.pid}`;
}

function ownerIsAlive(tag: string | undefined): boolean {
  if (!tag) return false;
  const [host, pidText] = tag.split('/');
  if (host !== hostname()) return true; // another machine's: not ours to judge
  const pid = Number(pidText);
  return pid === process.pid || processAlive(pid);
}

function describeConnectionError(error: unknown): SandboxError {
  const code = (error as NodeJS.ErrnoException).code;
  const socket = process.env.DOCKER_HOST ?? '/var/run/docker.sock';
  if (code === 'EACCES') {
    return new SandboxError('SANDBOX_PERMISSION', `no permission to use the Docker daemon at ${socket}`, {
      hint: 'run as root, or add your user to the docker group (`sudo usermod -aG docker $USER`, then log in again)',
      cause: error,
    });
  }
  return new SandboxError('SANDBOX_UNAVAILABLE', `the Docker daemon is not running (nothing answers at ${socket})`, {
    hint: 'install it (`apt-get install -y docker.io`) and start it: `dockerd --iptables=false --ip6tables=false --bridge=none --storage-driver=vfs &` (or `systemctl start docker`)',
    cause: error,
  });
}

function wrapDockerError(error: unknown, what: string): SandboxError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED' || code === 'ENOENT' || code === 'EACCES') return describeConnectionError(error);
  return new SandboxError('SANDBOX_FAILED', `${what}: ${(error as Error).message}`, { cause: error });
}
