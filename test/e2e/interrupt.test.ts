/**
 * Ctrl-C stops judging at once: the running program is killed, what the run holds is removed, and
 * the CLI exits 130 — long before the running test would have reached its time limit.
 */
import { spawn } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { hostname } from 'node:os';
import { mkdtempSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Cgroup } from '../../src/sandbox/cgroup.js';
import { CGROUP_PARENT } from '../../src/sandbox/native/backend.js';

const root = join(import.meta.dirname, '../..');
const bin = join(root, 'bin/sonocode.js');
const work = mkdtempSync(join(tmpdir(), 'sonocode-interrupt-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const TIME_LIMIT_MS = 15_000;
const problemDir = join(work, 'slow');
mkdirSync(join(problemDir, 'submissions/accepted'), { recursive: true });
writeFileSync(
  join(problemDir, 'problem.yaml'),
  `title: Slow\nlimits: {timeLimitMs: ${TIME_LIMIT_MS}}\ntestCases:\n  - {name: sample-1, sample: true, input: "1\\n", output: "1\\n"}\n`,
);
const spinner = join(problemDir, 'submissions/accepted/spin.py');
writeFileSync(spinner, 'print("judging starts", flush=True)\nwhile True:\n    pass\n');

/** The sandbox containers a process with this pid owns (the owner label of src/sandbox/docker). */
function containersOf(pid: number): string[] {
  const listed = execFileSync('docker', ['ps', '-aq', '--filter', `label=dev.sonocode.owner=${hostname()}/${pid}`], { encoding: 'utf8' });
  return listed.split('\n').filter(Boolean);
}

/**
 * Whether the judged Python program of the CLI with this pid runs (as the sandbox starts it: the
 * program is main.py there). Other judges may run Python programs on this machine at the same
 * time: a program is this CLI's when its cgroup is a box of this CLI's (a native box's cgroup, or
 * a container this CLI owns).
 */
function programRunning(cliPid: number): boolean {
  const candidates = execFileSync('ps', ['-eo', 'pid=,args='], { encoding: 'utf8' })
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(.*)$/.exec(line))
    .filter((match) => match?.[2].trim() === '/usr/bin/python3 main.py')
    .map((match) => match![1]);
  if (candidates.length === 0) return false;
  const boxes = [`/${CGROUP_PARENT}/${hostname()}-${cliPid}-`, ...containersOf(cliPid)];
  return candidates.some((pid) => {
    try {
      const cgroups = readFileSync(`/proc/${pid}/cgroup`, 'utf8');
      return boxes.some((box) => cgroups.includes(box));
    } catch {
      return false; // ended meanwhile
    }
  });
}

/** Starts the CLI, sends SIGINT once a program runs, and reports how it ended. */
async function interrupt(args: string[], sandbox: string): Promise<{ code: number | null; afterSignalMs: number; pid: number; stderr: string }> {
  const child = spawn(process.execPath, [bin, '--sandbox', sandbox, ...args], { cwd: root, env: { ...process.env, NO_COLOR: '1' } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on('data', () => {});
  const pid = child.pid!;
  // Judging is under way once the program runs in its box (the judged program is main.py there).
  await new Promise<void>((resolve, reject) => {
    const deadline = Date.now() + 60_000;
    const look = setInterval(() => {
      if (programRunning(pid)) {
        clearInterval(look);
        resolve();
      } else if (Date.now() > deadline) {
        clearInterval(look);
        reject(new Error(`the program never started: ${stderr}`));
      }
    }, 50);
  });
  const signalled = performance.now();
  child.kill('SIGINT');
  const code = await new Promise<number | null>((resolve) => child.on('exit', (exitCode) => resolve(exitCode)));
  return { code, afterSignalMs: performance.now() - signalled, pid, stderr };
}

describe.each(['docker', 'native'])('Ctrl-C on the %s sandbox', (sandbox) => {
  it.each([
    ['submit', () => ['submit', problemDir, spinner]],
    ['run', () => ['run', problemDir, spinner]],
    ['verify', () => ['verify', problemDir]],
  ])('stops `%s` at once, exits 130 and leaves nothing behind', async (_name, args) => {
    const ended = await interrupt(args(), sandbox);
    expect(ended.code).toBe(130);
    expect(ended.stderr).toContain('sonocode: interrupted');
    // Not waiting for the running test to hit its limit (a wall limit of 2 × 15 s + 1 s).
    expect(ended.afterSignalMs).toBeLessThan(TIME_LIMIT_MS);
    expect(containersOf(ended.pid)).toEqual([]);
    // the native sandbox's cgroups (removable only once empty) and every session folder are gone
    const own = `${hostname()}-${ended.pid}-`;
    expect(Cgroup.children(CGROUP_PARENT).filter((name) => name.startsWith(own))).toEqual([]);
    expect(readdirSync(tmpdir()).filter((name) => name.startsWith(`sonocode-box-${own}`))).toEqual([]);
  });
});
