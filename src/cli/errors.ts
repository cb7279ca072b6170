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
  | 'ABORTED';

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
