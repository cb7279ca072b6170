/**
 * A client of a sonocode server, for the CLI (`submit --server`, `watch`, `problems import`,
 * `users create`) and for scripts. HTTP through fetch; live status through the WebSocket, turned
 * back into the judge's own events so that the CLI's reporters render a remote submission exactly
 * like a local one. It never imports the server's roles.
 */
import { WebSocket } from 'ws';
import type { JudgeEvent } from '../judge/events.js';
import type { ProblemDocumentInput } from '../judge/problem/schema.js';
import type { Problem } from '../judge/problem/types.js';
import type { JudgeResult } from '../judge/result.js';
import { JudgeEventReplay, type ServerFrame } from './messages.js';
import { problemDocumentFromProblem } from './problems.js';

export { problemDocumentFromProblem } from './problems.js';

export interface ClientOptions {
  /** The api's base URL, e.g. `http://127.0.0.1:3000`. */
  server: string;
  /** A user token (submit, watch) or the admin token (users, problems). */
  token: string;
  /** WebSocket URL. @defaultValue `<server>/ws` (http → ws) */
  socket?: string;
}

export interface WatchOptions {
  signal?: AbortSignal;
  /** Give up after this long without the final result, in milliseconds. @defaultValue 600000 */
  timeoutMs?: number;
  /** Ask for the stored state again after this long without a message, in milliseconds. @defaultValue 15000 */
  staleMs?: number;
  /** Language id, for a compile-started event rebuilt from stored state. */
  language?: string;
}

/** An error answer of the server (`code` from its catalogue), or `SONO_CONNECTION` when it could not be reached. */
export class SonocodeApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly issues?: { path: string; message: string }[];
  constructor(code: string, status: number, message: string, issues?: { path: string; message: string }[]) {
    super(message);
    this.name = 'SonocodeApiError';
    this.code = code;
    this.status = status;
    if (issues) this.issues = issues;
  }
}

export interface SubmitInput {
  /** Problem id or slug. */
  problemId: string;
  language: string;
  code: string;
}

export interface Accepted {
  id: string;
  status: 'pending';
  problemId?: string;
  language?: string;
  createdAt?: string;
}

export interface CreatedUser {
  id: string;
  name: string;
  token: string;
}

/** The public view of a problem (samples only for non-admins). */
export interface ProblemView {
  id: string;
  slug: string;
  title: string;
  description: string;
  difficulty?: string;
  limits: { timeLimitMs: number; memoryLimitMb: number; outputLimitKb: number };
  testCases: { name: string; sample: boolean; input: string; output: string }[];
  testNames: { name: string; sample: boolean }[];
  testCount: number;
  [key: string]: unknown;
}

export interface SubmissionView {
  id: string;
  userId: string;
  problemId: string;
  language: string;
  code: string;
  status: 'pending' | 'compiling' | 'running' | 'done';
  verdict?: string;
  result?: JudgeResult;
  [key: string]: unknown;
}

export class SonocodeClient {
  readonly server: string;
  readonly socketUrl: string;
  private readonly token: string;

  constructor(options: ClientOptions) {
    this.server = options.server.replace(/\/+$/, '');
    this.token = options.token;
    this.socketUrl = options.socket ?? `${this.server.replace(/^http/i, 'ws')}/ws`;
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.server}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    } catch (error) {
      const cause = (error as { cause?: { message?: string } }).cause?.message ?? (error as Error).message;
      throw new SonocodeApiError('SONO_CONNECTION', 0, `cannot reach the server at ${this.server}: ${cause}`);
    }
    const text = await response.text();
    let data: unknown = undefined;
    if (text) {
      try {
        data = JSON.parse(text);
      } catch {
        data = undefined;
      }
    }
    if (!response.ok) {
      const error = (data ?? {}) as { code?: string; message?: string; issues?: { path: string; message: string }[] };
      throw new SonocodeApiError(
        error.code ?? `HTTP_${response.status}`,
        response.status,
        error.message ?? `${method} ${path}: HTTP ${response.status}`,
        error.issues,
      );
    }
    return data as T;
  }

  /** Creates a user (admin token); the answer holds the user's token. */
  createUser(name: string): Promise<CreatedUser> {
    return this.request('POST', '/api/v1/users', { name });
  }

  /**
   * Imports a problem (admin token): a document with inline tests, or a loaded Problem (its test
   * files are read and inlined). With `replace`, a problem with the same slug is replaced.
   */
  async importProblem(problem: ProblemDocumentInput | Problem, options: { replace?: boolean } = {}): Promise<ProblemView> {
    const document = 'format' in problem ? (await problemDocumentFromProblem(problem)).document : problem;
    try {
      return await this.request<ProblemView>('POST', '/api/v1/problems', document);
    } catch (error) {
      if (options.replace && error instanceof SonocodeApiError && error.code === 'SONO_CONFLICT' && document.slug) {
        return this.request<ProblemView>('PUT', `/api/v1/problems/${encodeURIComponent(document.slug)}`, document);
      }
      throw error;
    }
  }

  getProblem(idOrSlug: string): Promise<ProblemView> {
    return this.request('GET', `/api/v1/problems/${encodeURIComponent(idOrSlug)}`);
  }

  submit(input: SubmitInput): Promise<Accepted> {
    return this.request('POST', '/api/v1/submissions', input);
  }

  getSubmission(id: string): Promise<SubmissionView> {
    return this.request('GET', `/api/v1/submissions/${encodeURIComponent(id)}`);
  }

  /**
   * Follows a submission over the WebSocket until its final result: each status message becomes
   * the judge event it stands for (delivered once, in order), the stored state fills in whatever
   * was missed (late connection, dropped socket — reconnected with backoff), and the promise
   * resolves with the JudgeResult.
   */
  watch(submissionId: string, onEvent: (event: JudgeEvent) => void = () => {}, options: WatchOptions = {}): Promise<JudgeResult> {
    return this.follow(Promise.resolve(submissionId), onEvent, options).result;
  }

  /**
   * Connects the WebSocket first, then submits, so that not even `pending` is missed; resolves
   * with the submission's id and final result.
   */
  async submitAndWatch(
    input: SubmitInput,
    onEvent: (event: JudgeEvent) => void = () => {},
    options: WatchOptions = {},
  ): Promise<{ id: string; result: JudgeResult }> {
    let accepted: (id: string) => void = () => {};
    let refused: (error: unknown) => void = () => {};
    const id = new Promise<string>((resolve, reject) => {
      accepted = resolve;
      refused = reject;
    });
    const following = this.follow(id, onEvent, { language: input.language, ...options });
    // Either may fail before it is awaited (a socket refused while the POST is in flight): handled below.
    following.result.catch(() => {});
    id.catch(() => {});
    // Connected first when possible; a socket that is slow to come does not hold the submission
    // back (the stored state fills in what it missed).
    await Promise.race([following.ready, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    try {
      accepted((await this.submit(input)).id);
    } catch (error) {
      refused(error);
    }
    const result = await following.result;
    return { id: await id, result };
  }

  private follow(
    idPromise: Promise<string>,
    onEvent: (event: JudgeEvent) => void,
    options: WatchOptions,
  ): { ready: Promise<void>; result: Promise<JudgeResult> } {
    let markReady: () => void = () => {};
    const ready = new Promise<void>((resolve) => {
      markReady = resolve;
    });
    const result = new Promise<JudgeResult>((resolve, reject) => {
      let submissionId: string | undefined;
      let replay: JudgeEventReplay | undefined;
      const early: ServerFrame[] = [];
      let ws: WebSocket | undefined;
      let settled = false;
      let failures = 0;
      let reconnectTimer: NodeJS.Timeout | undefined;
      let staleTimer: NodeJS.Timeout | undefined;
      const staleMs = options.staleMs ?? 15_000;

      const settle = (error: unknown, value?: JudgeResult) => {
        if (settled) return;
        settled = true;
        markReady();
        clearTimeout(reconnectTimer);
        clearTimeout(staleTimer);
        clearTimeout(overall);
        options.signal?.removeEventListener('abort', onAbort);
        ws?.removeAllListeners();
        ws?.on('error', () => {});
        ws?.close();
        if (error) reject(error);
        else resolve(value!);
      };
      const overall = setTimeout(
        () => settle(new SonocodeApiError('SONO_TIMEOUT', 0, `no final result within ${options.timeoutMs ?? 600_000} ms`)),
        options.timeoutMs ?? 600_000,
      );
      const onAbort = () => settle(Object.assign(new Error('watching was aborted'), { name: 'AbortError', code: 'ABORTED' }));
      options.signal?.addEventListener('abort', onAbort, { once: true });

      const send = (frame: unknown) => {
        if (ws?.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
      };
      const subscribe = () => {
        if (submissionId) send({ type: 'subscribe', submissionId });
      };
      const armStale = () => {
        clearTimeout(staleTimer);
        staleTimer = setTimeout(() => {
          subscribe();
          armStale();
        }, staleMs);
      };
      const handle = (frame: ServerFrame) => {
        if (frame.type === 'status') {
          if (!replay) return;
          replay.accept(frame);
          if (replay.done) settle(null, replay.done);
        } else if (frame.type === 'error') {
          if (frame.code === 'SONO_UNAUTHORIZED' || frame.code === 'SONO_FORBIDDEN') {
            settle(new SonocodeApiError(frame.code, 401, frame.message));
          } else if (frame.code === 'SONO_NOT_FOUND' && frame.submissionId === submissionId) {
            settle(new SonocodeApiError(frame.code, 404, frame.message));
          }
          // others (unavailable for a moment) are retried by the stale timer
        }
      };

      idPromise.then(
        (id) => {
          submissionId = id;
          replay = new JudgeEventReplay(id, onEvent, options.language);
          for (const frame of early.splice(0)) handle(frame);
          subscribe();
        },
        (error: unknown) => settle(error),
      );

      const connect = () => {
        if (settled) return;
        const socket = new WebSocket(this.socketUrl);
        ws = socket;
        socket.on('open', () => socket.send(JSON.stringify({ type: 'auth', token: this.token })));
        socket.on('message', (data) => {
          let frame: ServerFrame;
          try {
            frame = JSON.parse(data.toString()) as ServerFrame;
          } catch {
            return;
          }
          armStale();
          if (frame.type === 'ready') {
            failures = 0;
            markReady();
            subscribe();
            return;
          }
          if (!replay && frame.type === 'status') {
            early.push(frame);
            return;
          }
          handle(frame);
        });
        socket.on('error', () => {});
        socket.on('close', () => {
          if (settled) return;
          failures++;
          if (failures > 30) {
            settle(new SonocodeApiError('SONO_CONNECTION', 0, `the WebSocket at ${this.socketUrl} keeps failing`));
            return;
          }
          reconnectTimer = setTimeout(connect, Math.min(100 * 2 ** Math.min(failures, 6), 5000));
        });
      };
      connect();
    });
    return { ready, result };
  }
}
