/**
 * The errors the server answers with: {@link ApiError} carries a code of the catalogue
 * (src/protocol/errors.ts, documented in docs/api.md) and becomes a `{code, message, issues?}`
 * body in the error handler (app.ts) or an `error` frame on the WebSocket.
 */
import { API_ERROR_CATALOGUE, type ErrorBody, type ApiErrorCode, type FieldIssue } from '../protocol/errors.js';

/** An error the API answers with; thrown by handlers, turned into a response by the error handler. */
export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly statusCode: number;
  readonly issues?: FieldIssue[];
  /** Response headers to add (e.g. `retry-after`). */
  readonly headers?: Record<string, string>;

  constructor(code: ApiErrorCode, message: string, options: { issues?: FieldIssue[]; headers?: Record<string, string>; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.statusCode = API_ERROR_CATALOGUE[code].status;
    if (options.issues) this.issues = options.issues;
    if (options.headers) this.headers = options.headers;
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }
}

/**
 * A validation error listing every issue; its message is the issues joined
 * (`body.language: is required; body.code: must not be empty`), at most ten of them.
 */
export function validationError(issues: FieldIssue[], code: ApiErrorCode = 'SONO_VALIDATION'): ApiError {
  const shown = issues.slice(0, 10).map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
  if (issues.length > shown.length) shown.push(`… and ${issues.length - shown.length} more`);
  return new ApiError(code, shown.join('; ') || 'invalid request', { issues });
}
