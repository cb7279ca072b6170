/**
 * The judging slots of one worker process: `--workers-concurrency` sandboxes at most, whatever
 * queue the work comes from. Runs (LeetCode's Run: a user waits at the editor) take the next free
 * slot ahead of submissions that are waiting for one.
 */
export type SlotKind = 'run' | 'submission';

export class JudgeSlots {
  private free: number;
  private readonly waiting: Record<SlotKind, (() => void)[]> = { run: [], submission: [] };

  /** @param size - slots, at least 1 */
  constructor(size: number) {
    this.free = Math.max(1, size);
  }

  /** Waits for a slot; resolves with the function that gives it back (once; later calls do nothing). */
  async take(kind: SlotKind): Promise<() => void> {
    const overtaken = kind === 'submission' && this.waiting.run.length > 0;
    if (this.free > 0 && !overtaken) {
      this.free--;
    } else {
      await new Promise<void>((resolve) => this.waiting[kind].push(resolve));
    }
    let given = false;
    return () => {
      if (given) return;
      given = true;
      // the slot passes straight to the next in line: a run first
      const next = this.waiting.run.shift() ?? this.waiting.submission.shift();
      if (next) next();
      else this.free++;
    };
  }

  /** Work waiting for a slot, by kind. */
  get queued(): Record<SlotKind, number> {
    return { run: this.waiting.run.length, submission: this.waiting.submission.length };
  }
}
