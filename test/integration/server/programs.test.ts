/**
 * Problems with programs of their own on a server: a custom checker (an ICPC output validator of
 * several files) and interactors (a C++ one, and one built by build/run scripts). Each is uploaded
 * the three ways a problem reaches a server — `sonocode problems import --server`, the client
 * library, and a zip through `POST /api/v1/problems/import` — kept with its files inline, and
 * judged by the embedded server's worker in the real sandbox: submissions, and the page's Run.
 */
import { execFile, execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SonocodeClient } from '../../../src/client/index.js';
import { loadProblem } from '../../../src/judge/problem/load.js';
import type { ProblemView } from '../../../src/protocol/index.js';
import { runServe, type RunningServer } from '../../../src/server/main.js';
import { BIN, ensureBuilt, ROOT, tempDir } from './helpers.js';

const ADMIN = 'programs-admin-token-0123456789';
const ICPC = join(ROOT, 'test/fixtures/icpc');
const GUESS = join(ROOT, 'problems/guess-the-number');

describe('custom checkers and interactors on the server (embedded, real sandbox)', () => {
  const dir = tempDir('programs');
  let server: RunningServer;
  let admin: SonocodeClient;
  let user: SonocodeClient;
  let userToken: string;

  const source = (file: string) => readFile(file, 'utf8');
  const verdictOf = async (problemId: string, file: string, language: string) =>
    (await user.submitAndWatch({ problemId, language, code: await source(file) })).result;

  beforeAll(async () => {
    ensureBuilt();
    server = await runServe({ port: 0, dbPath: join(dir.path, 'sonocode.db'), adminToken: ADMIN, logLevel: 'silent' }, undefined, { env: {} });
    admin = new SonocodeClient({ server: server.url!, token: ADMIN });
    const ann = await admin.createUser('ann');
    userToken = ann.token;
    user = new SonocodeClient({ server: server.url!, token: ann.token });
  });

  afterAll(async () => {
    await server?.close();
    dir.remove();
  });

  it('`problems import --server` uploads an interactive problem with its interactor inline; the worker plays it', async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [BIN, 'problems', 'import', GUESS, '--server', server.url!, '--token', ADMIN]);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/guess-the-number/);

    const stored = await admin.getProblem('guess-the-number');
    expect(stored.interactor).toEqual({ language: 'cpp', files: [{ path: 'interactor.cpp', content: await source(join(GUESS, 'interactor.cpp')) }] });
    // the user sees that the problem is interactive, never the interactor's code
    const shown = await user.getProblem('guess-the-number');
    expect(shown.interactor).toEqual({ language: 'cpp' });
    expect(JSON.stringify(shown)).not.toContain('#include');

    const submissions = join(GUESS, 'submissions');
    expect((await verdictOf('guess-the-number', join(submissions, 'accepted/solution.py'), 'python')).verdict).toBe('AC');
    const wrong = await verdictOf('guess-the-number', join(submissions, 'wrong_answer/too_many_guesses.c'), 'c');
    expect(wrong.verdict).toBe('WA');
    const silent = await verdictOf('guess-the-number', join(submissions, 'time_limit_exceeded/forgets_to_flush.py'), 'python');
    expect(silent.verdict).toBe('TLE');
  });

  it("Run on an interactive problem shows each sample's exchange, and a custom input is the interactor's", async () => {
    const code = await source(join(GUESS, 'submissions/accepted/solution.py'));
    const samples = await user.run({ problemId: 'guess-the-number', language: 'python', code });
    expect(samples.verdict).toBe('AC');
    expect(samples.samples?.[0]?.stdout).toMatch(/^> 500000\n< lower\n/);
    expect(samples.samples?.[0]?.exchange).toBe(true);
    // the CLI's run --server shows it as a local run does
    const file = join(GUESS, 'submissions/accepted/solution.py');
    const shown = await promisify(execFile)(process.execPath, [BIN, 'run', 'guess-the-number', file, '--server', server.url!, '--token', userToken]);
    expect(shown.stdout).toMatch(/exchange \(> your program, < the interactor\):\n {6}> 500000\n {6}< lower\n/);
    const custom = await user.run({ problemId: 'guess-the-number', language: 'python', code, input: '1\n' });
    expect(custom.verdict).toBe('AC');
    expect(custom.output?.stdout).toMatch(/< correct\n?$/);
  });

  it('the client library uploads an ICPC package whose output validator has several files; it judges as the authors say', async () => {
    const view: ProblemView = await admin.importProblem(await loadProblem(join(ICPC, 'permutation-2025')));
    expect(view.checker.type).toBe('custom');
    expect(((view.checker as { files?: { path: string }[] }).files ?? []).map((file) => file.path).sort()).toEqual(['multiset.cpp', 'multiset.h', 'validator.cpp']);
    // the group secret/sorted gives the validator `sorted` for its tests
    expect(view.testCases.find((test) => test.name === 'secret/sorted/1')?.checkerArgs).toEqual(['sorted']);
    const submissions = join(ICPC, 'permutation-2025/submissions');
    expect((await verdictOf(view.slug, join(submissions, 'accepted/sort.cpp'), 'cpp')).verdict).toBe('AC');
    expect((await verdictOf(view.slug, join(submissions, 'wrong_answer/drop-last.c'), 'c')).verdict).toBe('WA');
    // any order passes the other groups; only the group's argument makes a reversed answer wrong
    const reversed = await verdictOf(view.slug, join(submissions, 'wrong_answer/reverse.py'), 'python');
    expect(reversed.verdict).toBe('WA');
    expect(reversed.tests?.find((test) => test.verdict !== 'AC')?.name).toBe('secret/sorted/1');
    expect((await verdictOf(view.slug, join(submissions, 'run_time_error/exit-code.py'), 'python')).verdict).toBe('RE');
  });

  it('a zipped package with an interactor built by build/run scripts is imported and judged', async () => {
    const zip = join(dir.path, 'guess-scripted.zip');
    execFileSync('/usr/bin/python3', ['-m', 'zipfile', '-c', zip, join(ICPC, 'guess-scripted')]);
    const response = await fetch(`${server.url}/api/v1/problems/import?name=guess-scripted.zip`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/zip' },
      body: await readFile(zip),
    });
    expect(response.status).toBe(201);
    const { problem } = (await response.json()) as { problem: ProblemView };
    expect(problem.interactor?.language).toBe('script');
    expect(problem.interactor?.files?.map((file) => file.path).sort()).toEqual(['build', 'interactor.cpp', 'run']);
    const submissions = join(ICPC, 'guess-scripted/submissions');
    expect((await verdictOf(problem.slug, join(submissions, 'accepted/bisect.py'), 'python')).verdict).toBe('AC');
    expect((await verdictOf(problem.slug, join(submissions, 'wrong_answer/linear.py'), 'python')).verdict).toBe('WA');
  });

  it("a problem's program named by a file is refused with the field and the way to send it", async () => {
    const response = await fetch(`${server.url}/api/v1/problems`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Named', testCases: [{ input: '1', output: '1' }], interactor: { source: 'interactor.cpp', language: 'cpp' } }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { issues: { path: string; message: string }[] };
    expect(body.issues).toEqual([expect.objectContaining({ path: 'body.interactor.source', message: expect.stringMatching(/files inline/) })]);
  });
});
