/**
 * Named pipes (FIFOs) between two runs — an interactive problem's submission and interactor, each
 * in a sandbox of its own, or a run and the judge relaying what it says.
 *
 * The writing end of a FIFO cannot open while nobody reads it (ENXIO with O_NONBLOCK), so a writer
 * waits for its reader. A reader that came and went already (a program that ended at once) would
 * leave the writer waiting until its deadline; so whoever opens a reading end also leaves a mark
 * beside the pipe ({@link markReaderOpened}), and a writer that finds no reader but the mark opens
 * a writing end at once: its writes fail with EPIPE, as they would had the reader left a moment
 * later. The runner (native/runner.c) keeps the same mark, under the same name.
 */
import { closeSync, constants, existsSync, openSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';

/** The mark beside a FIFO that says its reading end was opened: `<fifo>.reader-opened`. */
export function readerMark(fifo: string): string {
  return `${fifo}.reader-opened`;
}

/** Leaves the mark that a reading end of `fifo` is open (call right after opening it). */
export function markReaderOpened(fifo: string): void {
  writeFileSync(readerMark(fifo), '', { mode: 0o600 });
}

/**
 * Opens the writing end of `fifo` without waiting (non-blocking; make it blocking as needed).
 * @returns the fd; `null` while no reader has come yet (try again)
 * @throws the open's error for anything but a reader not yet there
 */
export function openPipeForWriting(fifo: string): number | null {
  try {
    return openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENXIO') throw error;
    if (!existsSync(readerMark(fifo))) return null;
    // the reader came and went: a writing end with no reader (a reading end held while it opens)
    const keeper = openSync(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
      return openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    } finally {
      closeSync(keeper);
    }
  }
}

/** Removes FIFOs and their marks. */
export async function removePipes(fifos: readonly string[]): Promise<void> {
  await Promise.all(fifos.flatMap((fifo) => [rm(fifo, { force: true }), rm(readerMark(fifo), { force: true })]));
}
