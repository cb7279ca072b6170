/**
 * The catalogue of errors a sonocode server answers with, as `{code, message}` (REST bodies and
 * WebSocket `error` frames). Codes are stable: clients match on `code`, never on the message. A
 * unit test keeps this catalogue and the table in docs/api.md in step.
 */
import { z } from 'zod';

export const API_ERROR_CATALOGUE = {
  SONO_VALIDATION: { status: 400, description: 'A body, parameter or query is invalid; the message names the field (`body.language`).' },
  SONO_BAD_JSON: { status: 400, description: 'The body is not valid JSON.' },
  SONO_UNAUTHORIZED: { status: 401, description: 'The bearer token is missing or unknown.' },
  SONO_FORBIDDEN: { status: 403, description: 'The token is valid but may not do this (a user on an admin route, the admin submitting).' },
  SONO_NOT_FOUND: { status: 404, description: 'No such route, problem or submission (or not yours).' },
  SONO_CONFLICT: { status: 409, description: 'A problem with this slug exists already.' },
  SONO_PAYLOAD_TOO_LARGE: { status: 413, description: 'The body, or `body.code`, is larger than the limit.' },
  SONO_UNSUPPORTED_MEDIA_TYPE: { status: 415, description: 'The body is not `application/json` in UTF-8 (another media type, another charset, or bytes that are not UTF-8).' },
  SONO_UNKNOWN_PROBLEM: { status: 422, description: 'A submission names a problem (`body.problemId`, id or slug) that does not exist.' },
  SONO_UNKNOWN_LANGUAGE: { status: 422, description: 'A submission names a language (`body.language`) the judge does not know.' },
  SONO_RATE_LIMITED: { status: 429, description: 'Too many submissions (or runs) by this user; retry after the time in `retry-after`.' },
  SONO_INTERNAL: { status: 500, description: 'A bug or an unexpected failure of the server (logged; no details are returned).' },
  SONO_UNAVAILABLE: { status: 503, description: 'The server is draining or a dependency (store, Redis) is down; retry later.' },
  SONO_BAD_FRAME: { status: 400, description: 'WebSocket only: a frame that is not JSON or not a known message.' },
} as const satisfies Record<string, { status: number; description: string }>;

export type ApiErrorCode = keyof typeof API_ERROR_CATALOGUE;

export const API_ERROR_CODES = Object.keys(API_ERROR_CATALOGUE) as [ApiErrorCode, ...ApiErrorCode[]];

export function isApiErrorCode(value: unknown): value is ApiErrorCode {
  return typeof value === 'string' && Object.hasOwn(API_ERROR_CATALOGUE, value);
}

/** One field-level problem of a request, e.g. `{path: 'body.testCases[0].output', message: 'is required'}`. */
export const fieldIssueSchema = z.object({
  path: z.string().meta({ description: 'Where: `body.language`, `querystring.limit`, `body.testCases[0].output`' }),
  message: z.string(),
});
export type FieldIssue = z.infer<typeof fieldIssueSchema>;

/** The JSON body of every error response. */
export const errorBodySchema = z
  .object({
    code: z.enum(API_ERROR_CODES),
    message: z.string(),
    issues: z.array(fieldIssueSchema).optional(),
  })
  .meta({ id: 'Error', description: 'Every error: a stable code (see docs/api.md) and a message naming the field at fault' });
export type ErrorBody = z.infer<typeof errorBodySchema>;
