import { describe, expect, it } from 'vitest';
import { parseFeedback } from './custom.js';

describe('parseFeedback', () => {
  it('reads the framed feedback files, telling a missing file from an empty one', () => {
    const stdout = '\x1ejudgemessage.txt\x1f1line 1\nline 2\n\x1eteammessage.txt\x1f0\x1escore.txt\x1f1\x1escore_multiplier.txt\x1f0';
    const files = parseFeedback(stdout);
    expect([...files.entries()]).toEqual([
      ['judgemessage.txt', 'line 1\nline 2\n'],
      ['score.txt', ''],
    ]);
  });

  it('ignores what the validator itself printed before the frames', () => {
    expect(parseFeedback('debug output\x1ejudgemessage.txt\x1f1ok').get('judgemessage.txt')).toBe('ok');
  });
});
