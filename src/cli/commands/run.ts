/**
 * `sonocode run <problem> <file>`: LeetCode's "Run", a driver of the judge flow. The program is
 * compiled once; with `--input FILE|-` it runs on that input and its output is printed as is
 * (stdout), with its stderr and a summary on stderr. Without it, it runs on every sample test in
 * the same sandbox session and each output is checked as `submit` checks it, with the first
 * differing line shown when it does not match.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { CompiledSubmission, ProgramOutput, ProgramRun } from '../../judge/pipeline.js';
import type { TestCase, TestData } from '../../judge/problem/types.js';
import type { CompileResult, TestResult } from '../../judge/result.js';
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
  const { io, config } = ctx;
  const style = createStyle(config.color);
  const stdin = await inputData(input, ctx);

  const status = new StatusLine(io.stderr);
  status.set(`compiling and running ${file} (${submission.language.id})…`);
  let compile: CompileResult;
  let program: ProgramRun | undefined;
  try {
    await using judge = await openJudge(submission, ctx);
    compile = judge.compile;
    if (judge.ok) program = await judge.runOnInput(stdin);
  } finally {
    status.clear();
  }
  ctx.signal.throwIfAborted();

  if (!program) {
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

/** `--input -` (this process's standard input) or `--input FILE`. */
async function inputData(input: string, ctx: CommandContext): Promise<TestData> {
  if (input === '-') return { text: await readStream(ctx.io.stdin, ctx.signal) };
  const path = resolve(input);
  const stats = await stat(path).catch((error: unknown) => {
    throw fileError('input file', input, error);
  });
  if (!stats.isFile()) throw new CliError('FILE_NOT_FOUND', `input file is not a file: ${input}`);
  return { path };
}

/** The submission compiled once in the sandbox, with the limits of the flags. */
async function openJudge(submission: Submission, ctx: CommandContext): Promise<CompiledSubmission> {
  const sandbox = await openSandbox(ctx);
  const { problem, source, language, languages } = submission;
  return ctx.deps.openJudge({ problem, source, language }, sandbox, { ...ctx.config.limits, languages, signal: ctx.signal });
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
  const { io, config, signal } = ctx;
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

  print(`running ${file} (${submission.language.id}) on ${plural(samples.length, 'sample')} of ${submission.problem.slug}`);
  try {
    status.set(`compiling ${file} (${submission.language.id})…`);
    await using judge = await openJudge(submission, ctx);
    status.clear();
    if (!judge.ok) {
      io.stdout.write(compileFailure(judge.compile, style));
      return { kind: 'run', mode: 'samples', compile: judge.compile, samples: outcomes, totalSamples: samples.length };
    }
    for (const [index, test] of samples.entries()) {
      signal.throwIfAborted();
      status.set(`running ${test.name} (${index + 1}/${samples.length})…`);
      const { result, output } = await judge.judgeSample(test);
      status.clear();
      const outcome = await sampleOutcome(test, result, output);
      outcomes.push(outcome);
      for (const line of sampleLines(outcome, output.stderr, nameWidth, style)) print(line);
    }
    const passed = outcomes.filter((outcome) => outcome.verdict === 'AC').length;
    print(
      passed === samples.length
        ? style.green(samples.length === 1 ? 'the sample passed' : `all ${samples.length} samples passed`)
        : style.red(`${passed}/${plural(samples.length, 'sample')} passed`),
    );
    return { kind: 'run', mode: 'samples', compile: judge.compile, samples: outcomes, totalSamples: samples.length };
  } finally {
    status.clear();
  }
}

/** A judged sample as shown: the first differing line when the checker said WA. */
async function sampleOutcome(test: TestCase, result: TestResult, output: ProgramOutput): Promise<SampleOutcome> {
  const outcome: SampleOutcome = { name: test.name, verdict: result.verdict, timeMs: result.timeMs, memoryKb: result.memoryKb };
  if (result.message) outcome.message = result.message;
  if (result.verdict === 'WA') {
    const difference = firstDifferentLine(await readTestData(test.output), output.stdout);
    if (difference) outcome.difference = difference;
  }
  return outcome;
}

/** `sample-1  AC  3 ms  3.0 MB`, then for a mismatch the first differing line, expected vs got. */
export function sampleLines(outcome: SampleOutcome, stderr: string, nameWidth: number, style: Style): string[] {
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
  else if (stderr.trim() !== '') {
    lines.push(style.dim(indent(stderr.trimEnd().split('\n').slice(-SHOWN_LINES).join('\n'), '    ')));
  }
  return lines;
}
