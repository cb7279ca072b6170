/**
 * The page's one WebSocket (`/ws` on the page's origin) for the signed-in user: it authenticates
 * with a first frame (the token stays out of the address), re-subscribes to what the page follows
 * each time it is ready again, and reconnects with backoff. Status messages go to whoever follows
 * that submission; `run` messages to whoever follows that run. A subscription answers with the
 * stored state at once, so nothing final is missed across a reconnection.
 */
import type { RunView, ServerFrame, StatusMessage } from '../protocol/index.js';
import { SOCKET_PATH } from '../protocol/socket.js';

export type LiveState = 'connecting' | 'ready' | 'reconnecting' | 'closed';

type Listeners<T> = Map<string, Set<(value: T) => void>>;

function add<T>(listeners: Listeners<T>, id: string, listener: (value: T) => void): () => void {
  let set = listeners.get(id);
  if (!set) listeners.set(id, (set = new Set()));
  set.add(listener);
  return () => {
    set.delete(listener);
    if (set.size === 0) listeners.delete(id);
  };
}

/** Reconnect delay after `failures` failures in a row, in milliseconds: 250, 500, … up to 5000. */
export function backoffMs(failures: number): number {
  return Math.min(125 * 2 ** Math.min(failures, 6), 5000);
}

export class LiveSocket {
  private ws: WebSocket | null = null;
  private state: LiveState = 'connecting';
  private failures = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly submissions: Listeners<StatusMessage> = new Map();
  private readonly runs: Listeners<RunView> = new Map();
  private readonly stateListeners = new Set<(state: LiveState) => void>();

  constructor(private readonly token: string) {
    this.connect();
  }

  get current(): LiveState {
    return this.state;
  }

  onState(listener: (state: LiveState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Follows a submission: its stored state at once, then every status message. Returns the unfollow. */
  followSubmission(id: string, listener: (message: StatusMessage) => void): () => void {
    const remove = add(this.submissions, id, listener);
    this.send({ type: 'subscribe', submissionId: id });
    return remove;
  }

  /** Follows a run: each new view of it. Returns the unfollow. */
  followRun(id: string, listener: (run: RunView) => void): () => void {
    return add(this.runs, id, listener);
  }

  close(): void {
    this.setState('closed');
    clearTimeout(this.timer);
    this.ws?.close();
    this.ws = null;
  }

  private connect(): void {
    const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}${SOCKET_PATH}`;
    const ws = new WebSocket(url);
    this.ws = ws;
    ws.onopen = () => ws.send(JSON.stringify({ type: 'auth', token: this.token }));
    ws.onmessage = (event) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(event.data)) as ServerFrame;
      } catch {
        return;
      }
      this.received(frame);
    };
    ws.onclose = () => {
      if (this.ws !== ws || this.state === 'closed') return;
      this.failures++;
      this.setState('reconnecting');
      this.timer = setTimeout(() => this.connect(), backoffMs(this.failures));
    };
  }

  private received(frame: ServerFrame): void {
    switch (frame.type) {
      case 'ready':
        this.failures = 0;
        this.setState('ready');
        // what was followed before the (re)connection: its stored state fills in what was missed
        for (const id of this.submissions.keys()) this.send({ type: 'subscribe', submissionId: id });
        return;
      case 'status':
        for (const listener of this.submissions.get(frame.submissionId) ?? []) listener(frame);
        return;
      case 'run':
        for (const listener of this.runs.get(frame.run.id) ?? []) listener(frame.run);
        return;
      case 'error':
      case 'pong':
        return;
    }
  }

  private send(frame: object): void {
    if (this.state === 'ready' && this.ws?.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(frame));
  }

  private setState(state: LiveState): void {
    if (this.state === state) return;
    this.state = state;
    for (const listener of this.stateListeners) listener(state);
  }
}
