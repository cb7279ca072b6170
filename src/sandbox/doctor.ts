/** Says which sandbox works here and exactly how to fix what does not. */
import { existsSync } from 'node:fs';
import Docker from 'dockerode';
import { DockerBackend } from './docker/backend.js';
import { runtimeImageExists, RUNTIME_IMAGE } from './docker/runtime-image.js';

export interface DoctorCheck {
  name: string;
  ok: boolean;
  detail: string;
  /** The command or step that fixes it. */
  fix?: string;
}

export interface DoctorReport {
  ok: boolean;
  backend: string;
  checks: DoctorCheck[];
}

const START_DOCKERD = 'dockerd --iptables=false --ip6tables=false --bridge=none --storage-driver=vfs > /var/log/dockerd.log 2>&1 &';

export async function diagnose(options: { docker?: Docker } = {}): Promise<DoctorReport> {
  const docker = options.docker ?? new Docker();
  const checks: DoctorCheck[] = [];
  const backend = new DockerBackend({ docker });
  const finish = (): DoctorReport => ({ ok: checks.every((check) => check.ok), backend: 'docker', checks });

  const socket = '/var/run/docker.sock';
  const remote = Boolean(process.env.DOCKER_HOST);
  if (!remote) {
    const installed = existsSync('/usr/bin/dockerd') || existsSync('/usr/sbin/dockerd') || existsSync('/usr/local/bin/dockerd');
    checks.push({
      name: 'docker engine installed',
      ok: installed,
      detail: installed ? 'dockerd found' : 'no dockerd on this machine',
      fix: installed ? undefined : 'apt-get install -y docker.io',
    });
  }
  try {
    await backend.check();
    const version = await docker.version();
    checks.push({ name: 'docker daemon reachable', ok: true, detail: `Docker ${version.Version} at ${process.env.DOCKER_HOST ?? socket}` });
  } catch (error) {
    const { code, message, hint } = error as { code?: string; message: string; hint?: string };
    checks.push({
      name: 'docker daemon reachable',
      ok: false,
      detail: message,
      fix: code === 'SANDBOX_PERMISSION' ? hint : `start it as root: ${START_DOCKERD}  (or: systemctl start docker)`,
    });
    return finish();
  }

  let imageOk = await runtimeImageExists(docker).catch(() => false);
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
  checks.push({ name: 'runtime image', ok: imageOk, detail: imageDetail, fix: imageOk ? undefined : 'run `sonocode doctor` as a user allowed to use Docker' });
  if (!imageOk) return finish();

  for (const [name, path] of [
    ['gcc (c)', '/usr/bin/gcc'],
    ['g++ (cpp)', '/usr/bin/g++'],
    ['python3', '/usr/bin/python3'],
    ['node (javascript)', '/usr/bin/node'],
    ['javac (java)', '/usr/bin/javac'],
  ] as const) {
    const ok = existsSync(path);
    checks.push({ name, ok, detail: ok ? path : `${path} missing on the host (the sandbox mounts the host toolchains)`, fix: ok ? undefined : 'apt-get install -y gcc g++ python3 nodejs openjdk-17-jdk-headless' });
  }

  try {
    const session = await backend.prepare({ maxMemoryMb: 256 });
    try {
      const run = await session.run({ argv: ['/bin/sh', '-c', 'echo ok'], limits: { cpuTimeMs: 5000, wallTimeMs: 10_000, memoryMb: 128, outputKb: 4 } });
      const ok = run.status === 'exited' && run.stdout.toString().trim() === 'ok';
      checks.push({ name: 'sandbox run', ok, detail: ok ? `a program ran in a hardened container (${run.wallMs} ms)` : `unexpected result: ${run.status} ${run.stderr}` });
    } finally {
      await session.dispose();
    }
  } catch (error) {
    const { message, hint } = error as { message: string; hint?: string };
    checks.push({ name: 'sandbox run', ok: false, detail: message, fix: hint });
  }
  return finish();
}
