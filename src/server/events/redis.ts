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
    const route = new InstanceRoute(this.redis, instanceId, deliver, this.options, () => this.routes.delete(route));
    await route.start();
    this.routes.add(route);
    return route;
  }

  async close(): Promise<void> {
    await Promise.all([...this.routes].map((route) => route.close()));
  }
}

/**
 * One socket instance on the bus: its channel, its users in the mapping (renewed every heartbeat),
 * and its recovery after a lost connection.
 *
 * When either connection drops, messages for this instance may be lost from then on: the
 * subscriber misses what is published meanwhile, and Redis may come back without the mappings.
 * Once both connections are back: subscribe again and wait for Redis to confirm it, register every
 * user again, and only then tell the socket layer, which re-sends from the store whatever changed
 * since the loss. Anything published after the registration arrives; anything before it is in the
 * store already (publishers store first).
 */
class InstanceRoute implements SocketRoute {
  private readonly subscriber: Redis;
  private readonly channel: string;
  private readonly users = new Set<string>();
  private readonly listeners: ((lostAt: Date) => void)[] = [];
  private readonly userTtlMs: number;
  private timer: NodeJS.Timeout | undefined;
  private beating = false;
  /** When a connection was lost, until both are back and the instance registered again. */
  private lostAt: number | null = null;
  private readonly onLost = () => {
    this.lostAt ??= Date.now();
  };
  private readonly onReady = () => {
    if (this.lostAt === null || this.redis.status !== 'ready' || this.subscriber.status !== 'ready') return;
    const since = this.lostAt;
    this.lostAt = null;
    void this.recover(since);
  };

  constructor(
    private readonly redis: Redis,
    private readonly instanceId: string,
    private readonly deliver: (routed: RoutedStatus) => void,
    private readonly options: RedisBusOptions,
    private readonly forget: () => void,
  ) {
    this.subscriber = redis.duplicate({ connectionName: `sonocode:${instanceId}:sub` });
    this.subscriber.on('error', () => {}); // the main connection logs; this one reconnects on its own
    this.channel = instanceChannel(instanceId);
    this.userTtlMs = options.instanceTtlMs * 2;
  }

  /** Subscribes and registers; watched for losses from before the first subscription. */
  async start(): Promise<void> {
    this.subscriber.on('message', (from: string, payload: string) => {
      if (from !== this.channel) return;
      try {
        this.deliver(JSON.parse(payload) as RoutedStatus);
      } catch (error) {
        this.options.logger.warn(`socket bus: dropped a message that is not JSON: ${(error as Error).message}`);
      }
    });
    for (const connection of [this.redis, this.subscriber]) connection.on('close', this.onLost).on('ready', this.onReady);
    await this.subscriber.subscribe(this.channel);
    await this.beat();
    this.timer = setInterval(() => this.safeBeat(), this.options.heartbeatMs);
    this.timer.unref();
  }

  async addUser(userId: string): Promise<void> {
    this.users.add(userId);
    const { instanceTtlMs } = this.options;
    await this.redis.multi().set(instanceKey(this.instanceId), String(Date.now()), 'PX', instanceTtlMs).sadd(userKey(userId), this.instanceId).pexpire(userKey(userId), this.userTtlMs).exec();
  }

  async removeUser(userId: string): Promise<void> {
    this.users.delete(userId);
    await this.redis.srem(userKey(userId), this.instanceId);
  }

  onReconnect(listener: (lostAt: Date) => void): void {
    this.listeners.push(listener);
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    for (const connection of [this.redis, this.subscriber]) connection.off('close', this.onLost).off('ready', this.onReady);
    this.forget();
    const batch = this.redis.multi().del(instanceKey(this.instanceId));
    for (const user of this.users) batch.srem(userKey(user), this.instanceId);
    this.users.clear();
    await withTimeout(batch.exec(), 2000, 'unregistering timed out').catch(() => {});
    this.subscriber.disconnect();
  }

  /** The heartbeat: the instance's key, and every user's mapping, renewed. */
  private async beat(): Promise<void> {
    const batch = this.redis.multi().set(instanceKey(this.instanceId), String(Date.now()), 'PX', this.options.instanceTtlMs);
    for (const user of this.users) batch.sadd(userKey(user), this.instanceId).pexpire(userKey(user), this.userTtlMs);
    await batch.exec();
  }

  private safeBeat(): void {
    // while Redis is away the commands wait; a beat that is still waiting is not sent twice
    if (this.beating) return;
    this.beating = true;
    this.beat()
      .catch((error: Error) => this.options.logger.warn(`socket heartbeat: ${error.message}`))
      .finally(() => {
        this.beating = false;
      });
  }

  private async recover(since: number): Promise<void> {
    try {
      await this.subscriber.subscribe(this.channel);
      await this.beat();
      for (const listener of this.listeners) listener(new Date(since));
    } catch (error) {
      this.options.logger.warn(`socket re-registration: ${(error as Error).message}`);
      this.lostAt = Math.min(this.lostAt ?? since, since);
    }
  }
}
