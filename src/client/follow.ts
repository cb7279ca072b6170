/**
 * Following one submission over the WebSocket until its final result, as a small state machine:
 *
 *   connecting ──open──▶ authenticating ──ready──▶ following ──finished──▶ settled
 *        ▲                     │                       │
 *        └──── reconnecting ◀──┴──────── close ────────┘   (backoff; gives up after many failures)
 *
 * Besides the socket, two things move it: the submission's id becoming known (a submission made
 * after connecting, so that not even `pending` is missed) and time (a stale stream asks for the
 * stored state again; the overall timeout and the caller's abort end it). Status messages become
 * the judge's events through {@link JudgeEventReplay}. The socket is behind {@link OpenLink}, so the
 * machine is tested without a server.
 */
import type { JudgeEvent } from '../judge/events.js';
import type { JudgeResult } from '../judge/result.js';
import type { ClientFrame, ServerFrame, StatusMessage } from '../protocol/index.js';
import { SonocodeApiError } from './errors.js';
import { JudgeEventReplay } from './replay.js';

/** What the follower is doing. */
export type FollowPhase = 'connecting' | 'authenticating' | 'following' | 'reconnecting' | 'settled';

/** A connection as the follower sees it. */
export interface FollowLink {
  /** Sends a frame if the connection is open (dropped otherwise: a reconnect re-subscribes). */
  send(frame: ClientFrame): void;
  /** Closes it; no handler is called after this. */
  close(): void;
}

export interface LinkHandlers {
  onOpen(): void;
  onFrame(frame: ServerFrame): void;
  onClose(): void;
}

/** Opens one connection to the socket, reporting to the handlers. */
export type OpenLink = (handlers: LinkHandlers) => FollowLink;

export interface FollowOptions {
  /** The user token sent in the `auth` frame. */
  token: string;
  /** For messages: where the socket is. */
  socketUrl: string;
  signal?: AbortSignal;
  /** Give up after this long without the final result, in milliseconds. @defaultValue 600000 */
  timeoutMs?: number;
  /** Ask for the stored state again after this long without a frame, in milliseconds. @defaultValue 15000 */
  staleMs?: number;
  /** Language id, for a compile-started event rebuilt from stored state. */
  language?: string;
  /** Connection failures in a row before giving up. @defaultValue 30 */
  maxFailures?: number;
}

/** Reconnect delay after `failures` failures in a row, in milliseconds: 200, 400, … up to 5000. */
export function reconnectDelayMs(failures: number): number {
  return Math.min(100 * 2 ** Math.min(failures, 6), 5000);
}

export class SubmissionFollower {
  /** Resolves once the server said `ready` (or the follower ended): from then on nothing is missed. */
  readonly ready: Promise<void>;
  /** The final result; rejects with a SonocodeApiError (or the abort) when it cannot come. */
  readonly result: Promise<JudgeResult>;

  private phaseNow: FollowPhase = 'connecting';
  private submissionId: string | undefined;
  private replay: JudgeEventReplay | undefined;
  /** Status frames that came before the id was known. */
  private readonly early: StatusMessage[] = [];
  private link: FollowLink | undefined;
  private failures = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private staleTimer: NodeJS.Timeout | undefined;
  private readonly overallTimer: NodeJS.Timeout;
  private markReady!: () => void;
  private resolveResult!: (result: JudgeResult) => void;
  private rejectResult!: (error: unknown) => void;
  private readonly onAbort = () => this.fail(Object.assign(new Error('watching was aborted'), { name: 'AbortError', code: 'ABORTED' }));

  constructor(
    private readonly openLink: OpenLink,
    private readonly onEvent: (event: JudgeEvent) => void,
    private readonly options: FollowOptions,
  ) {
    this.ready = new Promise((resolve) => {
      this.markReady = resolve;
    });
    this.result = new Promise((resolve, reject) => {
      this.resolveResult = resolve;
      this.rejectResult = reject;
    });
    // A failure before anyone awaits the result (a socket refused while a POST is in flight) is
    // not an unhandled rejection; whoever awaits `result` still gets it.
    this.result.catch(() => {});
    const timeoutMs = options.timeoutMs ?? 600_000;
    this.overallTimer = setTimeout(() => this.fail(new SonocodeApiError('SONO_TIMEOUT', 0, `no final result within ${timeoutMs} ms`)), timeoutMs);
    options.signal?.addEventListener('abort', this.onAbort, { once: true });
    if (options.signal?.aborted) this.onAbort();
    else this.connect();
  }

  get phase(): FollowPhase {
    return this.phaseNow;
  }

  /** The submission's id is known: replay what came early and subscribe. */
  follow(submissionId: string): void {
    if (this.phaseNow === 'settled' || this.submissionId !== undefined) return;
    this.submissionId = submissionId;
    this.replay = new JudgeEventReplay(submissionId, this.onEvent, this.options.language);
    for (const message of this.early.splice(0)) this.onStatus(message);
    this.subscribe();
  }

  /** Ends the follower with an error (the submission could not be made, say). */
  fail(error: unknown): void {
    this.settle(() => this.rejectResult(error));
  }

  // -------------------------------------------------------------------------------------------
  // Transitions

  private connect(): void {
    this.phaseNow = 'connecting';
    this.link = this.openLink({
      onOpen: () => this.opened(),
      onFrame: (frame) => this.received(frame),
      onClose: () => this.closed(),
    });
  }

  private opened(): void {
    if (this.phaseNow !== 'connecting') return;
    this.phaseNow = 'authenticating';
    this.link?.send({ type: 'auth', token: this.options.token });
  }

  private received(frame: ServerFrame): void {
    if (this.phaseNow === 'settled') return;
    this.armStale();
    switch (frame.type) {
      case 'ready':
        this.phaseNow = 'following';
        this.failures = 0;
        this.markReady();
        this.subscribe();
        return;
      case 'status':
        this.onStatus(frame);
        return;
      case 'error':
        this.onError(frame);
        return;
      case 'pong':
      case 'run':
        return;
    }
  }

  private onStatus(message: StatusMessage): void {
    if (!this.replay) {
      this.early.push(message);
      return;
    }
    this.replay.accept(message);
    const result = this.replay.done;
    if (result) this.settle(() => this.resolveResult(result));
  }

  private onError(frame: Extract<ServerFrame, { type: 'error' }>): void {
    if (frame.code === 'SONO_UNAUTHORIZED' || frame.code === 'SONO_FORBIDDEN') {
      this.fail(new SonocodeApiError(frame.code, 401, frame.message));
    } else if (frame.code === 'SONO_NOT_FOUND' && frame.submissionId !== undefined && frame.submissionId === this.submissionId) {
      this.fail(new SonocodeApiError(frame.code, 404, frame.message));
    }
    // others (unavailable for a moment) are retried by the stale timer
  }

  private closed(): void {
    if (this.phaseNow === 'settled') return;
    this.failures++;
    if (this.failures > (this.options.maxFailures ?? 30)) {
      this.fail(new SonocodeApiError('SONO_CONNECTION', 0, `the WebSocket at ${this.options.socketUrl} keeps failing`));
      return;
    }
    this.phaseNow = 'reconnecting';
    this.reconnectTimer = setTimeout(() => this.connect(), reconnectDelayMs(this.failures));
  }

  /** Nothing for a while: ask for the stored state again (it fills in whatever was missed). */
  private armStale(): void {
    clearTimeout(this.staleTimer);
    this.staleTimer = setTimeout(() => {
      this.subscribe();
      this.armStale();
    }, this.options.staleMs ?? 15_000);
  }

  private subscribe(): void {
    if (this.phaseNow === 'following' && this.submissionId !== undefined) this.link?.send({ type: 'subscribe', submissionId: this.submissionId });
  }

  private settle(finish: () => void): void {
    if (this.phaseNow === 'settled') return;
    this.phaseNow = 'settled';
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.staleTimer);
    clearTimeout(this.overallTimer);
    this.options.signal?.removeEventListener('abort', this.onAbort);
    this.link?.close();
    this.markReady();
    finish();
  }
}
