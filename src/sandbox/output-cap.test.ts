import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CappedSink } from './output-cap.js';

const write = (sink: CappedSink, chunk: string) => new Promise<void>((resolve) => sink.write(Buffer.from(chunk), () => resolve()));

describe('CappedSink', () => {
  it('keeps at most the cap, counts everything, and says once when the cap is passed', async () => {
    let overflows = 0;
    const sink = new CappedSink(5, undefined, () => overflows++);
    await write(sink, 'abc');
    expect(sink.overflowed).toBe(false);
    await write(sink, 'defg');
    await write(sink, 'hij');
    expect(sink.kept().toString()).toBe('abcde');
    expect(sink.bytesWritten).toBe(10);
    expect(sink.overflowed).toBe(true);
    expect(overflows).toBe(1);
  });

  it('writes straight to a file when given one', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sonocode-cap-')), 'out');
    const sink = new CappedSink(4, file);
    await write(sink, 'hello');
    sink.closeFile();
    expect(readFileSync(file, 'utf8')).toBe('hell');
    expect(sink.kept().length).toBe(0);
  });
});
