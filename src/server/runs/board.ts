/**
 * Where runs live while they matter (LeetCode's Run is never stored as a submission): the latest
 * view of each run and whose it is, kept for an hour. The api puts a run when it takes it and
 * reads it for `GET /api/v1/runs/:id`; the worker puts each change. In-process for the embedded
 * default, a Redis key per run (with a TTL) when the roles share Redis.
 */
import type { RunView } from '../../protocol/runs.js';
import type { Redis } from '../redis.js';

/** How long a run stays readable after its last change, in milliseconds. */
export const RUN_KEEP_MS = 3_600_000;

/** A run as the board keeps it: its view and its owner. */
export interface BoardRun {
  userId: string;
  view: RunView;
}

export interface RunBoard {
  readonly kind: 'memory' | 'redis';
  /** Keeps the run's latest view for {@link RUN_KEEP_MS}, replacing the one kept. */
  put(run: BoardRun): Promise<void>;
  get(runId: string): Promise<BoardRun | null>;
}

export class MemoryRunBoard implements RunBoard {
  readonly kind = 'memory';
  private readonly runs = new Map<string, { run: BoardRun; expiresAt: number }>();
  private nextSweep = 0;

  constructor(private readonly keepMs = RUN_KEEP_MS) {}

  async put(run: BoardRun): Promise<void> {
    const now = Date.now();
    this.sweep(now);
    // re-inserted, so that the map stays in expiry order for the sweep
    this.runs.delete(run.view.id);
    this.runs.set(run.view.id, { run, expiresAt: now + this.keepMs });
  }

  async get(runId: string): Promise<BoardRun | null> {
    const kept = this.runs.get(runId);
    return kept && kept.expiresAt > Date.now() ? kept.run : null;
  }

  /** Drops expired runs, at most once a minute (oldest first: the map is in expiry order). */
  private sweep(now: number): void {
    if (now < this.nextSweep) return;
    this.nextSweep = now + 60_000;
    for (const [id, kept] of this.runs) {
      if (kept.expiresAt > now) break;
      this.runs.delete(id);
    }
  }
}

export const runKey = (runId: string) => `sonocode:run:${runId}`;

export class RedisRunBoard implements RunBoard {
  readonly kind = 'redis';

  constructor(
    private readonly redis: Redis,
    private readonly keepMs = RUN_KEEP_MS,
  ) {}

  async put(run: BoardRun): Promise<void> {
    await this.redis.set(runKey(run.view.id), JSON.stringify(run), 'PX', this.keepMs);
  }

  async get(runId: string): Promise<BoardRun | null> {
    const text = await this.redis.get(runKey(runId));
    return text === null ? null : (JSON.parse(text) as BoardRun);
  }
}
