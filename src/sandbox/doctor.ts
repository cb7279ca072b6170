/**
 * Says which sandbox backends work here and exactly how to make a missing one work: the host's
 * toolchains and the runner (shared by every backend), then each backend's own checks, ending with
 * a real run in its box.
 */
import { existsSync } from 'node:fs';
import Docker from 'dockerode';
import { DockerBackend } from './docker/backend.js';
import { runtimeImageExists, RUNTIME_IMAGE } from './docker/runtime-image.js';
import { NativeBackend } from './native/backend.js';
import { runnerBinary } from './runner/binary.js';
import type { BackendChoice } from './select.js';
import type { SandboxBackend } from './types.js';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  /** The command or step that fixes it. */
  fix?: string;
  /** The backend the check is about; absent for what every backend needs. */
  backend?: 'docker' | 'native';
}

export interface DoctorReport {
  /** The chosen backend works (for `auto`: at least one does). */
  ok: boolean;
  /** The backend judging would use here: the chosen one, or what `auto` picks. */
  backend: 'docker' | 'native';
  /** Whether each backend works. */
  backends: { docker: boolean; native: boolean };
  checks: DoctorCheck[];
}

const START_DOCKERD = 'dockerd --iptables=false --ip6tables=false --bridge=none --storage-driver=vfs > /var/log/dockerd.log 2>&1 &';
const TOOLCHAINS = [
  ['gcc (c)', '/usr/bin/gcc', 'gcc'],
  ['g++ (cpp)', '/usr/bin/g++', 'g++'],
  ['python3', '/usr/bin/python3', 'python3'],
  ['node (javascript)', '/usr/bin/node', 'nodejs'],
  ['javac (java)', '/usr/bin/javac', 'openjdk-17-jdk-headless'],
] as const;

export async function diagnose(options: { docker?: Docker; backend?: BackendChoice } = {}): Promise<DoctorReport> {
  const checks: DoctorCheck[] = [];
  for (const [name, path, pkg] of TOOLCHAINS) {
    const ok = existsSync(path);
    checks.push({ name, ok, detail: ok ? path : `${path} missing on the host (every sandbox shows the host's toolchains)`, ...(ok ? {} : { fix: `apt-get install -y ${pkg}` }) });
  }
  let runnerOk = true;
  try {
    checks.push({ name: 'sandbox runner', ok: true, detail: `built with gcc: ${await runnerBinary()}` });
  } catch (error) {
    runnerOk = false;
    const { message, hint } = error as { message: string; hint?: string };
    checks.push({ name: 'sandbox runner', ok: false, detail: message, ...(hint ? { fix: hint } : {}) });
  }
  if (process.getuid?.() !== 0) {
    runnerOk = false;
    checks.push({ name: 'privileges', ok: false, detail: 'not root: the runner makes namespaces and joins cgroups', fix: 'run sonocode as root' });
  }

  const docker = runnerOk && (await checkDocker(options.docker ?? new Docker(), checks));
  const native = runnerOk && (await checkNative(checks));
  const choice = options.backend ?? 'auto';
  const backend = choice === 'auto' ? (native ? 'native' : 'docker') : choice;
  const ok = choice === 'auto' ? docker || native : choice === 'docker' ? docker : native;
  return { ok, backend, backends: { docker, native }, checks };
}

async function checkDocker(client: Docker, checks: DoctorCheck[]): Promise<boolean> {
  const add = (check: Omit<DoctorCheck, 'backend'>) => checks.push({ ...check, backend: 'docker' });
  const backend = new DockerBackend({ docker: client });
  if (!process.env.DOCKER_HOST) {
    const installed = ['/usr/bin/dockerd', '/usr/sbin/dockerd', '/usr/local/bin/dockerd'].some((path) => existsSync(path));
    add({ name: 'docker engine installed', ok: installed, detail: installed ? 'dockerd found' : 'no dockerd on this machine', ...(installed ? {} : { fix: 'apt-get install -y docker.io' }) });
    if (!installed) return false;
  }
  try {
    await backend.check();
    const version = await client.version();
    add({ name: 'docker daemon reachable', ok: true, detail: `Docker ${version.Version} at ${process.env.DOCKER_HOST ?? '/var/run/docker.sock'}` });
  } catch (error) {
    const { code, message, hint } = error as { code?: string; message: string; hint?: string };
    add({ name: 'docker daemon reachable', ok: false, detail: message, fix: code === 'SANDBOX_PERMISSION' && hint ? hint : `start it as root: ${START_DOCKERD}  (or: systemctl start docker)` });
    return false;
  }
  let imageOk = await runtimeImageExists(client).catch(() => false);
  let imageDetail = `${RUNTIME_IMAGE} present`;
  if (!imageOk) {
    try {
      await backend.ensureImage();
      imageOk = true;
      imageDetail = `${RUNTIME_IMAGE} was missing and has been created (empty image + host toolchains, no registry needed)`;
    } catch (error) {
      imageDetail = `${RUNTIME_IMAGE} missing and could not be created: ${(error as Error).message}`;
    }
  }
  add({ name: 'runtime image', ok: imageOk, detail: imageDetail, ...(imageOk ? {} : { fix: 'run `sonocode doctor` as a user allowed to use Docker' }) });
  return imageOk && (await trialRun(backend, 'a hardened container', add));
}

async function checkNative(checks: DoctorCheck[]): Promise<boolean> {
  const add = (check: Omit<DoctorCheck, 'backend'>) => checks.push({ ...check, backend: 'native' });
  const backend = new NativeBackend();
  try {
    await backend.check();
    add({ name: 'bubblewrap and cgroups', ok: true, detail: 'bwrap makes namespaces here and the cgroup hierarchy is writable' });
  } catch (error) {
    const { message, hint } = error as { message: string; hint?: string };
    add({ name: 'bubblewrap and cgroups', ok: false, detail: message, ...(hint ? { fix: hint } : {}) });
    return false;
  }
  return trialRun(backend, 'a bubblewrap box', add);
}

async function trialRun(backend: SandboxBackend, what: string, add: (check: Omit<DoctorCheck, 'backend'>) => void): Promise<boolean> {
  try {
    const session = await backend.prepare({ maxMemoryMb: 256 });
    try {
      const run = await session.run({ argv: ['/bin/sh', '-c', 'echo ok'], limits: { cpuTimeMs: 5000, wallTimeMs: 10_000, memoryMb: 128, outputKb: 4 } });
      const ok = run.status === 'exited' && run.stdout.toString().trim() === 'ok';
      add({ name: 'sandbox run', ok, detail: ok ? `a program ran in ${what} (${run.wallMs} ms)` : `unexpected result: ${run.status} ${run.stderr}` });
      return ok;
    } finally {
      await session.dispose();
    }
  } catch (error) {
    const { message, hint } = error as { message: string; hint?: string };
    add({ name: 'sandbox run', ok: false, detail: message, ...(hint ? { fix: hint } : {}) });
    return false;
  }
}
