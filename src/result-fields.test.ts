/**
 * A field the judge adds to its result reaches every transport without another edit (on hidden
 * tests too for the admin and local judging; a user's view of a hidden test shows verdict, time and
 * memory only): the API's
 * submission, the WebSocket's `finished` message and `--json` (of `submit --server`, and of the
 * JSON reporter every local command ends in). The server runs in this process — every role, SQLite
 * in a temporary folder, the in-process queue — with a judge that returns a result grown by fields
 * no schema, type or view names.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { defaultDeps } from './cli/deps.js';
import { conclude } from './cli/exit-codes.js';
import { fakeIo } from './cli/fake-io.js';
import { createJsonReporter } from './cli/reporters/json.js';
import { runCli } from './cli/run-cli.js';
import type { judgeSubmission } from './judge/pipeline.js';
import type { JudgeResult } from './judge/result.js';
import type { ServerFrame, StatusMessage } from './protocol/index.js';
import type { SandboxBackend } from './sandbox/types.js';
import { runServe, type RunningServer } from './server/main.js';

const ADMIN = 'result-fields-admin-token-0123';

/** What no part of sonocode knows: a field of the result and a field of each test. */
const NEW_FIELDS = { judgeVersion: 'judge-2.0' };
const NEW_TEST_FIELDS = { cpuModel: 'riscv' };

/** A judge that emits the usual events and returns a result with fields nothing else names. */
const growingJudge: typeof judgeSubmission = async (input, _sandbox, options = {}) => {
  const tests = input.problem.testCases.map((test) => ({ name: test.name, verdict: 'AC' as const, timeMs: 1, wallMs: 2, memoryKb: 3, sample: test.sample, ...NEW_TEST_FIELDS }));
  options.onEvent?.({ type: 'compile-started', language: input.language.id });
  options.onEvent?.({ type: 'compile-finished', compile: { ok: true, timeMs: 1, output: '' } });
  tests.forEach((test, index) => {
    options.onEvent?.({ type: 'test-started', index, total: tests.length, name: test.name });
    options.onEvent?.({ type: 'test-finished', index, total: tests.length, test });
  });
  const result = { verdict: 'AC', language: input.language.id, problem: input.problem.slug, compile: { ok: true, timeMs: 1, output: '' }, tests, timeMs: 1, memoryKb: 3, ...NEW_FIELDS } as JudgeResult;
  options.onEvent?.({ type: 'finished', result });
  return result;
};

/** No containers here: the judge above never asks for one. */
const noSandbox: SandboxBackend = {
  name: 'none',
  check: async () => {},
  prepare: async () => {
    throw new Error('this test judges without a sandbox');
  },
  reap: async () => 0,
};

/**
 * `--json` shows every test whole; a user's view of the server shows samples whole and hidden tests
 * by verdict, time and memory only — a field nothing names is no exception (src/protocol/redact.ts).
 */
function expectGrown(result: unknown, where: string, view: 'whole' | 'user' = 'whole'): void {
  expect(result, where).toMatchObject(NEW_FIELDS);
  for (const test of (result as JudgeResult).tests) {
    if (view === 'whole' || test.sample) expect(test, where).toMatchObject(NEW_TEST_FIELDS);
    else expect(test, `${where}: hidden test ${test.name}`).not.toHaveProperty('cpuModel');
  }
}

describe('a new field in the judge result', () => {
  const dir = mkdtempSync(join(tmpdir(), 'sonocode-fields-'));
  let server: RunningServer;
  let user: { id: string; token: string };

  const api = async (path: string, token: string, body?: unknown): Promise<any> => {
    const response = await fetch(`${server.url}${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    expect(response.ok, `${path}: ${response.status}`).toBe(true);
    return response.json();
  };

  beforeAll(async () => {
    server = await runServe({ port: 0, dbPath: join(dir, 'sonocode.db'), adminToken: ADMIN, logLevel: 'silent' }, undefined, {
      env: {},
      sandbox: noSandbox,
      judge: growingJudge,
    });
    user = await api('/api/v1/users', ADMIN, { name: 'ann' });
    await api('/api/v1/problems', ADMIN, { title: 'Sum', slug: 'sum', testCases: [{ input: '1 2\n', output: '3\n', sample: true }, { input: '2 2\n', output: '4\n' }] });
  });

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reaches `submit --server --json`, the API response and the WebSocket message', async () => {
    // a socket of the user, listening before the submission is made
    const frames: ServerFrame[] = [];
    const socket = new WebSocket(`${server.socketUrl}?token=${user.token}`);
    socket.on('message', (data) => frames.push(JSON.parse(data.toString()) as ServerFrame));
    await new Promise<void>((resolve) => socket.on('message', () => resolve()));

    const solution = join(dir, 'sum.py');
    writeFileSync(solution, 'print(sum(map(int, input().split())))\n');
    const io = fakeIo();
    const outcome = await runCli({
      argv: ['submit', 'sum', solution, '--server', server.url!, '--token', user.token, '--json'],
      env: { NO_COLOR: '1' },
      io,
      signal: new AbortController().signal,
      version: '0.0.0',
      deps: defaultDeps,
    });
    expect(conclude(outcome, { debug: false, interrupted: false }).exitCode, io.stderr.text()).toBe(0);
    const printed = JSON.parse(io.stdout.text()) as JudgeResult & { submissionId: string };
    expectGrown(printed, '--json', 'user');

    const submission = await api(`/api/v1/submissions/${printed.submissionId}`, user.token);
    expectGrown(submission.result, 'GET /api/v1/submissions/:id', 'user');

    const finished = frames.find((frame): frame is StatusMessage => frame.type === 'status' && frame.event === 'finished');
    expectGrown(finished?.result, 'the WebSocket', 'user');
    socket.close();
  });

  it('reaches the JSON reporter of local judging as it is', async () => {
    const io = fakeIo();
    const grown = { ...(await growingJudge({ problem: { slug: 'p', testCases: [] }, language: { id: 'c' } } as never, noSandbox)) };
    await createJsonReporter(io.stdout).end({ result: grown });
    expect(JSON.parse(io.stdout.text())).toMatchObject(NEW_FIELDS);
  });
});
