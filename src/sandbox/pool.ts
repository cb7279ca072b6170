/**
 * A pool of warm sessions in front of a backend: `prepare` hands out a session made earlier (its
 * box made and its runner up) and makes the next one in the background, so a
 * long-running judge (a server worker, `verify --jobs`) does not pay container start-up per
 * submission. Every session is still used once and disposed: nothing carries over between
 * submissions.
 */
import type { PrepareOptions, SandboxBackend, SandboxSession } from './types.js';

export interface WarmPoolOptions {
  /** Sessions kept ready. @defaultValue 1 */
  size?: number;
  /** The options warm sessions are made with; a prepare() asking for other options is not pooled. */
  template: PrepareOptions;
}

export class WarmPool implements SandboxBackend {
  readonly name: string;
  private readonly ready: Promise<SandboxSession | null>[] = [];
  private readonly size: number;
  private readonly template: PrepareOptions;
  private closed = false;

  constructor(
    private readonly backend: SandboxBackend,
    options: WarmPoolOptions,
  ) {
    // the backend's name: a pool only makes its sessions ahead of need
    this.name = backend.name;
    this.size = options.size ?? 1;
    this.template = options.template;
  }

  check(): Promise<void> {
    return this.backend.check();
  }

  reap(): Promise<number> {
    return this.backend.reap();
  }

  /** Starts making the warm sessions. */
  fill(): void {
    while (!this.closed && this.ready.length < this.size) this.ready.push(this.make());
  }

  async prepare(options: PrepareOptions): Promise<SandboxSession> {
    if (this.closed || !sameOptions(options, this.template)) return this.backend.prepare(options);
    const next = this.ready.shift();
    this.fill();
    const session = next ? await next : null;
    return session ?? this.backend.prepare(options);
  }

  /** Disposes the sessions still waiting, then waits for the backend's own background work; later prepare() calls go straight to the backend. */
  async close(): Promise<void> {
    this.closed = true;
    const waiting = this.ready.splice(0);
    await Promise.all(waiting.map(async (pending) => (await pending)?.dispose()));
    await this.backend.close?.();
  }

  private async make(): Promise<SandboxSession | null> {
    try {
      return await this.backend.prepare(this.template);
    } catch {
      // a warm session is an optimisation: prepare() makes one on demand and reports the error
      return null;
    }
  }
}

function sameOptions(a: PrepareOptions, b: PrepareOptions): boolean {
  return (
    a.maxMemoryMb === b.maxMemoryMb &&
    a.processLimit === b.processLimit &&
    a.scratchMb === b.scratchMb &&
    a.fileSizeMb === b.fileSizeMb &&
    a.image === b.image &&
    JSON.stringify(a.labels ?? {}) === JSON.stringify(b.labels ?? {})
  );
}
