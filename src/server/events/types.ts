/**
 * The status bus: how a status message gets from its publisher (the worker's progress, the api's
 * `pending` and `done`) to the socket instance(s) holding its user's connections — and to no one
 * else. Socket instances join with an id and say which users they hold; publishers route by user.
 */
import type { RunMessage } from '../../protocol/runs.js';
import type { StatusMessage } from '../../protocol/status.js';

/** A status message of a submission, or the view of a run, and whose it is: what the bus carries to socket instances. */
export interface RoutedStatus {
  userId: string;
  message: StatusMessage | RunMessage;
}

/** A socket instance's place on the bus. */
export interface SocketRoute {
  /** Routes the user's messages here (awaited before the client is told it is ready). */
  addUser(userId: string): Promise<void>;
  /** The user's last connection here went away. */
  removeUser(userId: string): Promise<void>;
  /**
   * Called once the bus is back after losing its connection — subscribed and routed here again —
   * with the time it was lost: messages published since then may have been missed.
   */
  onReconnect(listener: (lostAt: Date) => void): void;
  close(): Promise<void>;
}

export interface StatusBus {
  readonly kind: 'memory' | 'redis';
  /** Delivers to every instance holding the user's connections; resolves once handed over, in order. */
  publish(routed: RoutedStatus): Promise<void>;
  join(instanceId: string, deliver: (routed: RoutedStatus) => void): Promise<SocketRoute>;
  close(): Promise<void>;
}
