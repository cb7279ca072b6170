/**
 * `sonocode problems validate <problem...>`: every error of each problem with its place
 * (`file:line:col: testCases[3].output: …`), then — for a valid problem in a folder — every reference
 * solution under `submissions/<expected verdict>/` judged in the sandbox, expected vs got.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { CheckerCache } from '../../judge/check/judge-output.js';
import type { LanguageRegistry } from '../../judge/languages.js';
import type { Problem } from '../../judge/problem/types.js';
import type { JudgeResult } from '../../judge/result.js';
import type { Verdict } from '../../judge/verdict.js';
import type { SandboxBackend } from '../../sandbox/types.js';
import type { CommandContext } from '../context.js';
import { createStyle, firstFailure, firstLine, formatMemory, formatMs, pad, paintVerdict, plural, type Style } from '../format.js';
import { write } from '../io.js';
import { openSandbox, readSource, StatusLine } from './shared.js';

export interface ValidateArgs {
  problems: string[];
  /** Judge the reference solutions of valid problems. @defaultValue true */
  solutions: boolean;
  json: boolean;
}

/** The folders of `submissions/` and the verdict a solution in each must get (Kattis conventions). */
export const EXPECTED_VERDICTS: readonly (readonly [string, Verdict])[] = [
  ['accepted', 'AC'],
  ['wrong_answer', 'WA'],
  ['time_limit_exceeded', 'TLE'],
  ['memory_limit_exceeded', 'MLE'],
  ['output_limit_exceeded', 'OLE'],
  ['run_time_error', 'RE'],
  ['compile_error', 'CE'],
];

export interface SolutionCheck {
  /** Relative to the problem's submissions folder, e.g. `accepted/solution.cpp`. */
  file: string;
  expected: Verdict;
  /** The verdict it got; absent when it was skipped. */
  got?: Verdict;
  /** Got what it should; also true for a skipped file (which is reported, not failed). */
  ok: boolean;
  /** Why the file was not judged (unknown language, a folder…). */
  skipped?: string;
  timeMs?: number;
  memoryKb?: number;
  /** For a disagreement: the failing test and what the checker or compiler said. */
  detail?: string;
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
  solutions: SolutionCheck[];
}

export interface ValidateValue {
  kind: 'problems-validate';
  problems: ProblemValidation[];
}

export async function validate(args: ValidateArgs, ctx: CommandContext): Promise<ValidateValue> {
  const style = createStyle(ctx.config.color);
  const print = async (text: string) => {
    if (!args.json) await write(ctx.io.stdout, `${text}\n`);
  };
  const status = new StatusLine(ctx.io.stderr);
  let sandbox: Promise<SandboxBackend> | undefined;
  let languages: LanguageRegistry | undefined;
  const results: ProblemValidation[] = [];

  try {
    for (const path of args.problems) {
      ctx.signal.throwIfAborted();
      let problem: Problem;
      try {
        problem = await ctx.deps.loadProblem(path);
      } catch (error) {
        const { code } = error as { code?: unknown };
        if (typeof code !== 'string' || !code.startsWith('PROBLEM_')) throw error;
        const formatted = (error as { format?: () => string }).format?.() ?? (error as Error).message;
        const issues = formatted.split('\n').filter((line) => line !== '');
        results.push({ path, valid: false, code, issues, solutions: [] });
        await print(style.red(`✗ ${path}: ${code === 'PROBLEM_INVALID' ? plural(issues.length, 'error') : 'not a problem'}`));
        await print(issues.join('\n'));
        continue;
      }

      const entry: ProblemValidation = { path, valid: true, issues: [], slug: problem.slug, tests: problem.testCases.length, solutions: [] };
      results.push(entry);
      const samples = problem.testCases.filter((test) => test.sample).length;
      await print(`${style.green('✓')} ${path}: valid ${style.dim(`(${problem.slug}, ${plural(problem.testCases.length, 'test')}, ${plural(samples, 'sample')})`)}`);
      if (!args.solutions) continue;

      const found = await findSolutions(path, problem);
      if (found.length === 0) {
        await print(style.dim('  no reference solutions (submissions/accepted/…)'));
        continue;
      }
      languages ??= await ctx.deps.languages(ctx.config.languagesFile);
      // A checker program (an ICPC output validator) is compiled once, first: one that does not
      // compile makes the problem invalid (exit 2), naming the file.
      const { CheckerCache, customCheckerSpecs } = await import('../../judge/check/judge-output.js');
      const checkers = customCheckerSpecs(problem).length > 0 ? new CheckerCache(await (sandbox ??= openSandbox(ctx)), languages) : undefined;
      try {
        if (checkers) {
          status.set(`compiling the checker of ${path}…`);
          const { prepareCheckers } = await import('../../judge/verify.js');
          const { displayPath } = await import('./verify.js');
          try {
            await prepareCheckers(problem, checkers, displayPath);
          } catch (error) {
            if ((error as { code?: unknown }).code !== 'PROBLEM_INVALID') throw error;
            status.clear();
            const issues = (error as Error).message.split('\n').filter((line) => line !== '');
            Object.assign(entry, { valid: false, code: 'PROBLEM_INVALID', issues });
            await print(style.red(`✗ ${path}: the checker does not compile`));
            await print(issues.join('\n'));
            continue;
          } finally {
            status.clear();
          }
        }
        const width = Math.max(...found.map((solution) => solution.file.length));
        for (const solution of found) {
          ctx.signal.throwIfAborted();
          const check = await judgeSolution(solution, problem, languages, ctx, status, () => (sandbox ??= openSandbox(ctx)), checkers);
          entry.solutions.push(check);
          await print(solutionLine(check, width, style));
        }
      } finally {
        await checkers?.[Symbol.asyncDispose]();
      }
    }
  } finally {
    status.clear();
  }

  if (args.json) {
    const ok = results.every((problem) => problem.valid && problem.solutions.every((solution) => solution.ok));
    await write(ctx.io.stdout, `${JSON.stringify({ ok, problems: results })}\n`);
  } else {
    await print(style.dim(validationSummary(results)));
  }
  return { kind: 'problems-validate', problems: results };
}

async function judgeSolution(
  solution: FoundSolution,
  problem: Problem,
  languages: LanguageRegistry,
  ctx: CommandContext,
  status: StatusLine,
  sandbox: () => Promise<SandboxBackend>,
  checkers?: CheckerCache,
): Promise<SolutionCheck> {
  const skipped = (why: string): SolutionCheck => ({ file: solution.file, expected: solution.expected, ok: true, skipped: why });
  if (solution.skipped) return skipped(solution.skipped);
  let language;
  try {
    language = languages.resolve(solution.path);
  } catch (error) {
    return skipped((error as Error).message);
  }
  const source = await readSource(solution.path);
  status.set(`judging ${solution.file}…`);
  try {
    const result = await ctx.deps.judgeSubmission({ problem, source, language }, await sandbox(), {
      signal: ctx.signal,
      languages,
      ...(checkers ? { checkers } : {}),
      onEvent: (event) => {
        if (event.type === 'compile-started') status.set(`judging ${solution.file}: compiling…`);
        if (event.type === 'test-started') status.set(`judging ${solution.file}: test ${event.index + 1}/${event.total}`);
      },
    });
    return solutionCheck(solution.file, solution.expected, result);
  } finally {
    status.clear();
  }
}

interface FoundSolution {
  file: string;
  path: string;
  expected: Verdict;
  skipped?: string;
}

/** The reference solutions of a problem kept in a folder (a single-file problem has none). */
async function findSolutions(path: string, problem: Problem): Promise<FoundSolution[]> {
  const isFolder = (await stat(path).catch(() => null))?.isDirectory() ?? false;
  const folder = isFolder || basename(path) === 'problem.yaml' ? problem.directory : undefined;
  if (!folder) return [];
  const found: FoundSolution[] = [];
  for (const [name, expected] of EXPECTED_VERDICTS) {
    const entries = await readdir(join(folder, 'submissions', name), { withFileTypes: true }).catch(() => []);
    for (const item of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (item.name.startsWith('.')) continue;
      const solution: FoundSolution = { file: `${name}/${item.name}`, path: join(folder, 'submissions', name, item.name), expected };
      if (item.isDirectory()) solution.skipped = 'a folder (multi-file submissions are not supported)';
      found.push(solution);
    }
  }
  return found;
}

export function solutionCheck(file: string, expected: Verdict, result: JudgeResult): SolutionCheck {
  const check: SolutionCheck = { file, expected, got: result.verdict, ok: result.verdict === expected };
  if (result.compile.ok) {
    check.timeMs = result.timeMs;
    check.memoryKb = result.memoryKb;
  }
  if (!check.ok) {
    const failure = firstFailure(result);
    if (result.verdict === 'CE') check.detail = firstLine(result.compile.output || 'the compiler gave no message');
    else if (failure) {
      check.detail = `test ${failure.number} (${failure.test.name})${failure.test.message ? `: ${firstLine(failure.test.message)}` : ''}`;
    } else if (result.verdict === 'AC') check.detail = `passed all ${plural(result.tests.length, 'test')}`;
    else if (result.message) check.detail = firstLine(result.message);
  }
  return check;
}

export function solutionLine(check: SolutionCheck, width: number, style: Style): string {
  const name = pad(check.file, width);
  if (check.skipped) return `  ${style.dim('-')} ${name}  ${style.dim(`skipped: ${check.skipped}`)}`;
  const got = check.got ?? 'IE';
  const usage = check.timeMs !== undefined && check.memoryKb !== undefined ? style.dim(`  ${formatMs(check.timeMs)}, ${formatMemory(check.memoryKb)}`) : '';
  if (check.ok) return `  ${style.green('✓')} ${name}  ${paintVerdict(style, got, pad(got, 3))}${usage}`;
  const line = `  ${style.red('✗')} ${name}  expected ${check.expected}, got ${paintVerdict(style, got)}${usage}`;
  return check.detail ? `${line}\n      ${style.dim(check.detail)}` : line;
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
