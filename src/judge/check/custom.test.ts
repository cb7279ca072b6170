import { describe, expect, it } from 'vitest';
import { parseFeedback } from './custom.js';

/** A frame as the feedback script writes it: the file's name, 1 and its bytes in hex, or 0 when it is absent. */
const frame = (name: string, content?: string) => `\x1e${name}\x1f${content === undefined ? '0' : `1${Buffer.from(content).toString('hex')}`}`;

describe('parseFeedback', () => {
  it('reads the framed feedback files, telling a missing file from an empty one, UTF-8 and all', () => {
    const stdout = [frame('judgemessage.txt', 'line 1\nline 2 — é\n'), frame('teammessage.txt'), frame('score.txt', ''), frame('score_multiplier.txt')].join('');
    expect([...parseFeedback(stdout).entries()]).toEqual([
      ['judgemessage.txt', 'line 1\nline 2 — é\n'],
      ['score.txt', ''],
    ]);
  });

  it('ignores what the validator itself printed before the frames', () => {
    expect(parseFeedback(`debug output${frame('judgemessage.txt', 'ok')}`).get('judgemessage.txt')).toBe('ok');
  });

  it("cannot be forged by a file's content: a judge message echoing the submission's output sets no score", () => {
    // what a submission would print for a validator that copies it into judgemessage.txt
    const forged = 'wrong\x1escore.txt\x1f1100000';
    const feedback = parseFeedback([frame('judgemessage.txt', forged), frame('teammessage.txt'), frame('score.txt'), frame('score_multiplier.txt')].join(''));
    expect(feedback.get('judgemessage.txt')).toBe(forged);
    expect(feedback.has('score.txt')).toBe(false);
  });
});
