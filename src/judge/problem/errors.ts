/**
 * Errors of problem loading. A bad problem file is a domain error with a stable `code` that the CLI
 * maps to exit code 2 and the server to a 4xx: match on `code`, not on `instanceof`.
 */
import type { CataloguedCode } from '../../errors/catalogue.js';

/** What each means: the error catalogue (src/errors/catalogue.ts). */
export type ProblemErrorCode = CataloguedCode<'PROBLEM_INVALID' | 'PROBLEM_NOT_FOUND' | 'PROBLEM_FORMAT'>;

/**
 * One thing wrong with a problem, located as precisely as the file allows: printed as
 * `file:line:col: path: message`.
 */
export interface ProblemIssue {
  /**
   * The file it is in, when not the error's own file (a package spreads over many files:
   * `pkg/data/secret/test_group.yaml`).
   */
  file?: string;
  /** Where in the document, e.g. `testCases[3].output` (`limits.memory` in a package); `""` for the file as a whole. */
  path: string;
  /** What is wrong, for a human: `expected a string, got a number (42)`. */
  message: string;
  /** 1-based line in the file, when known. */
  line?: number;
  /** 1-based column in the file, when known. */
  column?: number;
}

export class ProblemError extends Error {
  readonly code: ProblemErrorCode;
  /** The file (or folder) the error is about, as the user named it. */
  readonly file: string;
  /** Every issue found, in file order; empty when the error is about the file as a whole. */
  readonly issues: ProblemIssue[];

  /**
   * @param summary - what went wrong as a whole; used when there are no issues
   *   (`no problem.yaml in folder problems/x`).
   */
  constructor(
    code: ProblemErrorCode,
    file: string,
    summary: string,
    issues: ProblemIssue[] = [],
    options?: { cause?: unknown },
  ) {
    super(issues.length > 0 ? formatIssues(file, issues) : `${file}: ${summary}`, options);
    this.name = 'ProblemError';
    this.code = code;
    this.file = file;
    this.issues = issues;
  }

  /** One line per issue, `problems/x.yaml:12:5: testCases[3].output: expected a string`. */
  format(): string {
    return this.message;
  }
}

/** Formats issues as `file:line:col: path: message`, one per line; `file` is for issues that name none. */
export function formatIssues(file: string, issues: readonly ProblemIssue[]): string {
  return issues.map((issue) => formatIssue(file, issue)).join('\n');
}

/** `file:line:col: path: message`, the issue's own file, else `file`. */
export function formatIssue(file: string, issue: ProblemIssue): string {
  let where = issue.file ?? file;
  if (issue.line !== undefined) {
    where += `:${issue.line}`;
    if (issue.column !== undefined) where += `:${issue.column}`;
  }
  return issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

/** True for a ProblemError, also one that crossed a process or queue boundary (matched by `code`). */
export function isProblemError(error: unknown): error is ProblemError {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'PROBLEM_INVALID' || code === 'PROBLEM_NOT_FOUND' || code === 'PROBLEM_FORMAT';
}
