/**
 * `sonocode problems validate <problem...>`: every error of each problem with its place
 * (`file:line:col: testCases[3].output: …`), then — for a valid problem in a folder of its own — its
 * reference solutions under `submissions/<expected verdict>/`, verified as `sonocode verify` does
 * them: the same judge, the same table of folders, the same line per solution (expected vs got).
 */
import type { LanguageRegistry } from '../../judge/languages.js';
import type { Problem } from '../../judge/problem/types.js';
import type { SubmissionOutcome, VerifyEvent } from '../../judge/verify.js';
import type { SandboxBackend } from '../../sandbox/types.js';
import type { CommandContext } from '../context.js';
import { createStyle, indent, plural, type Style } from '../format.js';
import { write } from '../io.js';
import { writeJunit } from '../reporters/junit.js';
import { fileWidth, judgingStep, outcomeLines, verifyEventLines } from '../reporters/verify-lines.js';
import { displayPath, lazySandbox, loadProblemNamed, StatusLine, submissionsDirOf } from './shared.js';

export interface ValidateArgs {
  problems: string[];
  /** Judge the reference solutions of valid problems. @defaultValue true */
  solutions: boolean;
  json: boolean;
  /** Also write a JUnit XML report to this file (src/cli/reporters/junit.ts). */
  junit?: string;
}

export interface ProblemValidation {
  path: string;
  valid: boolean;
  /** PROBLEM_INVALID, PROBLEM_NOT_FOUND or PROBLEM_FORMAT when invalid. */
  code?: string;
  /** Every error, one `file:line:col: path: message` line each. */
  issues: string[];
  slug?: string;
  tests?: number;
  /** Its reference solutions, as `sonocode verify` reports them. */
  solutions: SubmissionOutcome[];
}

export interface ValidateValue {
  kind: 'problems-validate';
  problems: ProblemValidation[];
}

export async function validate(args: ValidateArgs, ctx: CommandContext): Promise<ValidateValue> {
  const style = createStyle(ctx.config.color);
  const print = (text: string) => {
    if (!args.json) ctx.io.stdout.write(`${text}\n`);
  };
  const sandbox = lazySandbox(ctx);
  let languages: LanguageRegistry | undefined;
  const results: ProblemValidation[] = [];

  for (const path of args.problems) {
    ctx.signal.throwIfAborted();
    let problem: Problem;
    try {
      problem = await loadProblemNamed(ctx, path);
    } catch (error) {
      const invalid = invalidProblem(path, error);
      results.push(invalid);
      print(style.red(`✗ ${path}: ${invalid.code === 'PROBLEM_INVALID' ? plural(invalid.issues.length, 'error') : 'not a problem'}`));
      print(invalid.issues.join('\n'));
      const { hint } = error as { hint?: unknown };
      if (typeof hint === 'string') print(`hint: ${hint}`);
      continue;
    }

    const entry: ProblemValidation = { path, valid: true, issues: [], slug: problem.slug, tests: problem.testCases.length, solutions: [] };
    results.push(entry);
    const samples = problem.testCases.filter((test) => test.sample).length;
    print(`${style.green('✓')} ${path}: valid ${style.dim(`(${problem.slug}, ${plural(problem.testCases.length, 'test')}, ${plural(samples, 'sample')})`)}`);
    if (!args.solutions) continue;

    languages ??= await ctx.deps.languages(ctx.config.languagesFile);
    try {
      entry.solutions = await verifySolutions(path, problem, { ctx, sandbox, languages, style, print });
    } catch (error) {
      // A checker program that does not compile makes the problem invalid (exit 2), naming the file.
      if ((error as { code?: unknown }).code !== 'PROBLEM_INVALID') throw error;
      Object.assign(entry, { valid: false, code: 'PROBLEM_INVALID', issues: issueLines(error) });
      print(style.red(`✗ ${path}: the checker does not compile`));
      print(entry.issues.join('\n'));
    }
  }

  if (args.junit !== undefined) {
    const suites = results.map((problem) => ({
      name: problem.path,
      outcomes: problem.solutions,
      ...(problem.valid ? {} : { invalid: { code: problem.code ?? 'PROBLEM_INVALID', issues: problem.issues } }),
    }));
    await writeJunit(args.junit, 'sonocode problems validate', suites);
  }
  if (args.json) {
    const ok = results.every((problem) => problem.valid && problem.solutions.every((solution) => solution.ok));
    await write(ctx.io.stdout, `${JSON.stringify({ ok, problems: results })}\n`);
  } else {
    await write(ctx.io.stdout, `${style.dim(validationSummary(results))}\n`);
  }
  return { kind: 'problems-validate', problems: results };
}

/**
 * The problem's own submissions, verified by the judge's `verifyProblem`: a line per solution as it
 * is judged (and the time limit, when it had to be inferred); progress on a terminal's status line.
 * @throws ProblemError PROBLEM_INVALID when the problem's checker program does not compile
 */
async function verifySolutions(
  path: string,
  problem: Problem,
  context: { ctx: CommandContext; sandbox: SandboxBackend; languages: LanguageRegistry; style: Style; print: (text: string) => void },
): Promise<SubmissionOutcome[]> {
  const { ctx, style, print } = context;
  const status = new StatusLine(ctx.io.stderr);
  let width = 0;
  const onEvent = (event: VerifyEvent) => {
    if (event.type === 'start') {
      width = fileWidth(event.submissions.map((submission) => submission.file));
      status.set(`checking ${path}…`);
    } else if (event.type === 'submission-started') {
      status.set(`judging ${event.file}…`);
    } else if (event.type === 'submission-progress') {
      const step = judgingStep(event.event);
      if (step) status.set(`judging ${event.file}: ${step}`);
    } else {
      status.clear();
      const lines = verifyEventLines(event, width, style);
      // a solution's lines are indented already; notes go under the problem's line too
      for (const line of lines) print(event.type === 'submission-finished' ? line : indent(line));
    }
  };
  try {
    const report = await ctx.deps.verifyProblem(problem, {
      sandbox: context.sandbox,
      languages: context.languages,
      judge: (input, backend, options) => ctx.deps.judgeSubmission(input, backend, options),
      submissionsDir: await submissionsDirOf(path, problem),
      signal: ctx.signal,
      onEvent,
      display: displayPath,
    });
    if (report.submissions.length === 0) print(style.dim('  no reference solutions (submissions/accepted/…)'));
    return report.submissions;
  } finally {
    status.clear();
  }
}

/** A problem that did not load, with every error it has. @throws what is not a problem's error */
function invalidProblem(path: string, error: unknown): ProblemValidation {
  const { code } = error as { code?: unknown };
  if (typeof code !== 'string' || !code.startsWith('PROBLEM_')) throw error;
  return { path, valid: false, code, issues: issueLines(error), solutions: [] };
}

/** A problem error's lines, `file:line:col: path: message` each. */
function issueLines(error: unknown): string[] {
  const formatted = (error as { format?: () => string }).format?.() ?? (error as Error).message;
  return formatted.split('\n').filter((line) => line !== '');
}

export function validationSummary(results: ProblemValidation[]): string {
  const invalid = results.filter((problem) => !problem.valid).length;
  const solutions = results.flatMap((problem) => problem.solutions).filter((solution) => !solution.skipped);
  const wrong = solutions.filter((solution) => !solution.ok).length;
  let line = `${plural(results.length, 'problem')}: ${invalid === 0 ? 'all valid' : `${invalid} invalid`}`;
  if (solutions.length > 0) {
    line += `; ${plural(solutions.length, 'solution')}: ${wrong === 0 ? 'all as expected' : `${wrong} not as expected`}`;
  }
  return line;
}
