import { describe, expect, it } from 'vitest';
import type { JudgeResult } from '../judge/result.js';
import type { Progress } from './progress.js';
import { redactProgress, redactResult } from './redact.js';

describe('redaction of hidden tests', () => {
  const visible = { name: 'sample-1', verdict: 'RE', timeMs: 1, wallMs: 1, memoryKb: 1, sample: true, exitCode: 3, signal: null, message: 'visible' } as const;
  // a program that exits with the first byte of its hidden input: 83 is "S" of SECRET
  const secret = { name: 'test-1', verdict: 'RE', timeMs: 2, wallMs: 5, memoryKb: 7, sample: false, exitCode: 83, signal: 'SIGSEGV', score: 4, message: 'SECRET-OUT' } as const;
  const result: JudgeResult = { verdict: 'RE', language: 'c', problem: 'sum', compile: { ok: true, timeMs: 1, output: '' }, tests: [visible, secret], timeMs: 2, memoryKb: 7, message: 'SECRET-OUT' };
  const HIDDEN_SHOWN = { name: 'test-1', verdict: 'RE', timeMs: 2, wallMs: 5, memoryKb: 7, sample: false };

  it('shows a hidden test by its verdict, time and memory only; a sample whole', () => {
    const shown = redactResult(result);
    expect(shown.tests[0]).toEqual(visible);
    expect(shown.tests[1]).toEqual(HIDDEN_SHOWN);
    expect(JSON.stringify(shown)).not.toContain('SECRET');
    // the stored result is not touched
    expect(result.tests[1].exitCode).toBe(83);
  });

  it('treats a test not marked as a sample as hidden', () => {
    const { sample: _sample, ...unmarked } = secret;
    expect(redactResult({ ...result, tests: [unmarked] }).tests[0]).not.toHaveProperty('exitCode');
  });

  it('redacts stored progress the same way, keeping where each test is', () => {
    const progress: Progress = { rank: 6, tests: [{ index: 0, total: 2, ...visible }, { index: 1, total: 2, ...secret }] };
    expect(redactProgress(progress).tests).toEqual([{ index: 0, total: 2, ...visible }, { index: 1, total: 2, ...HIDDEN_SHOWN }]);
  });

  it('keeps fields it does not know on the result and on samples, never on hidden tests', () => {
    const grown = { ...result, tests: result.tests.map((test) => ({ ...test, cpuModel: 'x86' })), judgeVersion: '2' } as JudgeResult;
    const shown = redactResult(grown) as JudgeResult & { judgeVersion?: string };
    expect(shown.judgeVersion).toBe('2');
    expect(shown.tests.map((test) => (test as { cpuModel?: string }).cpuModel)).toEqual(['x86', undefined]);
  });
});
