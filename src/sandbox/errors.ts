/**
 * Failures of the sandbox machinery (never of the judged program). Each carries a stable `code`
 * that survives queues and processes: match on `code`, not on `instanceof`.
 */
import type { CataloguedCode } from '../errors/catalogue.js';

/** What each means, and how the CLI exits for it: the error catalogue. */
export type SandboxErrorCode = CataloguedCode<'SANDBOX_UNAVAILABLE' | 'SANDBOX_PERMISSION' | 'SANDBOX_IMAGE' | 'SANDBOX_FAILED'>;

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
