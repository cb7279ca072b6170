/** The runner's wire format (see native/runner.c): 1 byte type, 4 bytes length (LE), payload. */
import { Writable } from 'node:stream';

export const FRAME_HEADER_BYTES = 5;
/** Largest input frame the judge sends; the runner accepts up to 1 MiB. */
export const INPUT_CHUNK_BYTES = 64 * 1024;

export function encodeFrame(type: string, payload: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(FRAME_HEADER_BYTES);
  header.write(type, 0, 1, 'latin1');
  header.writeUInt32LE(payload.length, 1);
  return Buffer.concat([header, payload]);
}

/** The payload of a run frame: cwd, env (ended by an empty string), argv, each NUL-terminated. */
export function runPayload(cwd: string, env: Record<string, string>, argv: string[]): Buffer {
  const parts = [cwd, ...Object.entries(env).map(([key, value]) => `${key}=${value}`), '', ...argv];
  return Buffer.from(parts.map((part) => `${part}\0`).join(''), 'utf8');
}

/** Splits a byte stream into frames, however the bytes were chunked on the way. */
export class FrameParser extends Writable {
  private buffered: Buffer = Buffer.alloc(0);

  constructor(private readonly onFrame: (type: string, payload: Buffer) => void) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    while (this.buffered.length >= FRAME_HEADER_BYTES) {
      const length = this.buffered.readUInt32LE(1);
      if (this.buffered.length < FRAME_HEADER_BYTES + length) break;
      const type = String.fromCharCode(this.buffered[0]);
      const payload = this.buffered.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + length);
      this.buffered = this.buffered.subarray(FRAME_HEADER_BYTES + length);
      this.onFrame(type, payload);
    }
    done();
  }
}

/** How a process ended, from a wait status as waitpid(2) reports it. */
export function decodeWaitStatus(status: number): { exitCode: number | null; signalNumber: number | null } {
  const signal = status & 0x7f;
  if (signal === 0) return { exitCode: (status >> 8) & 0xff, signalNumber: null };
  return { exitCode: null, signalNumber: signal };
}
