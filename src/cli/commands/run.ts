/**
 * `sonocode run <problem> <file>`: LeetCode's "Run", a driver of the judge flow. The program is
 * compiled once; with `--input FILE|-` it runs on that input and its output is printed as is
 * (stdout), with its stderr and a summary on stderr. Without it, it runs on every sample test in
 * the same sandbox session and each output is checked as `submit` checks it, with the first
 * differing line shown when it does not match. `--json` prints one object instead, with
 * `submit --json`'s fields (src/cli/reporters/run-json.ts).
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { CompiledSubmission, ProgramOutput, ProgramRun } from '../../judge/pipeline.js';
import { readTestText } from '../../judge/problem/test-data.js';
import type { TestCase, TestData } from '../../judge/problem/types.js';
import type { CompileResult, TestResult } from '../../judge/result.js';
import { messageSummary } from '../../judge/run-verdict.js';
import type { CommandContext } from '../context.js';
import { firstDifferentLine, showLine, type LineDifference } from '../diff.js';
import { CliError, fileError } from '../errors.js';
import { createStyle, formatMemory, formatMs, indent, paintVerdict, pad, plural, verdictLabel, type Style } from '../format.js';
import { printRunJson } from '../reporters/run-json.js';
import type { RunValue, SampleOutcome } from '../reporters/types.js';
import { loadSubmission, openSandbox, StatusLine, type Submission } from './shared.js';

export interface RunArgs {
  problem: string;
  file: string;
  lang?: string;
  /** A file to use as standard input, or `-` for this process's standard input. */
  input?: string;
  /** Print one JSON object (submit's fields, src/cli/reporters/run-json.ts) on stdout instead. */
  json?: boolean;
}

/** Lines of an interactive sample's exchange shown. */
const SHOWN_EXCHANGE_LINES = 60;

/** Lines of stderr, expected and got shown for a failing sample. */
const SHOWN_LINES = 8;

export async function run(args: RunArgs, ctx: CommandContext): Promise<RunValue> {
  const submission = await loadSubmission(ctx, args);
  const value = args.input !== undefined ? await runOnInput(args.input, submission, ctx, args) : await runOnSamples(submission, ctx, args);
  if (args.json) await printRunJson(value, ctx.io.stdout);
  return value;
}

async function runOnInput(input: string, submission: Submission, ctx: CommandContext, args: RunArgs): Promise<RunValue> {
  const { io, config } = ctx;
  const style = createStyle(config.color);
  const { file } = args;
  await using stdin = await inputData(input, ctx);

  const status = new StatusLine(io.stderr);
  status.set(`compiling and running ${file} (${submission.language.id})…`);
  let compile: CompileResult;
  let sandbox: string;
  let program: ProgramRun | undefined;
  try {
    await using judge = await openJudge(submission, ctx);
    ({ compile, sandbox } = judge);
    if (judge.ok) program = await judge.runOnInput(stdin.data);
  } finally {
    status.clear();
  }
  ctx.signal.throwIfAborted();

  const ran = { kind: 'run', mode: 'input', problem: submission.problem.slug, language: submission.language.id, sandbox, compile } as const;
  if (!program) {
    if (!args.json) io.stderr.write(compileFailure(compile, style));
    return ran;
  }
  if (args.json) return { ...ran, run: program };
  io.stdout.write(program.stdout);
  // On a terminal, keep the summary off the program's last line
  if (io.stdout.isTTY && program.stdout !== '' && !program.stdout.endsWith('\n')) io.stdout.write('\n');
  if (program.stderr !== '') io.stderr.write(program.stderr.endsWith('\n') ? program.stderr : `${program.stderr}\n`);
  io.stderr.write(`${runSummary(program, style)}\n`);
  return { ...ran, run: program };
}

/**
 * `--input FILE`, or `--input -`: this process's standard input, streamed to a file of its own (the
 * sandbox takes standard input as a host file), so that however much is piped in, the judge never
 * holds it in memory. Disposing it removes that file.
 */
export async function inputData(input: string, ctx: CommandContext): Promise<{ data: TestData } & AsyncDisposable> {
  if (input === '-') {
    const folder = await mkdtemp(join(tmpdir(), 'sonocode-stdin-'));
    const removeFolder = () => rm(folder, { recursive: true, force: true });
    const path = join(folder, 'stdin');
    try {
      await pipeline(ctx.io.stdin, createWriteStream(path), { signal: ctx.signal });
    } catch (error) {
      await removeFolder();
      throw error;
    }
    return { data: { path }, [Symbol.asyncDispose]: removeFolder };
  }
  const path = resolve(input);
  const stats = await stat(path).catch((error: unknown) => {
    throw fileError('input file', input, error);
  });
  if (!stats.isFile()) throw new CliError('FILE_NOT_FOUND', `input file is not a file: ${input}`);
  return { data: { path }, [Symbol.asyncDispose]: async () => {} };
}

/** The submission compiled once in the sandbox, with the limits of the flags, and the sandbox's name. */
async function openJudge(submission: Submission, ctx: CommandContext): Promise<CompiledSubmission & { sandbox: string }> {
  const sandbox = await openSandbox(ctx);
  const { problem, source, language, languages } = submission;
  const judge = await ctx.deps.openJudge({ problem, source, language }, sandbox, { ...ctx.config.limits, languages, signal: ctx.signal });
  return Object.assign(judge, { sandbox: sandbox.name });
}

/** `exit code 0, 3 ms, 3.0 MB`, or `RE (Runtime Error): killed by SIGSEGV, 3 ms, 3.0 MB`. */
export function runSummary(program: ProgramRun, style: Style): string {
  const usage = `${formatMs(program.timeMs)}, ${formatMemory(program.memoryKb)}`;
  if (program.verdict === 'AC') return style.dim(`exit code ${program.exitCode ?? 0}, ${usage}`);
  let why: string;
  if (program.verdict === 'RE') why = program.signal ? `killed by ${program.signal}` : `exit code ${program.exitCode}`;
  else why = messageSummary(program.message ?? '');
  return `${paintVerdict(style, program.verdict, verdictLabel(program.verdict))}${why ? `: ${why}` : ''}, ${usage}`;
}

export function compileFailure(compile: CompileResult, style: Style): string {
  const lines = [style.red(`compilation failed in ${formatMs(compile.timeMs)}`)];
  if (compile.output) lines.push(compile.output);
  lines.push(`verdict: ${paintVerdict(style, 'CE', verdictLabel('CE'))}`);
  return `${lines.join('\n')}\n`;
}

async function runOnSamples(submission: Submission, ctx: CommandContext, args: RunArgs): Promise<RunValue> {
  const { io, config, signal } = ctx;
  const style = createStyle(config.color);
  const { file } = args;
  const samples = submission.problem.testCases.filter((test) => test.sample);
  if (samples.length === 0) {
    throw new CliError('USAGE', `problem ${submission.problem.slug} has no sample tests`, {
      hint: 'give the program an input: sonocode run <problem> <file> --input FILE (or - for standard input)',
    });
  }
  // with --json, the object says it all
  const print = (text: string) => void (args.json ? undefined : io.stdout.write(`${text}\n`));
  const status = new StatusLine(io.stderr);
  const nameWidth = Math.max(...samples.map((test) => test.name.length));
  const outcomes: SampleOutcome[] = [];

  print(`running ${file} (${submission.language.id}) on ${plural(samples.length, 'sample')} of ${submission.problem.slug}`);
  try {
    status.set(`compiling ${file} (${submission.language.id})…`);
    await using judge = await openJudge(submission, ctx);
    status.clear();
    const ran = { kind: 'run', mode: 'samples', problem: submission.problem.slug, language: submission.language.id, sandbox: judge.sandbox, compile: judge.compile } as const;
    if (!judge.ok) {
      if (!args.json) io.stdout.write(compileFailure(judge.compile, style));
      return { ...ran, samples: outcomes, totalSamples: samples.length };
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
    return { ...ran, samples: outcomes, totalSamples: samples.length };
  } finally {
    status.clear();
  }
}

/** A judged sample as shown: the first differing line when the checker said WA. */
async function sampleOutcome(test: TestCase, result: TestResult, output: ProgramOutput): Promise<SampleOutcome> {
  const outcome: SampleOutcome = { ...result };
  if (output.exchange) {
    outcome.exchange = output.stdout;
    return outcome;
  }
  if (result.verdict === 'WA') {
    const difference = firstDifferentLine(await readTestText(test.output), output.stdout);
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
  if (outcome.exchange !== undefined) {
    // an interactive sample: the exchange, the way problem setters debug, whatever the verdict
    const exchange = outcome.exchange.trimEnd().split('\n').filter(Boolean);
    const shown = exchange.length > SHOWN_EXCHANGE_LINES ? [...exchange.slice(0, SHOWN_EXCHANGE_LINES), `… (${exchange.length - SHOWN_EXCHANGE_LINES} more lines)`] : exchange;
    lines.push(`    exchange (> your program, < the interactor):`, ...shown.map((line) => `      ${line}`));
    if (outcome.message) lines.push(style.dim(indent(outcome.message.split('\n').slice(0, SHOWN_LINES).join('\n'), '    ')));
    return lines;
  }
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
