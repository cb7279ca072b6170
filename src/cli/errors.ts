/**
 * Errors the CLI itself raises. Like every domain error of sonocode they carry a stable `code` that
 * src/cli/exit-codes.ts maps to an exit code; commands throw them and never exit.
 */

export type CliErrorCode =
  /** Bad flags, arguments or SONOCODE_* environment values. */
  | 'USAGE'
  /** A file or folder the user named does not exist or cannot be read. */
  | 'FILE_NOT_FOUND'
  /** The user pressed Ctrl-C. */
  | 'ABORTED'
  /** `sonocode serve` could not start: the port is taken, the store cannot be opened… */
  | 'SERVE_FAILED';

export class CliError extends Error {
  readonly code: CliErrorCode;
  /** What the user can do about it, printed under the message. */
  readonly hint?: string;

  constructor(code: CliErrorCode, message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = 'CliError';
    this.code = code;
    this.hint = options?.hint;
  }
}

export function usageError(message: string, hint?: string): CliError {
  return new CliError('USAGE', message, hint ? { hint } : undefined);
}

/** A readable error for a file the user named that could not be read. */
export function fileError(what: string, file: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT') return new CliError('FILE_NOT_FOUND', `${what} not found: ${file}`, { cause: error });
  if (code === 'EISDIR') return new CliError('FILE_NOT_FOUND', `${what} is a folder, not a file: ${file}`, { cause: error });
  if (code === 'EACCES' || code === 'EPERM') {
    return new CliError('FILE_NOT_FOUND', `${what} cannot be read (permission denied): ${file}`, { cause: error });
  }
  return new CliError('FILE_NOT_FOUND', `${what} cannot be read: ${file}: ${(error as Error).message}`, { cause: error });
}

/**
 * An answer of a sonocode server that is not what was asked for, or a server that could not be
 * reached. `code` is the server's own (`SONO_UNAUTHORIZED`, `SONO_CONNECTION`…: docs/api.md), so that
 * src/cli/exit-codes.ts maps it like every other code; the message says what went wrong and `hint`
 * what to do about it.
 */
export class ServerError extends Error {
  readonly code: string;
  /** The HTTP status; 0 when there was no answer. */
  readonly status: number;
  readonly hint?: string;

  constructor(code: string, status: number, message: string, options?: { hint?: string; cause?: unknown }) {
    super(message, { cause: options?.cause });
    this.name = 'ServerError';
    this.code = code;
    this.status = status;
    if (options?.hint) this.hint = options.hint;
  }
}
