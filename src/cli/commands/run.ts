/**
 * `sonocode run <problem> <file>`: LeetCode's "Run". With `--input FILE|-` the program runs on that
 * input and its output is printed as is (stdout), with its stderr and a summary on stderr. Without
 * it, the program runs on every sample test and each output is checked, with the first differing
 * line shown when it does not match.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { TestCase } from '../../judge/problem/types.js';
import type { CompileResult } from '../../judge/result.js';
import type { ProgramRun } from '../../judge/run-program.js';
import type { Verdict } from '../../judge/verdict.js';
import type { CommandContext } from '../context.js';
import { firstDifferentLine, showLine, type LineDifference } from '../diff.js';
import { CliError, fileError } from '../errors.js';
import { createStyle, formatMemory, formatMs, indent, paintVerdict, pad, plural, verdictLabel, type Style } from '../format.js';
import { loadSubmission, openSandbox, readStream, readTestData, StatusLine, type Submission } from './shared.js';

export interface RunArgs {
  problem: string;
  file: string;
  lang?: string;
  /** A file to use as standard input, or `-` for this process's standard input. */
  input?: string;
}

export interface SampleOutcome {
  name: string;
  /** AC when the output matched; the run's verdict (RE, TLE…) when it did not finish normally. */
  verdict: Verdict;
  timeMs: number;
  memoryKb: number;
  message?: string;
  /** Where the output differs from the expected one, when it does. */
  difference?: LineDifference;
}

export type RunValue =
  | { kind: 'run'; mode: 'input'; compile: CompileResult; run?: ProgramRun }
  | { kind: 'run'; mode: 'samples'; compile: CompileResult; samples: SampleOutcome[]; totalSamples: number };

/** Lines of stderr, expected and got shown for a failing sample. */
const SHOWN_LINES = 8;

export async function run(args: RunArgs, ctx: CommandContext): Promise<RunValue> {
  const submission = await loadSubmission(ctx, args);
  if (args.input !== undefined) return runOnInput(args.input, submission, ctx, args.file);
  return runOnSamples(submission, ctx, args.file);
}

async function runOnInput(input: string, submission: Submission, ctx: CommandContext, file: string): Promise<RunValue> {
  const { io, deps, config } = ctx;
  const style = createStyle(config.color);
  let stdin: { text: string } | { path: string };
  if (input === '-') {
    stdin = { text: await readStream(io.stdin, ctx.signal) };
  } else {
    const path = resolve(input);
    const stats = await stat(path).catch((error: unknown) => {
      throw fileError('input file', input, error);
    });
    if (!stats.isFile()) throw new CliError('FILE_NOT_FOUND', `input file is not a file: ${input}`);
    stdin = { path };
  }

  const status = new StatusLine(io.stderr);
  status.set(`compiling and running ${file} (${submission.language.id})…`);
  let outcome;
  try {
    const sandbox = await openSandbox(ctx);
    outcome = await deps.runProgram(
      { problem: submission.problem, source: submission.source, language: submission.language, stdin },
      sandbox,
      config.limits,
    );
  } finally {
    status.clear();
  }
  ctx.signal.throwIfAborted();

  const { compile, run: program } = outcome;
  if (!compile.ok || !program) {
    io.stderr.write(compileFailure(compile, style));
    return { kind: 'run', mode: 'input', compile };
  }
  io.stdout.write(program.stdout);
  // On a terminal, keep the summary off the program's last line
  if (io.stdout.isTTY && program.stdout !== '' && !program.stdout.endsWith('\n')) io.stdout.write('\n');
  if (program.stderr !== '') io.stderr.write(program.stderr.endsWith('\n') ? program.stderr : `${program.stderr}\n`);
  io.stderr.write(`${runSummary(program, style)}\n`);
  return { kind: 'run', mode: 'input', compile, run: program };
}

/** `exit code 0, 3 ms, 3.0 MB`, or `RE (Runtime Error): killed by SIGSEGV, 3 ms, 3.0 MB`. */
export function runSummary(program: ProgramRun, style: Style): string {
  const usage = `${formatMs(program.timeMs)}, ${formatMemory(program.memoryKb)}`;
  if (program.verdict === 'AC') return style.dim(`exit code ${program.exitCode ?? 0}, ${usage}`);
  let why: string;
  if (program.verdict === 'RE') why = program.signal ? `killed by ${program.signal}` : `exit code ${program.exitCode}`;
  else why = (program.message ?? '').split('\n')[0];
  return `${paintVerdict(style, program.verdict, verdictLabel(program.verdict))}${why ? `: ${why}` : ''}, ${usage}`;
}

function compileFailure(compile: CompileResult, style: Style): string {
  const lines = [style.red(`compilation failed in ${formatMs(compile.timeMs)}`)];
  if (compile.output) lines.push(compile.output);
  lines.push(`verdict: ${paintVerdict(style, 'CE', verdictLabel('CE'))}`);
  return `${lines.join('\n')}\n`;
}

async function runOnSamples(submission: Submission, ctx: CommandContext, file: string): Promise<RunValue> {
  const { io, deps, config, signal } = ctx;
  const style = createStyle(config.color);
  const samples = submission.problem.testCases.filter((test) => test.sample);
  if (samples.length === 0) {
    throw new CliError('USAGE', `problem ${submission.problem.slug} has no sample tests`, {
      hint: 'give the program an input: sonocode run <problem> <file> --input FILE (or - for standard input)',
    });
  }
  const print = (text: string) => void io.stdout.write(`${text}\n`);
  const status = new StatusLine(io.stderr);
  const nameWidth = Math.max(...samples.map((test) => test.name.length));
  const outcomes: SampleOutcome[] = [];
  let compile: CompileResult = { ok: true, timeMs: 0, output: '' };

  print(`running ${file} (${submission.language.id}) on ${plural(samples.length, 'sample')} of ${submission.problem.slug}`);
  const sandbox = await openSandbox(ctx);
  const checker = await deps.outputChecker(submission.problem, sandbox, submission.languages);
  try {
    for (const [index, test] of samples.entries()) {
      signal.throwIfAborted();
      status.set(`running ${test.name} (${index + 1}/${samples.length})…`);
      const result = await deps.runProgram(
        { problem: submission.problem, source: submission.source, language: submission.language, stdin: test.input },
        sandbox,
        config.limits,
      );
      status.clear();
      compile = result.compile;
      if (!compile.ok || !result.run) {
        io.stdout.write(compileFailure(compile, style));
        return { kind: 'run', mode: 'samples', compile, samples: outcomes, totalSamples: samples.length };
      }
      const outcome = await judgeSample(test, result.run, checker.check.bind(checker));
      outcomes.push(outcome);
      for (const line of sampleLines(outcome, result.run, nameWidth, style)) print(line);
    }
  } finally {
    status.clear();
    await checker[Symbol.asyncDispose]();
  }
  const passed = outcomes.filter((outcome) => outcome.verdict === 'AC').length;
  print(
    passed === samples.length
      ? style.green(`all ${plural(samples.length, 'sample')} passed`)
      : style.red(`${passed}/${samples.length} samples passed`),
  );
  return { kind: 'run', mode: 'samples', compile, samples: outcomes, totalSamples: samples.length };
}

async function judgeSample(
  test: TestCase,
  program: ProgramRun,
  check: (test: TestCase, output: string) => Promise<{ verdict: 'AC' | 'WA' | 'IE'; message?: string }>,
): Promise<SampleOutcome> {
  const measured = { name: test.name, timeMs: program.timeMs, memoryKb: program.memoryKb };
  if (program.verdict !== 'AC') {
    return { ...measured, verdict: program.verdict, ...(program.message ? { message: program.message } : {}) };
  }
  const checked = await check(test, program.stdout);
  const outcome: SampleOutcome = { ...measured, verdict: checked.verdict };
  if (checked.message) outcome.message = checked.message;
  if (checked.verdict === 'WA') {
    const difference = firstDifferentLine(await readTestData(test.output), program.stdout);
    if (difference) outcome.difference = difference;
  }
  return outcome;
}

/** `sample-1  AC  3 ms  3.0 MB`, then for a mismatch the first differing line, expected vs got. */
export function sampleLines(outcome: SampleOutcome, program: ProgramRun | undefined, nameWidth: number, style: Style): string[] {
  const mark = outcome.verdict === 'AC' ? style.green('✓') : style.red('✗');
  const lines = [
    `${mark} ${pad(outcome.name, nameWidth)}  ${paintVerdict(style, outcome.verdict, pad(outcome.verdict, 3))}  ${formatMs(outcome.timeMs)}  ${formatMemory(outcome.memoryKb)}`,
  ];
  if (outcome.verdict === 'AC') return lines;
  const { difference } = outcome;
  if (difference) {
    lines.push(`    line ${difference.line} differs:`);
    lines.push(`      expected: ${style.green(showLine(difference.expected))}`);
    lines.push(`      got:      ${style.red(showLine(difference.got))}`);
  }
  if (outcome.message) lines.push(style.dim(indent(outcome.message.split('\n').slice(0, SHOWN_LINES).join('\n'), '    ')));
  else if (program && program.stderr.trim() !== '') {
    lines.push(style.dim(indent(program.stderr.trimEnd().split('\n').slice(-SHOWN_LINES).join('\n'), '    ')));
  }
  return lines;
}
