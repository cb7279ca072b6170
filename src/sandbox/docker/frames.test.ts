import { describe, expect, it } from 'vitest';
import { decodeWaitStatus, encodeFrame, FrameParser, runPayload } from './frames.js';

describe('runner frames', () => {
  it('survive any chunking on the way', async () => {
    const frames = Buffer.concat([encodeFrame('O', Buffer.from('hello')), encodeFrame('E', Buffer.alloc(0)), encodeFrame('D', Buffer.from([0, 1, 0, 0]))]);
    for (const size of [1, 2, 3, 7, frames.length]) {
      const seen: [string, string][] = [];
      const parser = new FrameParser((type, payload) => seen.push([type, payload.toString('hex')]));
      for (let offset = 0; offset < frames.length; offset += size) parser.write(frames.subarray(offset, offset + size));
      await new Promise((resolve) => parser.end(resolve));
      expect(seen).toEqual([
        ['O', Buffer.from('hello').toString('hex')],
        ['E', ''],
        ['D', '00010000'],
      ]);
    }
  });

  it('encode a run as cwd, env ended by an empty string, then argv', () => {
    expect(runPayload('/box', { A: '1' }, ['./main', 'x']).toString()).toBe('/box\0A=1\0\0./main\0x\0');
  });

  it('decode wait statuses into exit codes and signals', () => {
    expect(decodeWaitStatus(3 << 8)).toEqual({ exitCode: 3, signalNumber: null });
    expect(decodeWaitStatus(0)).toEqual({ exitCode: 0, signalNumber: null });
    expect(decodeWaitStatus(11)).toEqual({ exitCode: null, signalNumber: 11 });
    expect(decodeWaitStatus(9 | 0x80)).toEqual({ exitCode: null, signalNumber: 9 }); // core-dump bit
  });
});
