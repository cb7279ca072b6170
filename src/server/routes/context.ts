/** What the api routes share: the dependencies of buildApp, resolved. */
import type { LanguageRegistry } from '../../judge/languages.js';
import type { StatusBus } from '../events/types.js';
import type { Logger } from '../logger.js';
import type { ServerMetrics } from '../metrics.js';
import type { Queues } from '../queue/types.js';
import type { Store } from '../store/types.js';

/** Mutable state of a running api: draining turns new work away with 503. */
export interface ApiState {
  draining: boolean;
}

export interface ApiLimits {
  /** Largest `code`, in bytes. */
  maxCodeBytes: number;
  rateLimit: { max: number; windowMs: number };
}

export interface ApiContext {
  store: Store;
  queues: Queues;
  bus: StatusBus;
  languages: LanguageRegistry;
  metrics: ServerMetrics;
  logger: Logger;
  state: ApiState;
  limits: ApiLimits;
  /** How long a POST waits for Redis (publish, enqueue) before answering anyway, in milliseconds. */
  enqueueTimeoutMs: number;
  /** Health checks by name: each resolves to `ok` or to why not. */
  checks: Record<string, () => Promise<string>>;
  role: string;
  instanceId: string;
}
