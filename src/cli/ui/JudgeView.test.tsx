import { renderToString } from 'ink';
import { describe, expect, it } from 'vitest';
import type { JudgeEvent } from '../../judge/events.js';
import type { JudgeResult, TestResult } from '../../judge/result.js';
import { stripAnsi } from '../fake-io.js';
import type { JudgeStart } from '../reporters/types.js';
import { JudgeView, testRowCells } from './JudgeView.js';
import { initialState, reduce, settle, type ViewState } from './state.js';

const start: JudgeStart = {
  problem: { slug: 'two-sum', title: 'Two Sum' },
  language: { id: 'cpp', name: 'C++ (g++, gnu++17)' },
  file: 'solution.cpp',
  tests: ['sample-1', 'sample-2', 'big-1'],
};
const ac = (name: string, timeMs: number, memoryKb: number): TestResult => ({ name, verdict: 'AC', timeMs, wallMs: timeMs + 2, memoryKb });

function stateAfter(events: JudgeEvent[]): ViewState {
  return events.reduce(reduce, initialState(start));
}

function screen(state: ViewState, colors = false): string {
  return renderToString(<JudgeView state={state} colors={colors} />, { columns: 100 });
}

describe('the live view state', () => {
  it('starts by preparing the sandbox, with the header printed once', () => {
    const state = initialState(start);
    expect(state.step).toEqual({ kind: 'preparing' });
    expect(state.done.map((item) => item.kind)).toEqual(['header']);
    expect(state.nameWidth).toBe('sample-1'.length);
  });

  it('waits for the server instead of preparing a sandbox when a server judges', () => {
    expect(stripAnsi(screen(initialState(start)))).toContain('preparing the sandbox…');
    const remote = stripAnsi(screen(initialState({ ...start, server: 'http://127.0.0.1:3000' })));
    expect(remote).toContain('waiting for http://127.0.0.1:3000…');
    expect(remote).not.toContain('sandbox');
  });

  it('follows compile → running test i/n → done', () => {
    let state = stateAfter([{ type: 'compile-started', language: 'cpp' }]);
    expect(state.step).toEqual({ kind: 'compiling', language: 'cpp' });
    state = reduce(state, { type: 'compile-finished', compile: { ok: true, timeMs: 812, output: '' } });
    state = reduce(state, { type: 'test-started', index: 1, total: 3, name: 'sample-2' });
    expect(state.step).toEqual({ kind: 'running', index: 1, total: 3, name: 'sample-2' });
    state = reduce(state, { type: 'test-finished', index: 1, total: 3, test: ac('sample-2', 4, 2048) });
    expect(state.done.map((item) => item.key)).toEqual(['header', 'compile', 'test-1']);
  });

  it('settles on an error as "stopped" (main prints the error), or "interrupted" for Ctrl-C', () => {
    expect(settle(initialState(start), { error: new Error('no Docker\nmore') }).step).toEqual({ kind: 'failed', message: 'stopped' });
    expect(settle(initialState(start), { error: new DOMException('aborted', 'AbortError') }).step).toEqual({ kind: 'failed', message: 'interrupted' });
  });
});

describe('the live view', () => {
  it('shows a spinner while compiling', () => {
    const text = screen(stateAfter([{ type: 'compile-started', language: 'cpp' }]));
    expect(text).toMatch(/^Two Sum \(two-sum\)\nsolution\.cpp · C\+\+ \(g\+\+, gnu\+\+17\) · 3 tests\n. compiling cpp…$/);
  });

  it('shows a row per finished test and "running test i/n"', () => {
    const text = screen(
      stateAfter([
        { type: 'compile-started', language: 'cpp' },
        { type: 'compile-finished', compile: { ok: true, timeMs: 812, output: '' } },
        { type: 'test-started', index: 0, total: 3, name: 'sample-1' },
        { type: 'test-finished', index: 0, total: 3, test: ac('sample-1', 3, 3120) },
        { type: 'test-started', index: 1, total: 3, name: 'sample-2' },
      ]),
    );
    const lines = text.split('\n');
    expect(lines[2]).toBe('✓ compiled cpp in 812 ms');
    expect(lines[3]).toBe('  ✓ 1/3 sample-1  AC     3 ms   3.0 MB');
    expect(lines[4]).toMatch(/^. running test 2\/3 sample-2$/);
  });

  it('ends with the verdict, the largest time and memory, and the failing test', () => {
    const wa: TestResult = { name: 'sample-2', verdict: 'WA', timeMs: 2, wallMs: 3, memoryKb: 3100, message: 'line 1, token 1: expected "1", got "0"' };
    const result: JudgeResult = {
      verdict: 'WA',
      language: 'cpp',
      problem: 'two-sum',
      compile: { ok: true, timeMs: 812, output: '' },
      tests: [ac('sample-1', 3, 3120), wa],
      timeMs: 3,
      memoryKb: 3120,
    };
    const text = screen(
      stateAfter([
        { type: 'compile-finished', compile: result.compile },
        { type: 'test-finished', index: 0, total: 3, test: result.tests[0] },
        { type: 'test-finished', index: 1, total: 3, test: wa },
        { type: 'finished', result },
      ]),
    );
    expect(text).toContain('  ✗ 2/3 sample-2  WA     2 ms   3.0 MB\n    line 1, token 1: expected "1", got "0"');
    expect(text.trimEnd().split('\n').slice(-2)).toEqual(['1/3 tests passed, 1 not run, max 3 ms, 3.0 MB', 'verdict: WA (Wrong Answer) on test 2 (sample-2)']);
  });

  it('shows the compiler output on CE', () => {
    const compile = { ok: false, timeMs: 120, output: "main.cpp:3:5: error: expected ';' before '}' token" };
    const result: JudgeResult = { verdict: 'CE', language: 'cpp', problem: 'two-sum', compile, tests: [], timeMs: 0, memoryKb: 0 };
    const text = screen(stateAfter([{ type: 'compile-started', language: 'cpp' }, { type: 'compile-finished', compile }, { type: 'finished', result }]));
    expect(text).toContain("✗ compilation failed (cpp) in 120 ms\n  main.cpp:3:5: error: expected ';' before '}' token");
    expect(text.trimEnd().endsWith('verdict: CE (Compilation Error)')).toBe(true);
  });

  it('colours only when colours are allowed', () => {
    const state = settle(initialState(start), {
      result: { verdict: 'AC', language: 'cpp', problem: 'two-sum', compile: { ok: true, timeMs: 1, output: '' }, tests: [], timeMs: 0, memoryKb: 0 },
    });
    expect(screen(state, false)).not.toContain('\x1b[');
    // ink's own colour support follows the terminal; the view asks for none when told not to
    expect(stripAnsi(screen(state, true))).toContain('verdict: AC (Accepted)');
  });
});

describe('testRowCells', () => {
  it('aligns counters, names, times and memory into columns', () => {
    const cells = testRowCells(8, 12, ac('big', 1234, 10 * 1024), 6);
    expect(cells).toEqual({ mark: '✓', counter: ' 9/12', name: 'big   ', verdict: 'AC ', time: ' 1234 ms', memory: '  10.0 MB' });
  });
});
