import { execFileSync } from 'node:child_process';
import { closeSync, constants, existsSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { endMark, markEndOpened, openPipeForWriting, removePipes, waitForWriter } from './pipes.js';

const folder = mkdtempSync(join(tmpdir(), 'sonocode-pipes-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function fifo(name: string): string {
  const path = join(folder, name);
  execFileSync('mkfifo', [path]);
  return path;
}

describe('pipes between runs', () => {
  it('a writer waits (null) while no reader has come, then opens and leaves its mark for the reader', async () => {
    const pipe = fifo('waiting');
    expect(openPipeForWriting(pipe)).toBeNull();
    expect(await waitForWriter(pipe, 5)).toBe(false);
    const reader = openSync(pipe, constants.O_RDONLY | constants.O_NONBLOCK);
    markEndOpened(pipe, 'reader');
    const writer = openPipeForWriting(pipe);
    expect(writer).not.toBeNull();
    expect(await waitForWriter(pipe, 5)).toBe(true);
    expect(writeSync(writer!, 'hello')).toBe(5);
    closeSync(writer!);
    closeSync(reader);
  });

  it('a writer opens at once when the reader came and went; a write then fails with EPIPE', () => {
    const pipe = fifo('gone');
    closeSync(openSync(pipe, constants.O_RDONLY | constants.O_NONBLOCK));
    markEndOpened(pipe, 'reader');
    const writer = openPipeForWriting(pipe);
    expect(writer).not.toBeNull();
    expect(() => writeSync(writer!, 'anyone?')).toThrow(expect.objectContaining({ code: 'EPIPE' }));
    closeSync(writer!);
  });

  it('removePipes removes the pipes and both marks', async () => {
    const pipe = fifo('removed');
    markEndOpened(pipe, 'reader');
    markEndOpened(pipe, 'writer');
    await removePipes([pipe]);
    expect([pipe, endMark(pipe, 'reader'), endMark(pipe, 'writer')].filter((path) => existsSync(path))).toEqual([]);
  });
});
