/**
 * Builds the runner (native/runner.c) once per version with the host's gcc, as a static binary,
 * and caches it under `$XDG_CACHE_HOME/sonocode` (or `~/.cache/sonocode`), keyed by a hash of the
 * source, so that every judge on the machine shares it and a new version never meets an old binary.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SandboxError } from '../errors.js';

const RUNNER_SOURCE = new URL('../../../native/runner.c', import.meta.url);

function cacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sonocode');
}

let built: Promise<string> | null = null;

/**
 * The runner's host path, built on first use.
 * @throws SandboxError SANDBOX_UNAVAILABLE when it cannot be built here (no C compiler, no static libc)
 */
export function runnerBinary(): Promise<string> {
  built ??= build();
  // a failed build is retried by the next caller (the compiler may have been installed meanwhile)
  built.catch(() => (built = null));
  return built;
}

async function build(): Promise<string> {
  const source = readFileSync(RUNNER_SOURCE);
  const digest = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const target = join(cacheDir(), `runner-${digest}`);
  if (existsSync(target)) return target;
  mkdirSync(cacheDir(), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  try {
    await promisify(execFile)('gcc', ['-O2', '-static', '-o', temporary, RUNNER_SOURCE.pathname], { timeout: 60_000 });
    renameSync(temporary, target); // atomic: concurrent judges never see half a binary
    return target;
  } catch (error) {
    rmSync(temporary, { force: true });
    const detail = (error as { stderr?: string }).stderr?.trim().split('\n').slice(-3).join('\n') || (error as Error).message;
    throw new SandboxError('SANDBOX_UNAVAILABLE', `cannot build the sandbox runner (native/runner.c) with gcc: ${detail}`, {
      hint: 'install a C compiler and the static C library: apt-get install -y gcc libc6-dev',
      cause: error,
    });
  }
}
