/**
 * The catalogue of errors the server answers with, as `{code, message}` (REST bodies and WebSocket
 * `error` frames). Codes are stable: clients match on `code`, never on the message. A unit test
 * keeps this catalogue and the table in docs/api.md in step.
 */

export const ERROR_CATALOGUE = {
  SONO_VALIDATION: { status: 400, description: 'A body, parameter or query is invalid; the message names the field (`body.language`).' },
  SONO_BAD_JSON: { status: 400, description: 'The body is not valid JSON.' },
  SONO_UNAUTHORIZED: { status: 401, description: 'The bearer token is missing or unknown.' },
  SONO_FORBIDDEN: { status: 403, description: 'The token is valid but may not do this (a user on an admin route, the admin submitting).' },
  SONO_NOT_FOUND: { status: 404, description: 'No such route, problem or submission (or not yours).' },
  SONO_CONFLICT: { status: 409, description: 'A problem with this slug exists already.' },
  SONO_PAYLOAD_TOO_LARGE: { status: 413, description: 'The body, or `body.code`, is larger than the limit.' },
  SONO_UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'The body is not `application/json`.' },
  SONO_UNKNOWN_PROBLEM: { status: 422, description: 'A submission names a problem (`body.problemId`, id or slug) that does not exist.' },
  SONO_UNKNOWN_LANGUAGE: { status: 422, description: 'A submission names a language (`body.language`) the judge does not know.' },
  SONO_RATE_LIMITED: { status: 429, description: 'Too many submissions by this user; retry after the time in `retry-after`.' },
  SONO_INTERNAL: { status: 500, description: 'A bug or an unexpected failure of the server (logged; no details are returned).' },
  SONO_UNAVAILABLE: { status: 503, description: 'The server is draining or a dependency (store, Redis) is down; retry later.' },
  SONO_BAD_FRAME: { status: 400, description: 'WebSocket only: a frame that is not JSON or not a known message.' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export const ERROR_CODES = Object.keys(ERROR_CATALOGUE) as ErrorCode[];

/** One field-level problem of a request, e.g. `{path: 'body.testCases[0].output', message: 'is required'}`. */
export interface FieldIssue {
  path: string;
  message: string;
}

/** The JSON body of every error response. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  issues?: FieldIssue[];
}

/** An error the API answers with; thrown by handlers, turned into a response by the error handler. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly issues?: FieldIssue[];
  /** Response headers to add (e.g. `retry-after`). */
  readonly headers?: Record<string, string>;

  constructor(code: ErrorCode, message: string, options: { issues?: FieldIssue[]; headers?: Record<string, string>; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ApiError';
    this.code = code;
    this.statusCode = ERROR_CATALOGUE[code].status;
    if (options.issues) this.issues = options.issues;
    if (options.headers) this.headers = options.headers;
  }

  toBody(): ErrorBody {
    return { code: this.code, message: this.message, ...(this.issues ? { issues: this.issues } : {}) };
  }
}

/** A validation error listing every issue, the message being the issues joined. */
export function validationError(issues: FieldIssue[], code: ErrorCode = 'SONO_VALIDATION'): ApiError {
  const shown = issues.slice(0, 10).map((issue) => `${issue.path}: ${issue.message}`);
  if (issues.length > shown.length) shown.push(`… and ${issues.length - shown.length} more`);
  return new ApiError(code, shown.join('; '), { issues });
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CATALOGUE, value);
}
