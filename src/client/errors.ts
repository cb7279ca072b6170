import type { FieldIssue } from '../protocol/errors.js';

/**
 * An error answer of the server (`code` from its catalogue, docs/api.md), or one of the client's
 * own: `SONO_CONNECTION` (the server or its WebSocket could not be reached), `SONO_TIMEOUT` (no
 * final result in time), `HTTP_<status>` (an answer without a catalogue code).
 */
export class SonocodeApiError extends Error {
  readonly code: string;
  /** The HTTP status; 0 when there was no answer. */
  readonly status: number;
  readonly issues?: FieldIssue[];
  constructor(code: string, status: number, message: string, issues?: FieldIssue[]) {
    super(message);
    this.name = 'SonocodeApiError';
    this.code = code;
    this.status = status;
    if (issues) this.issues = issues;
  }
}
