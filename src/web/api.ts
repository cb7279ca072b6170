/**
 * The page's HTTP calls: the API of docs/api.md on the page's own origin, with the signed-in
 * token. Answers are typed by src/protocol; an error answer becomes a SonocodeApiError with the
 * server's catalogue code and field issues, as in the CLI's client.
 */
import { SonocodeApiError } from '../client/errors.js';
import type {
  Accepted,
  ErrorBody,
  Imported,
  ProblemSummaryView,
  ProblemView,
  RunInput,
  RunView,
  SubmissionSummary,
  SubmissionView,
  SubmitInput,
  WhoamiView,
} from '../protocol/index.js';

export { SonocodeApiError };

/**
 * What `PUT /api/v1/problems/:id` takes — the native problem document, tests inline — written with
 * the view's own shapes (the document's schema lives with the loaders, which are not for a browser).
 */
export type ProblemDocumentBody = Pick<ProblemView, 'title' | 'slug' | 'description' | 'limits' | 'checker' | 'testCases' | 'codeStubs'> &
  Partial<Pick<ProblemView, 'difficulty' | 'groups' | 'interactor'>>;

export interface RequestOptions {
  method?: string;
  /** JSON (sent as such), or raw bytes with `contentType`. */
  body?: unknown;
  contentType?: string;
}

/** Calls the API with the token (when there is one); resolves with the JSON answer (undefined for 204). */
export async function request<T>(path: string, token: string | null, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  let body: BodyInit | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = options.contentType ?? 'application/json';
    body = options.contentType ? (options.body as BodyInit) : JSON.stringify(options.body);
  }
  let response: Response;
  try {
    response = await fetch(path, { method: options.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) });
  } catch (error) {
    throw new SonocodeApiError('SONO_CONNECTION', 0, `cannot reach the server: ${(error as Error).message}`);
  }
  const text = await response.text();
  let data: unknown;
  try {
    data = text ? JSON.parse(text) : undefined;
  } catch {
    data = undefined;
  }
  if (!response.ok) {
    const error = (data ?? {}) as Partial<ErrorBody>;
    throw new SonocodeApiError(error.code ?? `HTTP_${response.status}`, response.status, error.message ?? `HTTP ${response.status}`, error.issues);
  }
  return data as T;
}

/** Every call the page makes, bound to a token. */
export function apiFor(token: string | null) {
  const call = <T>(path: string, options?: RequestOptions) => request<T>(path, token, options);
  return {
    whoami: () => call<WhoamiView>('/api/v1/whoami'),
    problems: () => call<ProblemSummaryView[]>('/api/v1/problems?limit=500'),
    problem: (idOrSlug: string) => call<ProblemView>(`/api/v1/problems/${encodeURIComponent(idOrSlug)}`),
    replaceProblem: (id: string, document: ProblemDocumentBody) => call<ProblemView>(`/api/v1/problems/${encodeURIComponent(id)}`, { method: 'PUT', body: document }),
    deleteProblem: (id: string) => call<void>(`/api/v1/problems/${encodeURIComponent(id)}`, { method: 'DELETE' }),
    importProblem: (file: File, replace: boolean) =>
      call<Imported>(`/api/v1/problems/import?name=${encodeURIComponent(file.name)}${replace ? '&replace=true' : ''}`, {
        method: 'POST',
        body: file,
        contentType: /\.zip$/i.test(file.name) ? 'application/zip' : 'application/yaml',
      }),
    submit: (input: SubmitInput) => call<Accepted>('/api/v1/submissions', { method: 'POST', body: input }),
    submissions: (problemId?: string) =>
      call<SubmissionSummary[]>(`/api/v1/submissions?limit=100${problemId ? `&problemId=${encodeURIComponent(problemId)}` : ''}`),
    submission: (id: string) => call<SubmissionView>(`/api/v1/submissions/${encodeURIComponent(id)}`),
    startRun: (input: RunInput) => call<RunView>('/api/v1/runs', { method: 'POST', body: input }),
    run: (id: string) => call<RunView>(`/api/v1/runs/${encodeURIComponent(id)}`),
  };
}

export type Api = ReturnType<typeof apiFor>;

/**
 * An error as text for the page: the server's message, then each field issue it does not already
 * say (a problem file's issues are in the message as `file:line:col: …`, and in `issues` as `line N: …`).
 */
export function errorText(error: unknown): string {
  if (error instanceof SonocodeApiError) {
    const said = (issue: { message: string }) => error.message.includes(issue.message.replace(/^line \d+: /, ''));
    const issues = (error.issues ?? []).filter((issue) => !said(issue)).map((issue) => `${issue.path}: ${issue.message}`);
    return [error.message, ...issues].join('\n');
  }
  return (error as Error).message ?? String(error);
}
