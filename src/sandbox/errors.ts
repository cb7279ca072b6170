/**
 * Failures of the sandbox machinery (never of the judged program). Each carries a stable `code`
 * that survives queues and processes: match on `code`, not on `instanceof`.
 */
export type SandboxErrorCode =
  | 'SANDBOX_UNAVAILABLE' // daemon not running, socket missing
  | 'SANDBOX_PERMISSION' // no permission to talk to the daemon
  | 'SANDBOX_IMAGE' // runtime image missing and cannot be created
  | 'SANDBOX_FAILED'; // anything else the machinery did wrong

export class SandboxError extends Error {
  readonly code: SandboxErrorCode;
  /** What the operator can do about it. */
  readonly hint?: string;
  constructor(code: SandboxErrorCode, message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = 'SandboxError';
    this.code = code;
    this.hint = options?.hint;
  }
}
