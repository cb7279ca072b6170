/**
 * The catalogue of sonocode's error codes: every error raised on purpose carries one of these as its
 * stable `code`, which survives queues and processes (match on `code`, never on the class). Each
 * code has its exit class, which the CLI turns into its exit code (SPEC §4) in src/cli/exit-codes.ts,
 * and its line in docs/errors.md (a test keeps the two in step).
 *
 * Every layer may import this module (the sandbox too), so it imports nothing. The server's API
 * answers (`SONO_*` codes with an HTTP status, docs/api.md) are a table of their own in
 * src/server/errors.ts, referenced here rather than copied: they are a wire contract whose one
 * property is the status, an error of the server's client carries that status, and the exit class
 * follows from it ({@link exitClassOfHttpStatus}). So the CLI maps them without loading the server.
 *
 * An error class declares the codes it raises from this catalogue, so that a code missing here does
 * not compile:
 *
 * ```ts
 * export type SandboxErrorCode = CataloguedCode<'SANDBOX_UNAVAILABLE' | 'SANDBOX_FAILED'>;
 * class LanguageError extends Error { readonly code = 'LANGUAGE_UNKNOWN' satisfies ErrorCode; }
 * ```
 */

/**
 * What an error means to whoever ran sonocode, and so how the CLI exits:
 * - `usage`: the caller asked for something wrong (a flag, a file, a problem): exit 2;
 * - `system`: the sandbox, the server or sonocode itself failed: exit 3;
 * - `interrupted`: the user stopped it (Ctrl-C): exit 130.
 */
export type ExitClass = 'usage' | 'system' | 'interrupted';

/** One code of the catalogue. */
export interface ErrorCodeEntry {
  readonly exit: ExitClass;
  /** When the code is raised, as docs/errors.md says it (Markdown). */
  readonly doc: string;
}

/** Every error code sonocode raises on purpose, with its {@link ExitClass} and its line in docs/errors.md. */
export const ERROR_CATALOGUE = {
  // the CLI (src/cli)
  USAGE: { exit: 'usage', doc: 'a flag or argument is wrong (bad number, conflicting options)' },
  FILE_NOT_FOUND: { exit: 'usage', doc: 'a submission, input or package path does not exist' },
  ABORTED: { exit: 'interrupted', doc: 'the user pressed Ctrl-C, or stopped watching a submission' },
  SERVE_FAILED: { exit: 'system', doc: '`sonocode serve` cannot start: the port is taken, the store cannot be opened' },

  // languages and problems (src/judge)
  LANGUAGE_UNKNOWN: { exit: 'usage', doc: '`--lang` names no language, or the extension matches none' },
  LANGUAGES_INVALID: { exit: 'usage', doc: 'the `--languages` YAML file is malformed (each issue with its path)' },
  PROBLEM_NOT_FOUND: { exit: 'usage', doc: 'nothing at the problem path' },
  PROBLEM_INVALID: { exit: 'usage', doc: 'the problem file or package has errors (every one, with `file:line:col: path`)' },
  PROBLEM_FORMAT: { exit: 'usage', doc: 'the folder is not a problem in a format sonocode reads' },
  PROBLEM_TIME_LIMIT_UNKNOWN: { exit: 'usage', doc: 'a package gives no time limit and `--time-limit-ms` is not given (run `sonocode verify` to infer it)' },
  CHECKER_FAILED: { exit: 'system', doc: "the problem's checker or output validator does not compile: its submissions are `IE`" },

  // the sandbox (src/sandbox)
  SANDBOX_UNAVAILABLE: { exit: 'system', doc: 'the Docker daemon does not answer' },
  SANDBOX_PERMISSION: { exit: 'system', doc: 'no permission to use the Docker daemon' },
  SANDBOX_IMAGE: { exit: 'system', doc: 'the runtime image is missing and cannot be created' },
  SANDBOX_FAILED: { exit: 'system', doc: 'any other failure of the sandbox machinery (a container that vanished, a daemon that stopped answering)' },

  // the server and its client (src/server), apart from the API's answers
  SONO_CONFIG: { exit: 'usage', doc: "`sonocode serve`'s flags or `SONOCODE_*` settings are invalid (every issue, naming its flag)" },
  SONO_REDIS_UNAVAILABLE: { exit: 'system', doc: 'Redis does not answer at the `--redis` URL' },
  SONO_CONNECTION: { exit: 'system', doc: 'the server at `--server` (or its WebSocket) cannot be reached' },
  SONO_TIMEOUT: { exit: 'system', doc: 'no answer in time: no final result while following a submission, or Redis too slow' },
  STORE_CONFLICT: { exit: 'system', doc: "a unique key of the store is taken (a problem's slug, a token); the API answers it as `SONO_CONFLICT`" },
} as const satisfies Record<string, ErrorCodeEntry>;

/** Every code of the catalogue. */
export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/**
 * Some codes of the catalogue, for an error class that raises only those; naming a code the
 * catalogue lacks does not compile (where `Extract` would silently drop it).
 */
export type CataloguedCode<Code extends ErrorCode> = Code;

/** True for a code of the catalogue, e.g. the `code` of an error that crossed a queue as JSON. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CATALOGUE, value);
}

/**
 * The exit class of an error a server answered with, by its HTTP status: the caller's mistake for
 * a 4xx, the server's failure for a 5xx; `undefined` for a status that is not an error.
 */
export function exitClassOfHttpStatus(status: number): ExitClass | undefined {
  if (status >= 400 && status < 500) return 'usage';
  if (status >= 500 && status < 600) return 'system';
  return undefined;
}
