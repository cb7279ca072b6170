import { describe, expect, it } from 'vitest';
import type { JudgeEvent } from '../../judge/events.js';
import type { JudgeResult, TestResult } from '../../judge/result.js';
import { fakeIo, MemoryStream, stripAnsi } from '../fake-io.js';
import { createStyle } from '../format.js';
import { createReporter, reporterKind } from './index.js';
import { createJsonReporter } from './json.js';
import { createPlainReporter } from './plain.js';
import type { JudgeStart, Reporter } from './types.js';

const start: JudgeStart = {
  problem: { slug: 'two-sum', title: 'Two Sum' },
  language: { id: 'cpp', name: 'C++ (g++, gnu++17)' },
  file: 'solution.cpp',
  tests: ['sample-1', 'secret-1', 'secret-2'],
};

const test1: TestResult = { name: 'sample-1', verdict: 'AC', timeMs: 3, wallMs: 5, memoryKb: 3120, sample: true };
const test2: TestResult = {
  name: 'secret-1',
  verdict: 'WA',
  timeMs: 2,
  wallMs: 4,
  memoryKb: 3100,
  message: 'line 1, token 1: expected "3", got "4"',
};
const waResult: JudgeResult = {
  verdict: 'WA',
  language: 'cpp',
  problem: 'two-sum',
  compile: { ok: true, timeMs: 812, output: '' },
  tests: [test1, test2],
  timeMs: 3,
  memoryKb: 3120,
};

/** A judge run as the pipeline reports it: compile, then tests, stopping at the first failure. */
function waEvents(): JudgeEvent[] {
  return [
    { type: 'compile-started', language: 'cpp' },
    { type: 'compile-finished', compile: waResult.compile },
    { type: 'test-started', index: 0, total: 3, name: 'sample-1' },
    { type: 'test-finished', index: 0, total: 3, test: test1 },
    { type: 'test-started', index: 1, total: 3, name: 'secret-1' },
    { type: 'test-finished', index: 1, total: 3, test: test2 },
    { type: 'finished', result: waResult },
  ];
}

async function feed(reporter: Reporter, events: JudgeEvent[], result: JudgeResult): Promise<void> {
  reporter.begin(start);
  for (const event of events) reporter.onEvent(event);
  await reporter.end({ result });
}

describe('plain reporter', () => {
  it('prints one line per step and the verdict last', async () => {
    const stdout = new MemoryStream();
    await feed(createPlainReporter(stdout, createStyle(false)), waEvents(), waResult);
    expect(stdout.text().split('\n')).toEqual([
      'judging solution.cpp (cpp) on two-sum: 3 tests',
      'compiling cpp...',
      'compiled in 812 ms',
      'test 1/3 sample-1  AC  3 ms  3.0 MB',
      'test 2/3 secret-1  WA  2 ms  3.0 MB',
      '  line 1, token 1: expected "3", got "4"',
      '1/3 tests passed, 1 not run, max 3 ms, 3.0 MB',
      'verdict: WA (Wrong Answer) on test 2 (secret-1)',
      '',
    ]);
  });

  it('prints the compiler output on CE', async () => {
    const stdout = new MemoryStream();
    const compile = { ok: false, timeMs: 95, output: "main.cpp:1:1: error: 'x' does not name a type" };
    const result: JudgeResult = { ...waResult, verdict: 'CE', compile, tests: [], timeMs: 0, memoryKb: 0 };
    await feed(
      createPlainReporter(stdout, createStyle(false)),
      [
        { type: 'compile-started', language: 'cpp' },
        { type: 'compile-finished', compile },
        { type: 'finished', result },
      ],
      result,
    );
    expect(stdout.text()).toBe(
      [
        'judging solution.cpp (cpp) on two-sum: 3 tests',
        'compiling cpp...',
        'compilation failed in 95 ms',
        "main.cpp:1:1: error: 'x' does not name a type",
        'verdict: CE (Compilation Error)',
        '',
      ].join('\n'),
    );
  });

  it('says "Accepted" with the largest time and memory, and "1 test" of a problem with one', async () => {
    const stdout = new MemoryStream();
    const result: JudgeResult = { ...waResult, verdict: 'AC', tests: [test1], timeMs: 3, memoryKb: 3120 };
    const reporter = createPlainReporter(stdout, createStyle(false));
    reporter.begin({ ...start, tests: ['sample-1'] });
    reporter.onEvent({ type: 'test-finished', index: 0, total: 1, test: test1 });
    await reporter.end({ result });
    expect(stdout.text().split('\n')[0]).toBe('judging solution.cpp (cpp) on two-sum: 1 test');
    expect(stdout.text().trimEnd().split('\n').slice(-2)).toEqual(['1/1 test passed, max 3 ms, 3.0 MB', 'verdict: AC (Accepted)']);
  });

  it('colours verdicts only when colour is allowed', async () => {
    const coloured = new MemoryStream();
    await feed(createPlainReporter(coloured, createStyle(true)), waEvents(), waResult);
    expect(coloured.text()).toContain('\x1b[');
    expect(stripAnsi(coloured.text())).toContain('verdict: WA (Wrong Answer) on test 2 (secret-1)');
    const plain = new MemoryStream();
    await feed(createPlainReporter(plain, createStyle(false)), waEvents(), waResult);
    expect(plain.text()).not.toContain('\x1b[');
  });

  it('prints nothing more when judging failed (main prints the error on stderr)', async () => {
    const stdout = new MemoryStream();
    const reporter = createPlainReporter(stdout, createStyle(false));
    reporter.begin(start);
    reporter.onEvent({ type: 'compile-started', language: 'cpp' });
    await reporter.end({ error: new Error('the Docker daemon is not running') });
    expect(stdout.text()).toBe('judging solution.cpp (cpp) on two-sum: 3 tests\ncompiling cpp...\n');
  });
});

describe('json reporter', () => {
  it('prints exactly one JSON object, the result, and nothing else', async () => {
    const stdout = new MemoryStream();
    const reporter = createJsonReporter(stdout);
    await feed(reporter, waEvents(), waResult);
    await reporter.end({ result: waResult }); // a second end changes nothing
    const text = stdout.text();
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(text)).toEqual(waResult);
    // the SPEC §4 field names
    expect(Object.keys(JSON.parse(text))).toEqual(expect.arrayContaining(['verdict', 'language', 'problem', 'compile', 'tests', 'timeMs', 'memoryKb']));
  });

  it('prints nothing on stdout when judging failed', async () => {
    const stdout = new MemoryStream();
    const reporter = createJsonReporter(stdout);
    reporter.begin(start);
    reporter.onEvent({ type: 'compile-started', language: 'cpp' });
    await reporter.end({ error: new Error('boom') });
    expect(stdout.text()).toBe('');
  });
});

describe('choosing a reporter', () => {
  it('uses json for --json, ink on a terminal, plain lines on a pipe', () => {
    expect(reporterKind({ interactive: true }, true)).toBe('json');
    expect(reporterKind({ interactive: true }, false)).toBe('ink');
    expect(reporterKind({ interactive: false }, false)).toBe('plain');
  });

  it('feeds the same event stream to the live view, which leaves its last frame and unmounts', async () => {
    const io = fakeIo({ tty: true });
    const reporter = await createReporter('ink', io, { color: false });
    await feed(reporter, waEvents(), waResult);
    const screen = stripAnsi(io.stdout.text());
    expect(screen).toContain('Two Sum (two-sum)');
    expect(screen).toContain('✓ compiled cpp in 812 ms');
    expect(screen).toMatch(/✗ 2\/3 secret-1 +WA +2 ms +3\.0 MB/);
    expect(screen).toContain('verdict: WA (Wrong Answer) on test 2 (secret-1)');
  });
});
