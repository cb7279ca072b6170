/**
 * A sink for a program's output that keeps at most `capBytes` and counts the rest, so that an
 * output flood never grows the judge's own memory. Writes go straight to a file descriptor or
 * into a bounded buffer.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { Writable } from 'node:stream';

export class CappedSink extends Writable {
  /** Bytes the program wrote, including those past the cap. */
  bytesWritten = 0;
  private readonly chunks: Buffer[] = [];
  private keptBytes = 0;
  private fd: number | null;

  constructor(
    private readonly capBytes: number,
    filePath: string | undefined,
    /** Called once, when the first byte past the cap arrives. */
    private readonly onOverflow?: () => void,
  ) {
    super();
    this.fd = filePath ? openSync(filePath, 'w', 0o600) : null;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    const before = this.bytesWritten;
    this.bytesWritten += chunk.length;
    const room = this.capBytes - this.keptBytes;
    if (room > 0) {
      const kept = chunk.length > room ? chunk.subarray(0, room) : chunk;
      if (this.fd !== null) writeSync(this.fd, kept);
      else this.chunks.push(Buffer.from(kept));
      this.keptBytes += kept.length;
    }
    if (before <= this.capBytes && this.bytesWritten > this.capBytes) this.onOverflow?.();
    done();
  }

  get overflowed(): boolean {
    return this.bytesWritten > this.capBytes;
  }

  /** What was kept (empty when writing to a file). */
  kept(): Buffer {
    return Buffer.concat(this.chunks);
  }

  closeFile(): void {
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
  }
}
