/**
 * The host side of a session's files: a private folder per session for the programs' standard
 * input, output and error (regular files, as `prog < in > out 2> err` would make them), and
 * bounded reads of what a program wrote, so that a flood never grows the judge's memory.
 */
import { closeSync, fstatSync, lstatSync, mkdirSync, mkdtempSync, openSync, readdirSync, readSync, rmSync, statSync, type Stats } from 'node:fs';
import { mkdtemp, unlink } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';

/** Room for the line that says how much of a long output was cut. */
const CUT_LINE_BYTES = 48;

/** Every session folder is named `sonocode-box-<host>-<pid>-…`, so a crashed judge's can be found. */
const PREFIX = 'sonocode-box-';

/** Whether a process of this host is alive (one of another user counts: it is alive, merely not ours to signal). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes a file if it is there (`rm -f`). Cheaper than `fs.promises.rm`, which checks the path
 * with a synchronous lstat on the event loop: this runs for every file of every run.
 * @throws the unlink error, other than ENOENT
 */
export async function removeFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function safeLstat(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

/** A new private (0700) folder for one session's files. */
export function makeSessionFolder(): Promise<string> {
  return mkdtemp(join(tmpdir(), `${PREFIX}${hostname()}-${process.pid}-`));
}

/** A new private (0700) folder of this process named as session folders are, so that it is reaped as theirs are once the process is gone. */
export function makeSessionFolderSync(): string {
  return mkdtempSync(join(tmpdir(), `${PREFIX}${hostname()}-${process.pid}-`));
}

/** Removes the session folders of judges on this host that are no longer running; returns how many. */
export function reapSessionFolders(isAlive: (pid: number) => boolean): number {
  let removed = 0;
  const own = `${PREFIX}${hostname()}-`;
  for (const name of safeReaddir(tmpdir())) {
    if (!name.startsWith(own)) continue;
    const pid = Number(name.slice(own.length).split('-')[0]);
    if (!Number.isInteger(pid) || isAlive(pid)) continue;
    // Only a folder a judge made (ours: this user's, private, not a link): anyone may make a folder
    // of that name in /tmp, and a removal that descends into someone else's could be sent elsewhere.
    const path = join(tmpdir(), name);
    const made = safeLstat(path);
    if (!made || !made.isDirectory() || made.uid !== process.getuid?.() || (made.mode & 0o077) !== 0) continue;
    rmSync(path, { recursive: true, force: true });
    removed++;
  }
  return removed;
}

/** The names in a folder, or none when it cannot be read. */
export function safeReaddir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** The first `capBytes` of a file (what a program wrote may be larger); empty when it does not exist. */
export function readHead(path: string, capBytes: number): Buffer {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return Buffer.alloc(0);
  }
  try {
    const size = Math.min(fstatSync(fd).size, capBytes);
    const buffer = Buffer.alloc(size);
    let offset = 0;
    while (offset < size) {
      const read = readSync(fd, buffer, offset, size - offset, offset);
      if (read === 0) break;
      offset += read;
    }
    return buffer.subarray(0, offset);
  } finally {
    closeSync(fd);
  }
}

/**
 * A file's text kept within `capBytes`: all of it when it fits, else its head and its tail with a
 * line saying how much was cut between them. Runtime errors put the reason at the top (an exception's
 * name) and the place at the bottom (a traceback's last frame): both are kept.
 */
export function readHeadAndTail(path: string, capBytes: number): string {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    return '';
  }
  if (size <= capBytes) return readHead(path, capBytes).toString('utf8');
  // The line saying what was cut fits in the cap too.
  const half = Math.max(0, Math.floor((capBytes - CUT_LINE_BYTES) / 2));
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(half);
    const tail = Buffer.alloc(half);
    readSync(fd, head, 0, half, 0);
    readSync(fd, tail, 0, half, size - half);
    return `${head.toString('utf8')}\n… (${size - 2 * half} bytes cut) …\n${tail.toString('utf8')}`;
  } finally {
    closeSync(fd);
  }
}

/** Creates the folder (and parents) when missing. */
export function ensureFolder(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
}
