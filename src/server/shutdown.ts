/**
 * A stack of things to stop, like `AsyncDisposableStack` (not in Node 20): what starts later
 * stops earlier. Unlike it, each step is bounded and named: with Redis away, closing a queue can
 * wait forever, so a step that takes too long is given up (and logged) and the next one runs.
 */
import type { Logger } from './logger.js';
import { withTimeout } from './redis.js';

/**
 * How long a step may take, in milliseconds; a function is asked when the step runs. `Infinity`
 * for a step bounded inside (a nested stack).
 */
export type StepTimeout = number | (() => number);

interface Step {
  name: string;
  stop: () => Promise<void>;
  timeoutMs: StepTimeout;
}

export class ShutdownStack implements AsyncDisposable {
  private readonly steps: Step[] = [];
  private disposing: Promise<void> | undefined;

  constructor(
    private readonly logger: Logger,
    /** @defaultValue 5000 */
    private readonly defaultTimeoutMs = 5000,
  ) {}

  /** Stops `resource` (its `Symbol.asyncDispose`) in its turn; returns it. */
  use<T extends AsyncDisposable>(name: string, resource: T, timeoutMs?: StepTimeout): T {
    this.defer(name, async () => resource[Symbol.asyncDispose](), timeoutMs);
    return resource;
  }

  /** Runs `stop` in its turn. */
  defer(name: string, stop: () => Promise<void> | void, timeoutMs: StepTimeout = this.defaultTimeoutMs): void {
    if (this.disposing) throw new Error(`shutdown: "${name}" added while stopping`);
    this.steps.push({ name, stop: async () => stop(), timeoutMs });
  }

  /** Runs every step, last added first; a step that fails or times out is logged and skipped. Safe to call twice. */
  [Symbol.asyncDispose](): Promise<void> {
    this.disposing ??= this.run();
    return this.disposing;
  }

  private async run(): Promise<void> {
    for (const step of this.steps.splice(0).reverse()) {
      const timeoutMs = typeof step.timeoutMs === 'function' ? step.timeoutMs() : step.timeoutMs;
      try {
        await (Number.isFinite(timeoutMs) ? withTimeout(step.stop(), timeoutMs, `gave up after ${timeoutMs} ms`) : step.stop());
      } catch (error) {
        this.logger.warn(`shutdown: ${step.name}: ${(error as Error).message}`);
      }
    }
  }
}
