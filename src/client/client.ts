/**
 * A client of a sonocode server, for the CLI (`submit --server`, `watch`, `problems import`,
 * `users create`) and for scripts. HTTP through fetch; live status through the WebSocket, turned
 * back into the judge's own events so that the CLI's reporters render a remote submission exactly
 * like a local one. It knows the server only through src/protocol.
 */
import { WebSocket } from 'ws';
import type { JudgeEvent } from '../judge/events.js';
import type { ProblemDocumentInput } from '../judge/problem/schema.js';
import type { Problem } from '../judge/problem/types.js';
import type { JudgeResult } from '../judge/result.js';
import type { Accepted, CreatedUser, ErrorBody, ProblemView, RunInput, RunView, ServerFrame, SubmissionView, SubmitInput } from '../protocol/index.js';
import { SOCKET_PATH } from '../protocol/socket.js';
import { SonocodeApiError } from './errors.js';
import { SubmissionFollower, type FollowLink, type FollowOptions, type LinkHandlers } from './follow.js';

export interface ClientOptions {
  /** The api's base URL, e.g. `http://127.0.0.1:3000`. */
  server: string;
  /** A user token (submit, watch) or the admin token (users, problems). */
  token: string;
  /** WebSocket URL. @defaultValue `<server>/ws` (http → ws) */
  socket?: string;
}

/** How to follow a submission: abort signal, timeouts, and the language for events rebuilt from stored state. */
export type WatchOptions = Pick<FollowOptions, 'signal' | 'timeoutMs' | 'staleMs' | 'language'>;

export class SonocodeClient {
  readonly server: string;
  readonly socketUrl: string;
  private readonly token: string;

  constructor(options: ClientOptions) {
    this.server = options.server.replace(/\/+$/, '');
    this.token = options.token;
    this.socketUrl = options.socket ?? `${this.server.replace(/^http/i, 'ws')}${SOCKET_PATH}`;
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
      const error = (data ?? {}) as Partial<ErrorBody>;
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
    // The problem codec (zod, yaml) is loaded only for a loaded Problem, never for a document.
    const document = 'format' in problem ? (await importedDocument(problem)).document : problem;
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

  /** Starts a run (LeetCode's Run: the samples, or `input`); resolves with the pending run. */
  startRun(input: RunInput): Promise<RunView> {
    return this.request('POST', '/api/v1/runs', input);
  }

  getRun(id: string): Promise<RunView> {
    return this.request('GET', `/api/v1/runs/${encodeURIComponent(id)}`);
  }

  /**
   * Runs code on the server (the samples, or `input`) and resolves with the finished run, asking
   * for it every `intervalMs` (a run takes about as long as compiling and the samples).
   * @throws SonocodeApiError as the server answers; SONO_TIMEOUT after `timeoutMs`; the abort reason
   */
  async run(input: RunInput, options: { signal?: AbortSignal; intervalMs?: number; timeoutMs?: number } = {}): Promise<RunView> {
    let run = await this.startRun(input);
    const deadline = Date.now() + (options.timeoutMs ?? 300_000);
    while (run.status !== 'done') {
      if (Date.now() > deadline) throw new SonocodeApiError('SONO_TIMEOUT', 0, `run ${run.id} did not finish within ${options.timeoutMs ?? 300_000} ms`);
      await abortableDelay(options.intervalMs ?? 250, options.signal);
      run = await this.getRun(run.id);
    }
    return run;
  }

  /**
   * Follows a submission over the WebSocket until its final result: each status message becomes
   * the judge event it stands for (delivered once, in order), the stored state fills in whatever
   * was missed (late connection, dropped socket — reconnected with backoff), and the promise
   * resolves with the JudgeResult.
   */
  watch(submissionId: string, onEvent: (event: JudgeEvent) => void = () => {}, options: WatchOptions = {}): Promise<JudgeResult> {
    const follower = this.follow(onEvent, options);
    follower.follow(submissionId);
    return follower.result;
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
    const follower = this.follow(onEvent, { language: input.language, ...options });
    // Connected first when possible; a socket that is slow to come does not hold the submission
    // back (the stored state fills in what it missed).
    await Promise.race([follower.ready, new Promise((resolve) => setTimeout(resolve, 5000).unref())]);
    // Refused before submitting (a token the socket does not take): nothing is submitted.
    if (follower.phase === 'settled') await follower.result;
    let id: string;
    try {
      id = (await this.submit(input)).id;
    } catch (error) {
      follower.fail(error);
      throw error;
    }
    follower.follow(id);
    return { id, result: await follower.result };
  }

  private follow(onEvent: (event: JudgeEvent) => void, options: WatchOptions): SubmissionFollower {
    const url = this.socketUrl;
    return new SubmissionFollower((handlers) => openWebSocket(url, handlers), onEvent, { ...options, token: this.token, socketUrl: url });
  }
}

/** Waits `ms`; rejects with the signal's reason when it aborts. */
function abortableDelay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted();
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The `ws` package's WebSocket as a {@link FollowLink}: frames parsed, errors left to `close`. */
function openWebSocket(url: string, handlers: LinkHandlers): FollowLink {
  const socket = new WebSocket(url);
  socket.on('open', () => handlers.onOpen());
  socket.on('message', (data) => {
    let frame: ServerFrame;
    try {
      frame = JSON.parse(data.toString()) as ServerFrame;
    } catch {
      return;
    }
    handlers.onFrame(frame);
  });
  // every failure ends in 'close', where the follower decides
  socket.on('error', () => {});
  socket.on('close', () => handlers.onClose());
  return {
    send: (frame) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(frame));
    },
    close: () => {
      socket.removeAllListeners();
      socket.on('error', () => {});
      socket.close();
    },
  };
}

/** A loaded Problem as the document the API takes (every test inline), by the judge's one problem codec. */
async function importedDocument(problem: Problem) {
  const { documentFromProblem } = await import('../judge/problem/document.js');
  return documentFromProblem(problem, { selfContained: true });
}
