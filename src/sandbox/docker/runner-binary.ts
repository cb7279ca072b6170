/**
 * Builds the in-container runner (native/runner.c) once per version with the host's gcc, as a
 * static binary so it runs in any image, and caches it. Without a C compiler the Docker backend
 * falls back to one `docker exec` per run.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const RUNNER_SOURCE = new URL('../../../native/runner.c', import.meta.url);

function cacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'sonocode');
}

let built: Promise<string | null> | null = null;

/** The runner's host path, or null when it cannot be built here. */
export function runnerBinary(): Promise<string | null> {
  built ??= build();
  return built;
}

async function build(): Promise<string | null> {
  let source: Buffer;
  try {
    source = readFileSync(RUNNER_SOURCE);
  } catch {
    return null;
  }
  const digest = createHash('sha256').update(source).digest('hex').slice(0, 16);
  const target = join(cacheDir(), `runner-${digest}`);
  if (existsSync(target)) return target;
  try {
    mkdirSync(cacheDir(), { recursive: true });
    const temporary = `${target}.${process.pid}.tmp`;
    await promisify(execFile)('gcc', ['-O2', '-static', '-o', temporary, RUNNER_SOURCE.pathname], { timeout: 60_000 });
    renameSync(temporary, target); // atomic: concurrent judges never see half a binary
    return target;
  } catch {
    return null;
  }
}
