/**
 * Named pipes (FIFOs) between two runs — an interactive problem's submission and interactor, each
 * in a sandbox of its own, or a run and the judge relaying what it says.
 *
 * Both ends are opened before anything is read, in an order that cannot deadlock: the reading end
 * first (it never waits), then the writing end (it waits for a reader, and every reader is opened
 * first), then a wait for a writer on the reading end (every writer is opened before anyone waits
 * for one) — for a pipe no writer has opened yet reads as end-of-file.
 *
 * Whoever opens an end leaves a mark beside the pipe ({@link markEndOpened}). A writer that finds
 * no reader but the reader's mark knows the reader came and went (a program that ended at once)
 * and opens at once: its writes fail with EPIPE, as they would had the reader left a moment
 * later. A reader waits for the writer's mark. The runner (native/runner.c) keeps the same marks
 * under the same names.
 */
import { closeSync, constants, existsSync, openSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { removeFile } from './host-files.js';

export type PipeEnd = 'reader' | 'writer';

/** The mark beside a FIFO that says one of its ends was opened: `<fifo>.reader-opened`, `<fifo>.writer-opened`. */
export function endMark(fifo: string, end: PipeEnd): string {
  return `${fifo}.${end}-opened`;
}

/** Leaves the mark that an end of `fifo` is open (call right after opening it). */
export function markEndOpened(fifo: string, end: PipeEnd): void {
  writeFileSync(endMark(fifo, end), '', { mode: 0o600 });
}

/**
 * Opens the writing end of `fifo` without waiting (non-blocking; make it blocking as needed), and
 * marks it opened.
 * @returns the fd; `null` while no reader has come yet (try again)
 * @throws the open's error for anything but a reader not yet there
 */
export function openPipeForWriting(fifo: string): number | null {
  let fd: number;
  try {
    fd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENXIO') throw error;
    if (!existsSync(endMark(fifo, 'reader'))) return null;
    // the reader came and went: a writing end with no reader (a reading end held while it opens)
    const keeper = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      fd = openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    } finally {
      closeSync(keeper);
    }
  }
  markEndOpened(fifo, 'writer');
  return fd;
}

/**
 * Waits until a writer has opened `fifo` (its mark), checking every millisecond.
 * @returns false when none came within `timeoutMs`
 */
export async function waitForWriter(fifo: string, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!existsSync(endMark(fifo, 'writer'))) {
    if (performance.now() > deadline) return false;
    await sleep(1);
  }
  return true;
}

/** Removes FIFOs and their marks. */
export async function removePipes(fifos: readonly string[]): Promise<void> {
  await Promise.all(fifos.flatMap((fifo) => [fifo, endMark(fifo, 'reader'), endMark(fifo, 'writer')].map(removeFile)));
}
