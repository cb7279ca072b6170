/**
 * A pool of warm sessions in front of a backend: `prepare` hands out a session made earlier (its
 * box made and its runner up), so that a long-running judge (a server worker, `verify --jobs`)
 * does not pay a box's start-up per submission.
 *
 * What happens to a session the judge is done with depends on the backend:
 * - a backend whose boxes may be reused (native: `SandboxSession.renew`) gets its box back, made as
 *   new (new empty scratch file systems, no process left; see BoxSession.renew), for a later
 *   submission: a box is made once, not once per submission;
 * - any other (Docker) disposes of it, and the pool makes the next one in the background: one
 *   container per submission, never reused.
 * Either way, nothing of one submission reaches the next.
 */
import type { PrepareOptions, RunRequest, RunResult, SandboxBackend, SandboxFile, SandboxSession } from './types.js';
import { SandboxError } from './errors.js';

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
  /** Sessions handed out whose box comes back when they are done (renewable ones). */
  private returning = 0;
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

  /** Starts making the warm sessions (those that will come back counted as made). */
  fill(): void {
    while (!this.closed && this.ready.length + this.returning < this.size) this.ready.push(this.make());
  }

  async prepare(options: PrepareOptions): Promise<SandboxSession> {
    if (this.closed || !sameOptions(options, this.template)) return this.backend.prepare(options);
    const next = this.ready.shift();
    const session = (next ? await next : null) ?? (await this.backend.prepare(options));
    if (session.renew) this.returning++;
    this.fill();
    return new PooledSession(session, (done) => this.takeBack(done));
  }

  /** Disposes the sessions still waiting, then waits for the backend's own background work; later prepare() calls go straight to the backend. */
  async close(): Promise<void> {
    this.closed = true;
    const waiting = this.ready.splice(0);
    await Promise.all(waiting.map(async (pending) => (await pending)?.dispose()));
    await this.backend.close?.();
  }

  /** A session the judge is done with: its box renewed into the pool, or the session disposed. */
  private async takeBack(session: SandboxSession): Promise<void> {
    if (!session.renew) {
      await session.dispose();
      return;
    }
    this.returning--;
    if (this.closed || this.ready.length >= this.size) {
      await session.dispose();
      return;
    }
    // Renewed in the background: the judge goes on; whoever takes it next waits for it.
    this.ready.push(
      session
        .renew()
        .catch(() => null)
        .then((renewed) => renewed ?? this.make()),
    );
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

/**
 * A session handed out by the pool: the backend's session until the judge disposes of it, then
 * nothing (its box may already serve someone else).
 */
class PooledSession implements SandboxSession {
  private session: SandboxSession | null;

  constructor(
    session: SandboxSession,
    private readonly takeBack: (session: SandboxSession) => Promise<void>,
  ) {
    this.session = session;
    // only what the backend's session can do
    if (session.gatherFiles) this.gatherFiles = async (folder, maxBytes) => this.current().gatherFiles!(folder, maxBytes);
  }

  readonly gatherFiles?: SandboxSession['gatherFiles'];

  get workDir(): string {
    return this.current().workDir;
  }

  /** The backend session's description (`bubblewrap 4242`, `container 1a2b…`), for messages. */
  get description(): string {
    return (this.session as { description?: string } | null)?.description ?? 'a disposed sandbox session';
  }

  async writeFiles(files: SandboxFile[]): Promise<void> {
    return this.current().writeFiles(files);
  }

  async seal(): Promise<void> {
    return this.current().seal();
  }

  async run(request: RunRequest): Promise<RunResult> {
    return this.current().run(request);
  }


  async dispose(): Promise<void> {
    const session = this.session;
    if (!session) return;
    this.session = null;
    await this.takeBack(session);
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.dispose();
  }

  private current(): SandboxSession {
    if (!this.session) throw new SandboxError('SANDBOX_FAILED', 'a disposed sandbox session was used');
    return this.session;
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
