/**
 * `sonocode run <slug> <file> --server URL`: LeetCode's Run on a server (`POST /api/v1/runs`),
 * shown exactly like a local run — each sample judged with the first differing line, or the
 * program's output on `--input` — and with the same exit codes. Nothing is stored on the server.
 */
import { readFile } from 'node:fs/promises';
import type { RunView } from '../../protocol/runs.js';
import type { RemoteConfig } from '../config.js';
import type { CommandContext } from '../context.js';
import { firstDifferentLine } from '../diff.js';
import { createStyle, plural } from '../format.js';
import { printRunJson } from '../reporters/run-json.js';
import { ask, connect } from './remote.js';
import type { RunValue, SampleOutcome } from '../reporters/types.js';
import { compileFailure, inputData, runSummary, sampleLines, type RunArgs } from './run.js';
import { readSource, StatusLine } from './shared.js';

export async function runOnServer(args: RunArgs, ctx: CommandContext, remote: RemoteConfig): Promise<RunValue> {
  const value = await runAndShow(args, ctx, remote);
  if (args.json) await printRunJson(value, ctx.io.stdout);
  return value;
}

/** Runs on the server and shows the outcome as a local run does (nothing with `--json`: the object says it). */
async function runAndShow(args: RunArgs, ctx: CommandContext, remote: RemoteConfig): Promise<RunValue> {
  const { io, signal } = ctx;
  const quiet = args.json === true;
  const style = createStyle(ctx.config.color);
  // everything that can be wrong here is said before the server is asked
  const languages = await ctx.deps.languages(ctx.config.languagesFile);
  const language = languages.resolve(args.file, args.lang);
  const code = await readSource(args.file);
  const input = args.input === undefined ? undefined : await inputText(args.input, ctx);
  signal.throwIfAborted();

  const client = await connect(ctx, remote);
  const subject = { token: 'user' as const, problem: args.problem };
  const status = new StatusLine(io.stderr);
  status.set(`running ${args.file} (${language.id}) on ${remote.server}…`);
  let run: RunView;
  try {
    run = await ask(remote, subject, () => client.run({ problemId: args.problem, language: language.id, code, ...(input !== undefined ? { input } : {}) }, { signal }));
  } finally {
    status.clear();
  }
  const compile = run.compile ?? { ok: false, timeMs: 0, output: run.message ?? '' };
  const ran = { kind: 'run', problem: args.problem, language: language.id, compile } as const;

  if (run.mode === 'input') {
    if (!run.output) {
      if (!quiet) io.stderr.write(run.verdict === 'CE' ? compileFailure(compile, style) : `${run.message ?? 'the run failed'}\n`);
      return { ...ran, mode: 'input' };
    }
    const { truncated: _truncated, ...program } = run.output;
    if (quiet) return { ...ran, mode: 'input', run: program };
    io.stdout.write(program.stdout);
    if (io.stdout.isTTY && program.stdout !== '' && !program.stdout.endsWith('\n')) io.stdout.write('\n');
    if (program.stderr !== '') io.stderr.write(program.stderr.endsWith('\n') ? program.stderr : `${program.stderr}\n`);
    io.stderr.write(`${runSummary(program, style)}\n`);
    return { ...ran, mode: 'input', run: program };
  }

  const print = (text: string) => void (quiet ? undefined : io.stdout.write(`${text}\n`));
  print(`ran ${args.file} (${language.id}) on ${plural(run.sampleCount, 'sample')} of ${args.problem} on ${remote.server}`);
  if (run.verdict === 'CE') {
    if (!quiet) io.stdout.write(compileFailure(compile, style));
    return { ...ran, mode: 'samples', samples: [], totalSamples: run.sampleCount };
  }
  if (run.verdict === 'IE' && run.samples.length === 0) {
    // the server's sandbox failed: an IE outcome (exit 3) with its reason
    const failed: SampleOutcome = { name: 'run', verdict: 'IE', timeMs: 0, wallMs: 0, memoryKb: 0, message: run.message ?? 'the server could not judge the run' };
    for (const line of sampleLines(failed, '', failed.name.length, style)) print(line);
    return { ...ran, mode: 'samples', samples: [failed], totalSamples: run.sampleCount };
  }
  const nameWidth = Math.max(0, ...run.samples.map((sample) => sample.name.length));
  const outcomes: SampleOutcome[] = run.samples.map((sample) => {
    const outcome: SampleOutcome = { name: sample.name, verdict: sample.verdict, timeMs: sample.timeMs, wallMs: sample.wallMs, memoryKb: sample.memoryKb, sample: true };
    if (sample.message) outcome.message = sample.message;
    // an interactive sample: the exchange, as a local run shows it
    if (sample.exchange) outcome.exchange = sample.stdout;
    const difference = sample.verdict === 'WA' && !sample.exchange ? firstDifferentLine(sample.expected, sample.stdout) : null;
    if (difference) outcome.difference = difference;
    for (const line of sampleLines(outcome, sample.stderr, nameWidth, style)) print(line);
    return outcome;
  });
  const passed = outcomes.filter((outcome) => outcome.verdict === 'AC').length;
  print(
    passed === run.sampleCount
      ? style.green(run.sampleCount === 1 ? 'the sample passed' : `all ${run.sampleCount} samples passed`)
      : style.red(`${passed}/${plural(run.sampleCount, 'sample')} passed`),
  );
  return { ...ran, mode: 'samples', samples: outcomes, totalSamples: run.sampleCount };
}

/** `--input -` or `--input FILE`, as the text the server takes (it goes in the request's body whole). */
async function inputText(input: string, ctx: CommandContext): Promise<string> {
  await using stdin = await inputData(input, ctx);
  const { data } = stdin;
  return 'text' in data ? data.text : readFile(data.path, 'utf8');
}
