/** What the api routes share: the dependencies of buildApp, resolved. */
import type { LanguageRegistry } from '../../judge/languages.js';
import type { StatusBus } from '../events/types.js';
import type { ServerState } from '../http.js';
import type { Logger } from '../logger.js';
import type { ServerMetrics } from '../metrics.js';
import type { Queues } from '../queue/types.js';
import type { RunBoard } from '../runs/board.js';
import type { Store } from '../store/types.js';

export interface ApiLimits {
  /** Largest `code`, in bytes. */
  maxCodeBytes: number;
  /** At most `max` submissions per user per `windowMs` milliseconds. */
  rateLimit: { max: number; windowMs: number };
  /** At most `max` runs per user per `windowMs` milliseconds (counted apart from submissions). */
  runRateLimit: { max: number; windowMs: number };
}

export interface ApiContext {
  store: Store;
  queues: Queues;
  bus: StatusBus;
  languages: LanguageRegistry;
  metrics: ServerMetrics;
  logger: Logger;
  state: ServerState;
  limits: ApiLimits;
  /** Where runs are kept (the workers put their progress there). */
  runBoard: RunBoard;
  /** How long a POST waits for Redis (publish, enqueue) before answering anyway, in milliseconds. */
  enqueueTimeoutMs: number;
}
