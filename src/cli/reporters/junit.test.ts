import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { junitXml } from './junit.js';

describe('junitXml', () => {
  it('is well-formed XML whatever a message holds: markup, quotes, a terminal escape, a NUL', async () => {
    const detail = 'test 2 (big): expected "<1 & 2>", got \u001b[31m\u0000';
    const xml = await junitXml('sonocode verify', [
      {
        name: 'problems/x',
        outcomes: [
          { file: 'wrong_answer/w.cpp', expected: 'WA', got: 'AC', ok: false, timeMs: 1500, detail },
          { file: 'accepted/a.cpp', expected: 'AC', got: 'IE', ok: false, timeMs: 3, detail: 'the checker crashed' },
          { file: 'accepted/notes.txt', expected: 'AC', ok: true, skipped: 'unknown language' },
        ],
      },
    ]);
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml);
    expect(parsed.testsuites).toMatchObject({ tests: '3', failures: '1', errors: '1', skipped: '1', time: '1.503' });
    const [wrong, internal, skipped] = parsed.testsuites.testsuite.testcase;
    expect(wrong.failure.message).toBe('expected WA, got AC: test 2 (big): expected "<1 & 2>", got \uFFFD[31m\uFFFD');
    expect(wrong.time).toBe('1.500');
    expect(internal.error).toMatchObject({ type: 'IE', message: 'expected AC, got IE: the checker crashed' });
    expect(skipped.skipped.message).toBe('unknown language');
  });
});
