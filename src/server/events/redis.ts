/**
 * The status bus over Redis, with the user → socket-instance mapping of the system description:
 *
 * - `sonocode:socket:instance:<id>`: exists while the instance lives (heartbeat, TTL);
 * - `sonocode:socket:user:<userId>`: the set of instance ids holding the user's connections;
 * - `sonocode:socket:<id>`: the pub/sub channel of one instance.
 *
 * A publisher runs one script: look up the user's instances, publish to the live ones, drop the
 * dead ones from the set. One round trip, atomic, and in order with the publisher's other
 * commands. Instances re-register their users on every heartbeat and at once after a reconnection,
 * so a restarted (even emptied) Redis gets its mappings back without restarting anyone.
 */
import type { Logger } from '../logger.js';
import { withTimeout, type Redis } from '../redis.js';
import type { RoutedStatus, SocketRoute, StatusBus } from './types.js';

export const KEY_PREFIX = 'sonocode:socket:';
export const instanceKey = (instanceId: string) => `${KEY_PREFIX}instance:${instanceId}`;
export const userKey = (userId: string) => `${KEY_PREFIX}user:${userId}`;
export const instanceChannel = (instanceId: string) => `${KEY_PREFIX}${instanceId}`;

const ROUTE_SCRIPT = `
local members = redis.call('SMEMBERS', KEYS[1])
local sent = 0
for _, id in ipairs(members) do
  if redis.call('EXISTS', ARGV[2] .. id) == 1 then
    redis.call('PUBLISH', ARGV[3] .. id, ARGV[1])
    sent = sent + 1
  else
    redis.call('SREM', KEYS[1], id)
  end
end
return sent
`;

type RoutingRedis = Redis & {
  sonocodeRoute(userSetKey: string, payload: string, instancePrefix: string, channelPrefix: string): Promise<number>;
};

export interface RedisBusOptions {
  /** Heartbeat of a socket instance, in milliseconds. */
  heartbeatMs: number;
  /** How long an instance counts as alive after its last heartbeat, in milliseconds. */
  instanceTtlMs: number;
  logger: Logger;
}

export class RedisStatusBus implements StatusBus {
  readonly kind = 'redis';
  private readonly redis: RoutingRedis;
  private readonly routes = new Set<SocketRoute>();

  /** `redis` is used for publishing and the mapping; socket instances duplicate it to subscribe. */
  constructor(
    redis: Redis,
    private readonly options: RedisBusOptions,
  ) {
    if (!('sonocodeRoute' in redis)) redis.defineCommand('sonocodeRoute', { numberOfKeys: 1, lua: ROUTE_SCRIPT });
    this.redis = redis as RoutingRedis;
  }

  async publish(routed: RoutedStatus): Promise<void> {
    await this.redis.sonocodeRoute(userKey(routed.userId), JSON.stringify(routed), `${KEY_PREFIX}instance:`, KEY_PREFIX);
  }

  async join(instanceId: string, deliver: (routed: RoutedStatus) => void): Promise<SocketRoute> {
    const { logger, heartbeatMs, instanceTtlMs } = this.options;
    const redis = this.redis;
    const subscriber = redis.duplicate({ connectionName: `sonocode:${instanceId}:sub` });
    subscriber.on('error', () => {}); // the main connection logs; this one reconnects on its own
    const channel = instanceChannel(instanceId);
    const users = new Set<string>();
    const listeners: ((lostAt: Date) => void)[] = [];
    const userTtlMs = instanceTtlMs * 2;

    subscriber.on('message', (from: string, payload: string) => {
      if (from !== channel) return;
      try {
        deliver(JSON.parse(payload) as RoutedStatus);
      } catch (error) {
        logger.warn(`socket bus: dropped a message that is not JSON: ${(error as Error).message}`);
      }
    });

    const beat = async () => {
      const batch = redis.multi().set(instanceKey(instanceId), String(Date.now()), 'PX', instanceTtlMs);
      for (const user of users) batch.sadd(userKey(user), instanceId).pexpire(userKey(user), userTtlMs);
      await batch.exec();
    };
    let beating = false;
    const safeBeat = () => {
      // while Redis is away the commands wait; a beat that is still waiting is not sent twice
      if (beating) return;
      beating = true;
      beat()
        .catch((error: Error) => logger.warn(`socket heartbeat: ${error.message}`))
        .finally(() => {
          beating = false;
        });
    };
    // When either connection drops, messages for this instance may be lost from then on: the
    // subscriber misses what is published meanwhile, and Redis may come back without the
    // mappings. Once both connections are back: subscribe again and wait for Redis to confirm it,
    // register every user again, and only then tell the socket layer, which re-sends from the
    // store whatever changed since the loss. Anything published after the registration arrives;
    // anything before it is in the store already (publishers store first).
    let lostAt: number | null = null;
    const onLost = () => {
      lostAt ??= Date.now();
    };
    const recover = async (since: number) => {
      try {
        await subscriber.subscribe(channel);
        await beat();
        for (const listener of listeners) listener(new Date(since));
      } catch (error) {
        logger.warn(`socket re-registration: ${(error as Error).message}`);
        lostAt = Math.min(lostAt ?? since, since);
      }
    };
    const onReady = () => {
      if (lostAt === null || redis.status !== 'ready' || subscriber.status !== 'ready') return;
      const since = lostAt;
      lostAt = null;
      void recover(since);
    };
    for (const connection of [redis, subscriber]) connection.on('close', onLost).on('ready', onReady);
    // watched from before the first subscription: a loss at any moment after joining counts
    await subscriber.subscribe(channel);
    await beat();
    const timer = setInterval(safeBeat, heartbeatMs);
    timer.unref();

    const route: SocketRoute = {
      addUser: async (userId) => {
        users.add(userId);
        await redis.multi().set(instanceKey(instanceId), String(Date.now()), 'PX', instanceTtlMs).sadd(userKey(userId), instanceId).pexpire(userKey(userId), userTtlMs).exec();
      },
      removeUser: async (userId) => {
        users.delete(userId);
        await redis.srem(userKey(userId), instanceId);
      },
      onReconnect: (listener) => {
        listeners.push(listener);
      },
      close: async () => {
        clearInterval(timer);
        for (const connection of [redis, subscriber]) connection.off('close', onLost).off('ready', onReady);
        this.routes.delete(route);
        const batch = redis.multi().del(instanceKey(instanceId));
        for (const user of users) batch.srem(userKey(user), instanceId);
        users.clear();
        await withTimeout(batch.exec(), 2000, 'unregistering timed out').catch(() => {});
        subscriber.disconnect();
      },
    };
    this.routes.add(route);
    return route;
  }

  async close(): Promise<void> {
    await Promise.all([...this.routes].map((route) => route.close()));
  }
}
