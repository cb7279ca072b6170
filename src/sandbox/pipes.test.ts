import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { markReaderOpened, openPipeForWriting, readerMark, removePipes } from './pipes.js';

const folder = mkdtempSync(join(tmpdir(), 'sonocode-pipes-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function fifo(name: string): string {
  const path = join(folder, name);
  execFileSync('mkfifo', [path]);
  return path;
}

describe('openPipeForWriting', () => {
  it('waits (null) while no reader has come, and opens once one reads', () => {
    const pipe = fifo('waiting');
    expect(openPipeForWriting(pipe)).toBeNull();
    const reader = openSync(pipe, constants.O_RDONLY | constants.O_NONBLOCK);
    markReaderOpened(pipe);
    const writer = openPipeForWriting(pipe);
    expect(writer).not.toBeNull();
    expect(writeSync(writer!, 'hello')).toBe(5);
    closeSync(writer!);
    closeSync(reader);
  });

  it('opens at once when the reader came and went; a write then fails with EPIPE', () => {
    const pipe = fifo('gone');
    closeSync(openSync(pipe, constants.O_RDONLY | constants.O_NONBLOCK));
    markReaderOpened(pipe);
    const writer = openPipeForWriting(pipe);
    expect(writer).not.toBeNull();
    expect(() => writeSync(writer!, 'anyone?')).toThrow(expect.objectContaining({ code: 'EPIPE' }));
    closeSync(writer!);
  });

  it('removePipes removes the pipes and their marks', async () => {
    const pipe = fifo('removed');
    markReaderOpened(pipe);
    await removePipes([pipe]);
    expect(existsSync(pipe) || existsSync(readerMark(pipe))).toBe(false);
  });
});
