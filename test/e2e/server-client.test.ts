/**
 * The built CLI as a server and as its client, end to end: `sonocode serve` (the embedded default:
 * every role in one process, SQLite, no Redis) started as a child process, then `users create`,
 * `problems import --server`, `submit --server` and `watch` run against it as separate processes —
 * the same SPEC §4 JSON and exit codes as local judging, plain lines on a pipe, clear errors for a
 * wrong token (2) and a server that is not there (3) — and SIGTERM drains it to exit 0.
 * Needs `npm run build` first (npm test does it), Docker for the judging, loopback only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/sonocode.js');
const ADMIN = 'e2e-admin-token-0123456789abcdef';
const AC_SOLUTION = join(ROOT, 'problems/a-plus-b/submissions/accepted/solution.py');
const WA_SOLUTION = join(ROOT, 'problems/a-plus-b/submissions/wrong_answer/int32.c');

const work = mkdtempSync(join(tmpdir(), 'sonocode-e2e-server-'));

/** The environment of every process: no colours, and no SONOCODE_* setting of whoever runs the tests. */
function environment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('SONOCODE_')) env[key] = value;
  return { ...env, NO_COLOR: '1', FORCE_COLOR: '0', ...extra };
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/sonocode.js …` to its end (asynchronously: the server's pipes keep draining), killed after `timeoutMs`. */
function sonocode(args: string[], options: { env?: Record<string, string>; timeoutMs?: number } = {}): Promise<Run> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: work, env: environment(options.env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timeoutMs = options.timeoutMs ?? 120_000;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`sonocode ${args.join(' ')} did not end within ${timeoutMs} ms\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      resolveRun({ code, signal, stdout, stderr });
    });
  });
}

/** A loopback port nothing listens on (bound, then released). */
function unusedPort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function expectSpecResult(result: Record<string, unknown>, verdict: string): void {
  expect(result).toMatchObject({ verdict, language: expect.any(String), problem: 'a-plus-b' });
  expect(result.compile).toMatchObject({ ok: true, timeMs: expect.any(Number), output: expect.any(String) });
  expect(Array.isArray(result.tests)).toBe(true);
  for (const test of result.tests as Record<string, unknown>[]) {
    expect(test).toMatchObject({ name: expect.any(String), verdict: expect.any(String), timeMs: expect.any(Number), wallMs: expect.any(Number), memoryKb: expect.any(Number) });
  }
  expect(typeof result.timeMs).toBe('number');
  expect(typeof result.memoryKb).toBe('number');
  expect(result.submissionId).toMatch(/^[0-9a-f]{24}$/);
}

describe('sonocode serve, and the CLI as its client', () => {
  let server: ChildProcess;
  let serverExit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  let serverStderr = '';
  let url: string;
  let alice: string;
  let waId: string;

  beforeAll(async () => {
    if (!existsSync(join(ROOT, 'dist/cli/main.js'))) throw new Error('dist/ is missing: run `npm run build` first');
    server = spawn(
      process.execPath,
      [BIN, 'serve', '--port', '0', '--db', join(work, 's.db'), '--admin-token', ADMIN, '--log-level', 'warn'],
      { cwd: work, env: environment(), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    serverExit = new Promise((resolveExit) => server.once('exit', (code, signal) => resolveExit({ code, signal })));
    let stdout = '';
    server.stderr!.on('data', (chunk: Buffer) => (serverStderr += chunk.toString()));
    url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server did not say where it listens within 60 s\nstdout: ${stdout}\nstderr: ${serverStderr}`)), 60_000);
      server.stdout!.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const ready = /^sonocode serve: all listening on (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout);
        if (ready) {
          clearTimeout(timer);
          resolveUrl(ready[1]);
        }
      });
      server.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`the server exited with ${code} before it listened\nstderr: ${serverStderr}`));
      });
    });
  }, 90_000);

  afterAll(async () => {
    // only when a test failed before stopping it: the process we started, by its pid
    if (server && server.exitCode === null && server.signalCode === null) {
      server.kill('SIGKILL');
      await Promise.race([serverExit, new Promise((resolveSoon) => setTimeout(resolveSoon, 10_000))]);
    }
    rmSync(work, { recursive: true, force: true });
  });

  it('users create --json prints the new user with their token', async () => {
    const run = await sonocode(['users', 'create', 'alice', '--server', url, '--token', ADMIN, '--json']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const user = JSON.parse(run.stdout) as { id: string; name: string; token: string };
    expect(user).toMatchObject({ id: expect.any(String), name: 'alice', token: expect.stringMatching(/^\S{16,}$/) });
    alice = user.token;
  });

  it('problems import --server uploads a native problem folder, replacing it the second time', async () => {
    const missing = await sonocode(['problems', 'import', join(work, 'no-such-problem'), '--server', url, '--token', ADMIN]);
    expect(missing.code).toBe(2);
    const uploaded = await sonocode(['problems', 'import', join(ROOT, 'problems/a-plus-b'), '--server', url, '--token', ADMIN]);
    expect(uploaded.code, uploaded.stderr).toBe(0);
    expect(uploaded.stdout).toMatch(/^✓ imported a-plus-b \(id [0-9a-f]{24}, 10 tests, 2 samples\) to http:\/\/127\.0\.0\.1:\d+\n$/);
    const again = await sonocode(['problems', 'import', join(ROOT, 'problems/a-plus-b'), '--server', url, '--token', ADMIN]);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout.match(/id ([0-9a-f]{24})/)![1]).toBe(uploaded.stdout.match(/id ([0-9a-f]{24})/)![1]);
  });

  it('submit --server --json: exit 0 and the SPEC §4 result, every test AC', async () => {
    const run = await sonocode(['submit', 'a-plus-b', AC_SOLUTION, '--server', url, '--token', alice, '--json']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    const result = JSON.parse(run.stdout) as Record<string, unknown> & { tests: { verdict: string }[] };
    expectSpecResult(result, 'AC');
    expect(result.language).toBe('python');
    expect(result.tests).toHaveLength(10);
    expect(result.tests.every((test) => test.verdict === 'AC')).toBe(true);
  });

  it('submit --server --json of a wrong answer: exit 1, verdict WA on its first failing test', async () => {
    const run = await sonocode(['submit', 'a-plus-b', WA_SOLUTION, '--server', url, '--token', alice, '--json']);
    expect(run.code, run.stderr).toBe(1);
    const result = JSON.parse(run.stdout) as Record<string, unknown> & { tests: { verdict: string }[]; submissionId: string };
    expectSpecResult(result, 'WA');
    expect(result.language).toBe('c');
    expect(result.tests.at(-1)!.verdict).toBe('WA');
    expect(result.tests.slice(0, -1).every((test) => test.verdict === 'AC')).toBe(true);
    waId = result.submissionId;
  });

  it('submit on a pipe prints a plain line per test, the verdict last (server and token from SONOCODE_SERVER and SONOCODE_TOKEN)', async () => {
    const run = await sonocode(['submit', 'a-plus-b', AC_SOLUTION], { env: { SONOCODE_SERVER: url, SONOCODE_TOKEN: alice } });
    expect(run.code, run.stderr).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`judging ${AC_SOLUTION} (python) on a-plus-b: 10 tests`);
    expect(lines.filter((line) => /^test \d+\/10 \S+ {2}AC {2}\d+ ms {2}[\d.]+ MB$/.test(line))).toHaveLength(10);
    expect(lines.find((line) => line.startsWith('test 1/10'))).toMatch(/^test 1\/10 sample-1 {2}AC /);
    expect(lines.at(-1)).toBe('verdict: AC (Accepted)');
    expect(run.stdout).not.toMatch(/\x1b\[/);
    expect(run.stderr).toMatch(/^submission [0-9a-f]{24} on http:\/\/127\.0\.0\.1:\d+\n$/);
  });

  it('watch of a finished submission prints its result at once, with the exit code of its verdict', async () => {
    const json = await sonocode(['watch', waId, '--server', url, '--token', alice, '--json'], { timeoutMs: 30_000 });
    expect(json.code, json.stderr).toBe(1);
    const result = JSON.parse(json.stdout) as Record<string, unknown>;
    expectSpecResult(result, 'WA');
    expect(result.submissionId).toBe(waId);

    const plain = await sonocode(['watch', waId, '--server', url, '--token', alice], { timeoutMs: 30_000 });
    expect(plain.code, plain.stderr).toBe(1);
    const lines = plain.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`judging submission ${waId} (c) on a-plus-b: 10 tests`);
    expect(lines.some((line) => /^test \d+\/10 \S+ {2}WA /.test(line))).toBe(true);
    expect(lines.at(-1)).toMatch(/^verdict: WA \(Wrong Answer\) on test \d+ /);
  });

  it('run --server judges the samples on the server (exit 0) and stores no submission; --input prints the output', async () => {
    const before = await fetch(`${url}/api/v1/submissions`, { headers: { authorization: `Bearer ${alice}` } }).then((response) => response.json());
    const samples = await sonocode(['run', 'a-plus-b', AC_SOLUTION, '--server', url, '--token', alice]);
    expect(samples.code, samples.stderr).toBe(0);
    const lines = samples.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`ran ${AC_SOLUTION} (python) on 2 samples of a-plus-b on ${url}`);
    expect(lines.filter((line) => /^✓ sample-\d {2}AC /.test(line))).toHaveLength(2);
    expect(lines.at(-1)).toBe('all 2 samples passed');

    const input = join(work, 'overflow.txt');
    writeFileSync(input, '2147483647 1\n');
    const wrong = await sonocode(['run', 'a-plus-b', WA_SOLUTION, '--server', url, '--token', alice, '--input', input]);
    expect(wrong.code, wrong.stderr).toBe(0);
    // the 32-bit sum wraps: what the program wrote, unchecked
    expect(wrong.stdout).toBe('-2147483648\n');
    expect(wrong.stderr).toMatch(/exit code 0, \d+ ms, [\d.]+ MB\n$/);
    const after = await fetch(`${url}/api/v1/submissions`, { headers: { authorization: `Bearer ${alice}` } }).then((response) => response.json());
    expect(after).toEqual(before);
  });

  it('a wrong token exits 2 with a clear message, and nothing on stdout', async () => {
    const run = await sonocode(['submit', 'a-plus-b', AC_SOLUTION, '--server', url, '--token', 'sono_not-a-token', '--json'], { timeoutMs: 30_000 });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^sonocode: the server at http:\/\/127\.0\.0\.1:\d+ did not accept the token: .*\(SONO_UNAUTHORIZED\)\nhint: check --token/);
    expect(run.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);

    const user = await sonocode(['users', 'create', 'mallory', '--server', url, '--token', alice], { timeoutMs: 30_000 });
    expect(user.code).toBe(2);
    expect(user.stderr).toMatch(/\(SONO_FORBIDDEN\)\nhint: this needs the admin token/);
  });

  it('a server where nothing listens exits 3, saying so', async () => {
    const port = await unusedPort();
    const run = await sonocode(['submit', 'a-plus-b', AC_SOLUTION, '--server', `http://127.0.0.1:${port}`, '--token', 'sono_x', '--json'], { timeoutMs: 30_000 });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^sonocode: cannot reach the server at http://127\\.0\\.0\\.1:${port}: .*\\nhint: is \`sonocode serve\` running there\\?`));
  });

  it('SIGTERM drains the server and it exits 0', async () => {
    server.kill('SIGTERM');
    const exit = await Promise.race([
      serverExit,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the server did not stop within 30 s\nstderr: ${serverStderr}`)), 30_000)),
    ]);
    expect(exit, serverStderr).toEqual({ code: 0, signal: null });
    expect(serverStderr).toContain('sonocode serve: draining, then stopping');
  });
});
