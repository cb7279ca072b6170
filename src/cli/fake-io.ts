/** In-memory streams standing in for the process's, for tests of the CLI (no terminal needed). */
import { PassThrough, Writable } from 'node:stream';
import type { Io } from './context.js';

export class MemoryStream extends Writable {
  readonly chunks: string[] = [];
  isTTY: boolean;
  columns: number;
  rows: number;

  constructor(options: { tty?: boolean; columns?: number } = {}) {
    super({ decodeStrings: false });
    this.isTTY = options.tty ?? false;
    this.columns = options.columns ?? 100;
    this.rows = 40;
  }

  override _write(chunk: unknown, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(typeof chunk === 'string' ? chunk : String(chunk));
    callback();
  }

  text(): string {
    return this.chunks.join('');
  }
}

export function fakeIo(options: { tty?: boolean; stdin?: string } = {}): Io & { stdout: MemoryStream; stderr: MemoryStream } {
  const stdin = new PassThrough();
  stdin.end(options.stdin ?? '');
  return {
    stdout: new MemoryStream({ tty: options.tty }),
    stderr: new MemoryStream({ tty: options.tty }),
    stdin,
  };
}

/** Text without ANSI escapes. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
}
