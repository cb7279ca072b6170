/**
 * Errors the CLI itself raises. Like every domain error of sonocode they carry a stable `code` of the
 * error catalogue (src/errors/catalogue.ts: what each means, and its exit code); commands throw them
 * and never exit.
 */
import type { CataloguedCode } from '../errors/catalogue.js';

export type CliErrorCode = CataloguedCode<'USAGE' | 'FILE_NOT_FOUND' | 'PROBLEM_NOT_FOUND' | 'ABORTED' | 'SERVE_FAILED'>;

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

/**
 * Every usage error of a command line, found in one go, so that a user with several bad flags
 * learns of all of them at once: checks run through {@link UsageErrors.check} keep their error
 * instead of throwing it, and {@link UsageErrors.throwIfAny} throws them together.
 */
export class UsageErrors {
  private readonly found: CliError[] = [];

  /** Runs a check; a CliError it throws is kept (and undefined returned), any other error thrown on. */
  check<T>(run: () => T): T | undefined {
    try {
      return run();
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      this.found.push(error);
      return undefined;
    }
  }

  add(error: CliError): void {
    this.found.push(error);
  }

  /**
   * @throws CliError USAGE: the one error found as it is, or several under a count, one per line
   *   (`2 usage errors:` then each, indented), with their hints
   */
  throwIfAny(): void {
    if (this.found.length === 0) return;
    if (this.found.length === 1) throw this.found[0];
    const hints = [...new Set(this.found.flatMap((error) => (error.hint ? [error.hint] : [])))];
    const lines = this.found.map((error) => `  ${error.message}`);
    throw new CliError('USAGE', `${this.found.length} usage errors:\n${lines.join('\n')}`, hints.length > 0 ? { hint: hints.join('; ') } : undefined);
  }
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
  /**
   * The code as the server sent it: text from another process (a newer server, or a proxy's
   * `HTTP_<status>`, may send one no catalogue of this CLI knows), so not narrowed to a union.
   */
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
