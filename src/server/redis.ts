/**
 * Redis connections (ioredis). They reconnect by themselves forever; commands wait while Redis
 * is away (maxRetriesPerRequest: null, as BullMQ requires), so callers that must not wait use
 * {@link withTimeout}. Errors are logged at most once per few seconds per connection.
 */
import { Redis } from 'ioredis';
import type { ErrorCode } from '../errors/catalogue.js';
import { redactUrl } from './config.js';
import type { Logger } from './logger.js';

export type { Redis } from 'ioredis';

export interface RedisOptions {
  /** Shown by `CLIENT LIST`, e.g. `sonocode:api-1a2b`. */
  name: string;
  logger: Logger;
  /** Fail commands at once while disconnected instead of waiting (for callers that must not wait). */
  failFast?: boolean;
}

export function createRedis(url: string, options: RedisOptions): Redis {
  const redis = new Redis(url, {
    maxRetriesPerRequest: options.failFast ? 1 : null,
    enableOfflineQueue: !options.failFast,
    enableReadyCheck: true,
    connectionName: options.name,
    retryStrategy: (times) => Math.min(100 * times, 2000),
    reconnectOnError: (error) => error.message.startsWith('READONLY') || error.message.startsWith('LOADING'),
  });
  let lastLogged = 0;
  let wasReady = false;
  redis.on('error', (error: Error) => {
    const now = Date.now();
    if (now - lastLogged < 5000) return;
    lastLogged = now;
    options.logger.warn(`redis (${redactUrl(url)}): ${error.message}`);
  });
  redis.on('ready', () => {
    if (wasReady) options.logger.info(`redis: reconnected (${options.name})`);
    wasReady = true;
  });
  return redis;
}

/** Waits until the connection is ready, or fails after `timeoutMs`. */
export async function waitForRedis(redis: Redis, url: string, timeoutMs = 10_000): Promise<void> {
  try {
    await withTimeout(redis.ping(), timeoutMs, `no answer from Redis at ${redactUrl(url)} within ${timeoutMs} ms`);
  } catch (error) {
    throw Object.assign(new Error(`cannot reach Redis at ${redactUrl(url)}: ${(error as Error).message}`), { code: 'SONO_REDIS_UNAVAILABLE' satisfies ErrorCode });
  }
}

/** Health: `ok`, or why not (without waiting for a reconnection). */
export async function redisHealth(redis: Redis): Promise<string> {
  if (redis.status !== 'ready') return `not connected (${redis.status})`;
  try {
    await withTimeout(redis.ping(), 1000, 'no answer within 1000 ms');
    return 'ok';
  } catch (error) {
    return (error as Error).message;
  }
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(Object.assign(new Error(message), { code: 'SONO_TIMEOUT' satisfies ErrorCode })), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function quitRedis(redis: Redis): Promise<void> {
  if (redis.status === 'end') return;
  try {
    await withTimeout(redis.quit(), 2000, 'quit timed out');
  } catch {
    redis.disconnect();
  }
}
