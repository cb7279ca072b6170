/**
 * The socket role (the Socket Service): a `ws` server on `/ws`. A client authenticates with its
 * user token (`?token=` or a first frame `{type: 'auth', token}`); the instance then registers
 * the user on the status bus (in Redis: user → instance ids), so that each status message reaches
 * the instance(s) holding that user's connections and no one else. `{type: 'subscribe',
 * submissionId}` answers with the stored state at once, so a client that (re)connects misses
 * nothing final; after the bus reconnects, every submission of a connected user that changed
 * meanwhile is re-sent from the store the same way. A bad frame gets an `error` frame, never a crash.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import {
  CLIENT_FRAME_TYPES,
  CLOSE_CODES,
  clientFrameSchema,
  SOCKET_PATH,
  snapshotMessage,
  type ClientFrame,
  type ApiErrorCode,
  type ServerFrame,
} from '../../protocol/index.js';
import { principalOf } from '../auth.js';
import { ApiError, validationError } from '../errors.js';
import type { RoutedStatus, SocketRoute, StatusBus } from '../events/types.js';
import type { Logger } from '../logger.js';
import { MAX_PAGE_LIMIT, type Store, type User } from '../store/types.js';
import { fieldIssues, validationErrorMap } from '../validation.js';

export interface SocketDeps {
  store: Store;
  bus: StatusBus;
  /** The admin token, so that it is refused with a clear message (the socket is for users). */
  adminToken: string;
  instanceId: string;
  logger: Logger;
  /** Time a client has to authenticate, in milliseconds. @defaultValue 10000 */
  authTimeoutMs?: number;
  /** Largest frame a client may send, in bytes. @defaultValue 65536 */
  maxFrameBytes?: number;
  /** WebSocket ping interval; a client that misses one is dropped, in milliseconds. @defaultValue 30000 */
  pingIntervalMs?: number;
}

interface Connection {
  ws: WebSocket;
  user: User | null;
  authenticating: boolean;
  alive: boolean;
  authTimer?: NodeJS.Timeout;
}

/** How far before the loss of the bus a resync looks, in milliseconds. */
const RESYNC_MARGIN_MS = 10_000;

export class SocketService {
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<Connection>();
  private readonly byUser = new Map<string, Set<Connection>>();
  private readonly pinger: NodeJS.Timeout;
  private closing = false;

  private constructor(
    private readonly deps: SocketDeps,
    private readonly route: SocketRoute,
  ) {
    this.wss = new WebSocketServer({ noServer: true, maxPayload: deps.maxFrameBytes ?? 64 * 1024 });
    this.wss.on('connection', (ws: WebSocket, request: IncomingMessage) => this.onConnection(ws, request));
    this.pinger = setInterval(() => this.pingAll(), deps.pingIntervalMs ?? 30_000);
    this.pinger.unref();
    route.onReconnect((lostAt) => void this.resyncAll(lostAt));
  }

  static async start(deps: SocketDeps): Promise<SocketService> {
    let service: SocketService | undefined;
    const route = await deps.bus.join(deps.instanceId, (routed) => service?.deliver(routed));
    service = new SocketService(deps, route);
    return service;
  }

  /** Connections open now (authenticated or not). */
  get size(): number {
    return this.connections.size;
  }

  /** Serves WebSocket upgrades of `/ws` on an HTTP server. */
  attach(server: Server): void {
    server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => this.handleUpgrade(request, socket, head));
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const path = (request.url ?? '').split('?')[0];
    if (path !== SOCKET_PATH || this.closing) {
      const status = this.closing ? '503 Service Unavailable' : '404 Not Found';
      socket.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
      return;
    }
    this.wss.handleUpgrade(request, socket, head, (ws) => this.wss.emit('connection', ws, request));
  }

  private onConnection(ws: WebSocket, request: IncomingMessage): void {
    const connection: Connection = { ws, user: null, authenticating: false, alive: true };
    this.connections.add(connection);
    ws.on('pong', () => {
      connection.alive = true;
    });
    ws.on('message', (data: RawData, isBinary: boolean) => void this.onFrame(connection, data, isBinary));
    ws.on('close', () => void this.onClose(connection));
    ws.on('error', () => ws.terminate());
    const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
    if (token) {
      void this.authenticate(connection, token);
    } else {
      connection.authTimer = setTimeout(() => {
        if (connection.user || connection.authenticating) return;
        this.sendError(connection, 'SONO_UNAUTHORIZED', 'no token: send {"type":"auth","token":"…"} first, or connect with ?token=');
        ws.close(CLOSE_CODES.authTimeout, 'authentication timeout');
      }, this.deps.authTimeoutMs ?? 10_000);
    }
  }

  private async authenticate(connection: Connection, token: string): Promise<void> {
    clearTimeout(connection.authTimer);
    connection.authenticating = true;
    try {
      const principal = await principalOf(token, this.deps.store, this.deps.adminToken);
      if (principal.kind !== 'user') {
        throw new ApiError('SONO_FORBIDDEN', 'the socket is for users: connect with a user token, not the admin token');
      }
      if (connection.ws.readyState !== WebSocket.OPEN) return;
      connection.user = principal.user;
      const userId = principal.user.id;
      let mine = this.byUser.get(userId);
      if (!mine) {
        mine = new Set();
        this.byUser.set(userId, mine);
      }
      mine.add(connection);
      // Ready only once the mapping is registered: from then on nothing of this user is missed.
      await this.route.addUser(userId);
      this.send(connection, { type: 'ready', userId, instanceId: this.deps.instanceId });
    } catch (error) {
      const code: ApiErrorCode = error instanceof ApiError ? error.code : 'SONO_UNAVAILABLE';
      const message = error instanceof ApiError ? error.message : 'cannot check the token now; retry later';
      if (!(error instanceof ApiError)) this.deps.logger.warn(`socket auth failed: ${(error as Error).message}`);
      this.sendError(connection, code, message);
      connection.ws.close(CLOSE_CODES.unauthorized, code === 'SONO_UNAVAILABLE' ? 'unavailable' : 'unauthorized');
    } finally {
      connection.authenticating = false;
    }
  }

  private async onFrame(connection: Connection, data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) return this.sendError(connection, 'SONO_BAD_FRAME', 'binary frames are not understood; send JSON text');
    const frame = parseFrame(data.toString());
    if (frame instanceof ApiError) return this.sendError(connection, frame.code, frame.message);
    switch (frame.type) {
      case 'auth':
        if (connection.user || connection.authenticating) return this.sendError(connection, 'SONO_BAD_FRAME', 'already authenticated');
        return this.authenticate(connection, frame.token);
      case 'subscribe':
        if (!connection.user) return this.sendError(connection, 'SONO_UNAUTHORIZED', 'send {"type":"auth","token":"…"} before subscribing');
        return this.subscribe(connection, frame.submissionId);
      case 'ping':
        return this.send(connection, { type: 'pong' });
    }
  }

  private async subscribe(connection: Connection, submissionId: string): Promise<void> {
    const user = connection.user!;
    let submission;
    try {
      submission = await this.deps.store.getSubmission(submissionId);
    } catch (error) {
      this.deps.logger.warn(`subscribe: ${(error as Error).message}`);
      return this.sendError(connection, 'SONO_UNAVAILABLE', 'cannot read the submission now; retry later', submissionId);
    }
    if (!submission || submission.userId !== user.id) {
      return this.sendError(connection, 'SONO_NOT_FOUND', `no submission "${submissionId}"`, submissionId);
    }
    this.send(connection, snapshotMessage(submission));
  }

  /** A message routed to this instance: to every connection of its user here. */
  private deliver(routed: RoutedStatus): void {
    const mine = this.byUser.get(routed.userId);
    if (!mine) return;
    for (const connection of mine) this.send(connection, routed.message);
  }

  /**
   * After the bus came back: the stored state of every submission of every user connected here
   * that changed since the bus was lost (minus a margin for other machines' clocks and for a
   * connection that died before it was noticed) — including submissions made while this
   * instance's mappings were missing, which it never heard of.
   */
  private async resyncAll(lostAt: Date): Promise<void> {
    const since = new Date(lostAt.getTime() - RESYNC_MARGIN_MS);
    for (const [userId, mine] of this.byUser) {
      try {
        const changed = await this.deps.store.listSubmissions({ userId, updatedSince: since, limit: MAX_PAGE_LIMIT });
        for (const { id } of changed) {
          const submission = await this.deps.store.getSubmission(id);
          if (!submission) continue;
          const snapshot = snapshotMessage(submission);
          for (const connection of mine) this.send(connection, snapshot);
        }
      } catch (error) {
        this.deps.logger.warn(`resync of ${userId}'s submissions: ${(error as Error).message}`);
      }
    }
  }

  private async onClose(connection: Connection): Promise<void> {
    clearTimeout(connection.authTimer);
    this.connections.delete(connection);
    const user = connection.user;
    if (!user) return;
    const mine = this.byUser.get(user.id);
    mine?.delete(connection);
    if (mine && mine.size === 0) {
      this.byUser.delete(user.id);
      if (!this.closing) await this.route.removeUser(user.id).catch(() => {});
    }
  }

  private pingAll(): void {
    for (const connection of this.connections) {
      if (!connection.alive) {
        connection.ws.terminate();
        continue;
      }
      connection.alive = false;
      connection.ws.ping();
    }
  }

  private send(connection: Connection, frame: ServerFrame): void {
    if (connection.ws.readyState === WebSocket.OPEN) connection.ws.send(JSON.stringify(frame));
  }

  private sendError(connection: Connection, code: ApiErrorCode, message: string, submissionId?: string): void {
    this.send(connection, { type: 'error', code, message, ...(submissionId ? { submissionId } : {}) });
  }

  /** Says goodbye to every client (1001: they reconnect elsewhere) and leaves the bus. */
  async close(): Promise<void> {
    this.closing = true;
    clearInterval(this.pinger);
    const closed = [...this.connections].map(
      (connection) =>
        new Promise<void>((resolve) => {
          if (connection.ws.readyState === WebSocket.CLOSED) return resolve();
          connection.ws.once('close', () => resolve());
          connection.ws.close(CLOSE_CODES.goingAway, 'server shutting down');
          setTimeout(() => {
            connection.ws.terminate();
            resolve();
          }, 2000).unref();
        }),
    );
    await Promise.all(closed);
    await this.route.close();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }
}

/**
 * A client's frame, or the error to answer it with: `SONO_BAD_FRAME` for what is not a frame at all
 * (not JSON, not an object, an unknown type), `SONO_VALIDATION` naming the field of a known one.
 */
export function parseFrame(text: string): ClientFrame | ApiError {
  let frame: unknown;
  try {
    frame = JSON.parse(text);
  } catch {
    return new ApiError('SONO_BAD_FRAME', 'a frame must be a JSON object, like {"type":"subscribe","submissionId":"…"}');
  }
  if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) return new ApiError('SONO_BAD_FRAME', 'a frame must be a JSON object with a "type"');
  const type = (frame as { type?: unknown }).type;
  if (!(CLIENT_FRAME_TYPES as readonly unknown[]).includes(type)) {
    const expected = CLIENT_FRAME_TYPES.map((known) => `"${known}"`).join(', ').replace(/, ([^,]*)$/, ' or $1');
    return new ApiError('SONO_BAD_FRAME', `unknown frame type ${JSON.stringify(type ?? null)}; expected ${expected}`);
  }
  const parsed = clientFrameSchema.safeParse(frame, { error: validationErrorMap });
  return parsed.success ? parsed.data : validationError(fieldIssues(parsed.error.issues, ''));
}
