/**
 * The CLI's one mapping from outcomes to exit codes (SPEC §4), used by src/cli/main.ts only:
 * 0 accepted / success, 1 judged and not accepted, 2 usage error or invalid problem,
 * 3 sandbox or system failure (IE), 130 interrupted. Errors are matched on `code`, not on class: each
 * code's exit class comes from the error catalogue (src/errors/catalogue.ts).
 */
import type { DoctorValue } from './commands/doctor.js';
import type { ExportValue } from './commands/export.js';
import type { ImportValue } from './commands/import.js';
import type { ListValue, SchemaValue, ShowValue, StarterValue } from './commands/problems.js';
import type { RunValue } from './reporters/types.js';
import type { ServeValue } from './commands/serve.js';
import type { SubmitValue } from './commands/submit.js';
import type { UsersCreateValue } from './commands/users.js';
import type { ValidateValue } from './commands/validate.js';
import type { VerifyValue } from './commands/verify.js';
import type { WatchValue } from './commands/watch.js';
import type { Verdict } from '../judge/verdict.js';
import { ERROR_CATALOGUE, exitClassOfHttpStatus, isErrorCode, type ExitClass } from '../errors/catalogue.js';

export const EXIT = Object.freeze({
  /** Accepted, or the command did what was asked. */
  OK: 0,
  /** Judged and not accepted (also a reference solution or sample that disagrees). */
  NOT_ACCEPTED: 1,
  /** Bad flags or arguments, unknown language, missing file, invalid problem or package. */
  USAGE: 2,
  /** The sandbox or the system failed (also an IE verdict). */
  SYSTEM: 3,
  /** Stopped by Ctrl-C (128 + SIGINT). */
  INTERRUPTED: 130,
});

export type CommandValue =
  | SubmitValue
  | RunValue
  | ListValue
  | ShowValue
  | StarterValue
  | SchemaValue
  | ValidateValue
  | DoctorValue
  | VerifyValue
  | ImportValue
  | ExportValue
  | WatchValue
  | UsersCreateValue
  | ServeValue;

/** How a command ended: with a value (or none, for --help), or with an error. */
export type Outcome = { value: CommandValue | undefined } | { error: unknown; interrupted?: boolean };

export function exitCodeFor(outcome: Outcome): number {
  if ('value' in outcome) return outcome.value ? exitCodeForValue(outcome.value) : EXIT.OK;
  if (outcome.interrupted) return EXIT.INTERRUPTED;
  return exitCodeForError(outcome.error);
}

export function exitCodeForVerdict(verdict: Verdict): number {
  if (verdict === 'AC') return EXIT.OK;
  return verdict === 'IE' ? EXIT.SYSTEM : EXIT.NOT_ACCEPTED;
}

export function exitCodeForValue(value: CommandValue): number {
  switch (value.kind) {
    case 'submit':
    case 'watch':
      return exitCodeForVerdict(value.result.verdict);
    case 'run': {
      if (!value.compile.ok) return EXIT.NOT_ACCEPTED;
      const verdicts = value.mode === 'input' ? [value.run?.verdict ?? 'IE'] : value.samples.map((sample) => sample.verdict);
      return worst(verdicts.map(exitCodeForVerdict));
    }
    case 'problems-validate': {
      if (value.problems.some((problem) => !problem.valid)) return EXIT.USAGE;
      const solutions = value.problems.flatMap((problem) => problem.solutions);
      if (solutions.some((solution) => solution.got === 'IE' && solution.expected !== 'IE')) return EXIT.SYSTEM;
      return solutions.every((solution) => solution.ok) ? EXIT.OK : EXIT.NOT_ACCEPTED;
    }
    case 'doctor':
      return value.report.ok ? EXIT.OK : EXIT.SYSTEM;
    case 'verify': {
      const judged = value.report.submissions.filter((outcome) => !outcome.skipped);
      if (judged.some((outcome) => outcome.got === 'IE' && outcome.expected !== 'IE')) return EXIT.SYSTEM;
      return value.report.ok ? EXIT.OK : EXIT.NOT_ACCEPTED;
    }
    case 'problems-import':
    case 'problems-export':
      return EXIT.OK;
    case 'problems-list':
    case 'problems-show':
    case 'problems-starter':
    case 'problems-schema':
    case 'users-create':
      return EXIT.OK;
    case 'serve':
      // stopped by SIGTERM/Ctrl-C after draining: that is how a server ends well
      return EXIT.OK;
  }
}

/** System failure outranks non-acceptance. */
function worst(codes: number[]): number {
  if (codes.includes(EXIT.SYSTEM)) return EXIT.SYSTEM;
  return codes.some((code) => code !== EXIT.OK) ? EXIT.NOT_ACCEPTED : EXIT.OK;
}

/** The exit code of each exit class of the error catalogue. */
const EXIT_OF_CLASS: Record<ExitClass, number> = { usage: EXIT.USAGE, system: EXIT.SYSTEM, interrupted: EXIT.INTERRUPTED };

export function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The exit class of an error, looked up by its code's text (errors that crossed a queue or a process
 * are plain objects) in the error catalogue. An answer of a server (`SONO_UNAUTHORIZED`… of the API's
 * table, or a proxy's `HTTP_<status>`) carries its HTTP status, which decides: the CLI need not load
 * the server to know its codes. `undefined` for an error without a code, or one nobody catalogued.
 */
export function exitClassOf(error: unknown): ExitClass | undefined {
  const code = errorCode(error);
  if (code === undefined) return undefined;
  if (isErrorCode(code)) return ERROR_CATALOGUE[code].exit;
  const status = httpStatusOf(error, code);
  return status === undefined ? undefined : exitClassOfHttpStatus(status);
}

function httpStatusOf(error: unknown, code: string): number | undefined {
  const status = (error as { status?: unknown }).status;
  if (typeof status === 'number' && status > 0) return status;
  const fromCode = /^HTTP_(\d{3})$/.exec(code);
  return fromCode ? Number(fromCode[1]) : undefined;
}

/** Commander's own errors (`commander.unknownOption`…): usage errors, or the end of --help and --version. */
function isCommanderError(code: string | undefined): boolean {
  return code?.startsWith('commander.') ?? false;
}

export function exitCodeForError(error: unknown): number {
  const code = errorCode(error);
  if (isCommanderError(code)) {
    const exitCode = (error as { exitCode?: unknown }).exitCode;
    // --help and --version end in a CommanderError with exit code 0
    return exitCode === 0 ? EXIT.OK : EXIT.USAGE;
  }
  if (isAbort(error)) return EXIT.INTERRUPTED;
  const exitClass = exitClassOf(error);
  // no code, or one no catalogue knows: something unexpected failed (describeError calls it a bug)
  return exitClass === undefined ? EXIT.SYSTEM : EXIT_OF_CLASS[exitClass];
}

/** Node's AbortError (code `ABORT_ERR`), or a DOMException of that name. */
function isAbort(error: unknown): boolean {
  return (error as { name?: unknown } | null)?.name === 'AbortError' || errorCode(error) === 'ABORT_ERR';
}

/** Errors whose message is complete and meant for users: no stack trace, ever. */
export function isKnownError(error: unknown): boolean {
  return isCommanderError(errorCode(error)) || isAbort(error) || exitClassOf(error) !== undefined;
}

/**
 * What main prints on stderr for an error: `sonocode: <message>`, the hint, and a stack trace only
 * for an unexpected error with SONOCODE_DEBUG=1. Empty for errors commander already showed.
 */
export function describeError(error: unknown, options: { debug: boolean; usageHint?: string }): string {
  const code = errorCode(error);
  if (isCommanderError(code)) {
    // help shown because a command was missing: commander printed it, and its message is a placeholder
    if (code === 'commander.help' || code === 'commander.helpDisplayed' || code === 'commander.version') return '';
    const message = String((error as Error).message).replace(/^error:\s*/, '');
    return `sonocode: ${message}\n${options.usageHint ? `hint: ${options.usageHint}\n` : ''}`;
  }
  if (isAbort(error) || exitClassOf(error) === 'interrupted') return 'sonocode: interrupted\n';

  const lines: string[] = [];
  const message = error instanceof Error || (error as { message?: unknown } | null)?.message !== undefined
    ? String((error as Error).message)
    : String(error);
  if (code === 'PROBLEM_INVALID') {
    const issues = (error as { issues?: unknown[] }).issues ?? [];
    const file = (error as { file?: string }).file ?? 'the problem';
    const formatted = (error as { format?: () => string }).format?.() ?? message;
    lines.push(`sonocode: invalid problem ${file}${issues.length > 0 ? ` (${issues.length === 1 ? '1 error' : `${issues.length} errors`})` : ''}:`);
    lines.push(formatted);
  } else {
    const [first, ...rest] = message.split('\n');
    lines.push(`sonocode: ${first}`, ...rest);
  }
  const hint = (error as { hint?: unknown } | null)?.hint;
  if (typeof hint === 'string' && hint !== '') lines.push(`hint: ${hint}`);
  if (!isKnownError(error)) {
    if (options.debug && error instanceof Error && error.stack) lines.push(error.stack);
    else lines.push('hint: this looks like a bug in sonocode; run again with SONOCODE_DEBUG=1 to see where it happened');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The end of a CLI run: its exit code and what to print on stderr. After Ctrl-C the command's own
 * error (whatever the interruption caused) is replaced by "interrupted"; a command that finished
 * anyway keeps its result's exit code.
 */
export function conclude(
  outcome: Outcome & { usageHint?: string },
  options: { debug: boolean; interrupted: boolean },
): { exitCode: number; stderr: string } {
  if ('error' in outcome && options.interrupted) {
    return { exitCode: EXIT.INTERRUPTED, stderr: describeError(new DOMException('interrupted', 'AbortError'), options) };
  }
  if ('error' in outcome) {
    return { exitCode: exitCodeFor(outcome), stderr: describeError(outcome.error, { debug: options.debug, usageHint: outcome.usageHint }) };
  }
  return { exitCode: exitCodeFor(outcome), stderr: '' };
}
