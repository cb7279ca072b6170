/**
 * The judge flow over a fake sandbox: what is compiled and run, in which session, which tests are
 * judged, what becomes IE, and that the session is released however judging ends.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SandboxError } from '../sandbox/errors.js';
import type { JudgeEvent } from './events.js';
import { scoringGroup } from './problem/scoring.js';
import { FakeSandbox, testProblem, type FakeBehaviour } from './testing.js';
import { LanguageRegistry } from './languages.js';
import { judgeSubmission, openJudge, SHOWN_OUTPUT_KB, TimeLimitUnknownError } from './pipeline.js';
import type { Problem, ScoringGroup } from './problem/types.js';

const cpp = new LanguageRegistry().get('cpp');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sonocode-pipeline-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/**
 * A problem whose tests tell the fake program what to do: each test's input is the verdict the
 * program should earn (`AC`, `WA`, `RE`, `TLE`), and every expected output is `ok`.
 */
function problem(inputs: string[], overrides: Partial<Problem> = {}): Problem {
  const testCases = inputs.map((input, index) => ({ name: `t${index + 1}`, sample: index === 0, input: { text: input }, output: { text: 'ok\n' } }));
  return testProblem({ testCases, ...overrides });
}

/** The fake program: compiles, then does what each test's input says. */
const scripted: FakeBehaviour = ({ kind, stdin }) => {
  if (kind !== 'test') return {};
  switch (stdin) {
    case 'WA':
      return { stdout: 'no\n', cpuMs: 5 };
    case 'RE':
      return { exitCode: 3, stderr: 'boom\n' };
    case 'TLE':
      return { status: 'cpu-time-limit', cpuMs: 1000 };
    default:
      return { stdout: 'ok\n', cpuMs: 4, memoryKb: 2048 };
  }
};

function judge(sandbox: FakeSandbox, inputs: string[], options: Parameters<typeof judgeSubmission>[2] = {}, overrides: Partial<Problem> = {}) {
  return judgeSubmission({ problem: problem(inputs, overrides), source: 'int main() {}', language: cpp }, sandbox, options);
}

describe('judgeSubmission', () => {
  it('compiles once, seals, judges the tests in order in one session, reports each step and disposes the session', async () => {
    const sandbox = new FakeSandbox(scripted);
    const events: JudgeEvent['type'][] = [];
    const result = await judge(sandbox, ['AC', 'AC', 'AC'], { onEvent: (event) => events.push(event.type) });
    expect(result).toMatchObject({ verdict: 'AC', problem: 'p', language: 'cpp', compile: { ok: true }, timeMs: 4, memoryKb: 2048 });
    expect(result.tests.map((test) => [test.name, test.verdict, test.sample])).toEqual([
      ['t1', 'AC', true],
      ['t2', 'AC', false],
      ['t3', 'AC', false],
    ]);
    expect(sandbox.sessions).toHaveLength(1);
    const [session] = sandbox.sessions;
    expect(session.runs.map((run) => run.kind)).toEqual(['compile', 'test', 'test', 'test']);
    expect(session.sealed).toBe(true);
    expect(session.disposed).toBe(true);
    expect(session.runs[1].request.limits).toEqual({ cpuTimeMs: 1000, wallTimeMs: 3000, memoryMb: 64, outputKb: 64 });
    expect(events).toEqual(['compile-started', 'compile-finished', ...Array(3).fill(['test-started', 'test-finished']).flat(), 'finished']);
  });

  it('stops at the first failing test of a pass-fail problem; `all` judges every test', async () => {
    const sandbox = new FakeSandbox(scripted);
    const stopped = await judge(sandbox, ['AC', 'WA', 'AC']);
    expect(stopped.verdict).toBe('WA');
    expect(stopped.tests.map((test) => test.verdict)).toEqual(['AC', 'WA']);
    expect(sandbox.runs('test')).toHaveLength(2);

    const all = await judge(sandbox, ['AC', 'RE', 'TLE'], { all: true });
    expect(all.verdict).toBe('RE');
    expect(all.tests.map((test) => [test.verdict, test.message])).toEqual([
      ['AC', undefined],
      ['RE', 'exit code 3: boom'],
      ['TLE', 'CPU time limit exceeded (1000 ms)'],
    ]);
  });

  it('judges a scoring problem past a failure, skipping only the tests that cannot score any more', async () => {
    // two groups worth 40 and 60, each scoring nothing once one of its tests fails
    const group = (name: string, tests: string[], score: number): ScoringGroup =>
      scoringGroup({ name, items: tests.map((test) => ({ test })), maxScore: score, acceptScore: score / tests.length, stopOnReject: true, reported: true });
    const scoring = scoringGroup({ name: 'data', items: [{ group: group('group1', ['t1', 't2'], 40) }, { group: group('group2', ['t3'], 60) }] });
    const sandbox = new FakeSandbox(scripted);
    const result = await judge(sandbox, ['WA', 'AC', 'AC'], {}, { scoring });
    expect(result.tests.map((test) => `${test.name} ${test.verdict}`)).toEqual(['t1 WA', 't3 AC']);
    expect(sandbox.runs('test').map((run) => run.stdin)).toEqual(['WA', 'AC']);
    expect(result).toMatchObject({ verdict: 'WA', score: 60, maxScore: 100 });
  });

  it('a checker program that does not build makes the test IE with the compiler message, not an exception', async () => {
    const checkerSource = join(dir, 'checker.cpp');
    await writeFile(checkerSource, 'int main() { oops }\n');
    const sandbox = new FakeSandbox((run) => (run.kind === 'checker' ? { exitCode: 1, stderr: "checker.cpp:1:14: error: 'oops' was not declared" } : scripted(run)));
    const result = await judge(sandbox, ['AC', 'AC'], {}, { checker: { type: 'custom', sourcePath: checkerSource, language: 'cpp' } });
    expect(result.verdict).toBe('IE');
    expect(result.tests).toHaveLength(1);
    expect(result.tests[0]).toMatchObject({ verdict: 'IE', message: expect.stringMatching(/^the checker .*checker\.cpp does not compile:\n.*'oops' was not declared/) });
    expect(result.message).toBe(result.tests[0].message);
    expect(sandbox.sessions.map((session) => [session.role ?? 'submission', session.disposed])).toEqual([
      ['submission', true],
      ['checker', true],
    ]);
  });

  it('a compile error is CE: no test runs and nothing is sealed', async () => {
    const sandbox = new FakeSandbox(({ kind }) => (kind === 'compile' ? { exitCode: 1, stderr: 'main.cpp:1: error: expected ;' } : {}));
    const result = await judge(sandbox, ['AC']);
    expect(result).toMatchObject({ verdict: 'CE', compile: { ok: false, output: 'main.cpp:1: error: expected ;' }, tests: [] });
    expect(sandbox.sessions[0]).toMatchObject({ sealed: false, disposed: true });
  });

  it('Ctrl-C stops judging between tests with the abort reason, and the session is disposed', async () => {
    const controller = new AbortController();
    const sandbox = new FakeSandbox((run) => {
      if (run.kind === 'test') controller.abort();
      return scripted(run);
    });
    await expect(judge(sandbox, ['AC', 'AC'], { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(sandbox.runs('test')).toHaveLength(1);
    expect(sandbox.sessions[0].disposed).toBe(true);
  });

  it('a sandbox failure is thrown (machinery, not a verdict), and the session is disposed', async () => {
    const sandbox = new FakeSandbox((run) => {
      if (run.kind === 'test') throw new SandboxError('SANDBOX_FAILED', 'the runner died');
      return {};
    });
    await expect(judge(sandbox, ['AC'])).rejects.toMatchObject({ code: 'SANDBOX_FAILED' });
    expect(sandbox.sessions[0].disposed).toBe(true);
  });

  it('refuses a problem without a time limit before asking the sandbox for anything; a given limit judges it', async () => {
    const sandbox = new FakeSandbox(scripted);
    await expect(judge(sandbox, ['AC'], {}, { timeLimitSource: 'unknown' })).rejects.toBeInstanceOf(TimeLimitUnknownError);
    expect(sandbox.sessions).toHaveLength(0);
    const result = await judge(sandbox, ['AC'], { timeLimitMs: 300 }, { timeLimitSource: 'unknown' });
    expect(result.verdict).toBe('AC');
    expect(sandbox.runs('test')[0].request.limits.cpuTimeMs).toBe(300);
  });
});

describe('openJudge: the compiled submission other drivers use', () => {
  it('judges samples with what the program wrote, and runs inputs of the user’s unchecked, in its one session', async () => {
    const sandbox = new FakeSandbox(scripted);
    const submission = { problem: problem(['AC', 'WA']), source: 'int main() {}', language: cpp };
    const compiled = await openJudge(submission, sandbox);
    try {
      expect(compiled.ok).toBe(true);
      const sample = await compiled.judgeSample(submission.problem.testCases[1]);
      expect(sample.result).toMatchObject({ name: 't2', verdict: 'WA', timeMs: 5 });
      expect(sample.output).toEqual({ stdout: 'no\n', stderr: '' });
      expect(await compiled.runOnInput({ text: 'anything' })).toMatchObject({ verdict: 'AC', stdout: 'ok\n', exitCode: 0 });
      expect(await compiled.runOnInput({ text: 'RE' })).toMatchObject({ verdict: 'RE', stderr: 'boom\n', exitCode: 3 });
      expect(await compiled.judgeTest(submission.problem.testCases[0])).toMatchObject({ verdict: 'AC' });
    } finally {
      await compiled[Symbol.asyncDispose]();
    }
    expect(sandbox.sessions).toHaveLength(1);
    expect(sandbox.runs('compile')).toHaveLength(1);
    // an input of the user's is shown whole or not at all: its output is bounded by what is shown
    expect(sandbox.runs('test').map((run) => run.request.limits.outputKb)).toEqual([64, Math.min(64, SHOWN_OUTPUT_KB), Math.min(64, SHOWN_OUTPUT_KB), 64]);
    expect(sandbox.sessions[0].disposed).toBe(true);
    await expect(compiled.judgeTest(submission.problem.testCases[0])).rejects.toThrow(/disposed/);
  });

  it('a submission that did not compile has nothing to run', async () => {
    const sandbox = new FakeSandbox(({ kind }) => (kind === 'compile' ? { exitCode: 1 } : {}));
    await using compiled = await openJudge({ problem: problem(['AC']), source: 'x', language: cpp }, sandbox);
    expect(compiled.ok).toBe(false);
    await expect(compiled.runOnInput({ text: '' })).rejects.toThrow(/did not compile/);
  });
});
