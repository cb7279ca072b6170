import { describe, expect, it } from 'vitest';
import type { JudgeResult } from '../judge/result.js';
import { redactResult } from './redact.js';

describe('redactResult', () => {
  const visible = { name: 'sample-1', verdict: 'WA', timeMs: 1, wallMs: 1, memoryKb: 1, sample: true, message: 'visible' } as const;
  const secret = { name: 'test-1', verdict: 'IE', timeMs: 1, wallMs: 1, memoryKb: 1, sample: false, message: 'SECRET-OUT' } as const;
  const result: JudgeResult = { verdict: 'IE', language: 'c', problem: 'sum', compile: { ok: true, timeMs: 1, output: '' }, tests: [visible, secret], timeMs: 1, memoryKb: 1, message: 'SECRET-OUT' };

  it("drops the hidden tests' messages and an overall message taken from one, and changes nothing else", () => {
    const shown = redactResult(result);
    expect(shown.tests[0].message).toBe('visible');
    expect(JSON.stringify(shown)).not.toContain('SECRET');
    expect(result.tests[1].message).toBe('SECRET-OUT');
  });

  it('keeps fields it does not know (a field added to the result later reaches the user)', () => {
    const grown = { ...result, tests: result.tests.map((test) => ({ ...test, cpuModel: 'x86' })), judgeVersion: '2' } as JudgeResult;
    const shown = redactResult(grown) as JudgeResult & { judgeVersion?: string };
    expect(shown.judgeVersion).toBe('2');
    expect(shown.tests.map((test) => (test as { cpuModel?: string }).cpuModel)).toEqual(['x86', 'x86']);
  });
});
