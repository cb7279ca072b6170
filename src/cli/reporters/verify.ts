/**
 * Reporters of `sonocode verify`, fed by the verify event stream: one JSON object (`--json`),
 * plain lines for pipes and CI logs (a line per judged submission, expected vs got, then the
 * summary), or the live ink view on a terminal (src/cli/ui/VerifyView.tsx).
 */
import type { SubmissionOutcome, VerifyEvent, VerifyReport } from '../../judge/verify.js';
import type { CliConfig } from '../config.js';
import type { Io } from '../context.js';
import { createStyle, formatMemory, formatMs, indent, pad, paintVerdict, plural, type Style } from '../format.js';
import { write } from '../io.js';
import type { ReporterKind } from './index.js';
import { formatScore } from './plain.js';

/** What is known before the first event. */
export interface VerifyStart {
  problem: { slug: string; title: string };
  /** `icpc 2025-09`, `native`. */
  format: string;
  tests: number;
}

export type VerifyOutcome = { report: VerifyReport } | { error: unknown };

export interface VerifyReporter {
  begin(start: VerifyStart): void;
  onEvent(event: VerifyEvent): void;
  /** Called exactly once; resolves when the output is flushed. */
  end(outcome: VerifyOutcome): Promise<void>;
}

export async function createVerifyReporter(kind: ReporterKind, io: Io, config: Pick<CliConfig, 'color'>): Promise<VerifyReporter> {
  switch (kind) {
    case 'json':
      return createJsonVerifyReporter(io.stdout);
    case 'plain':
      return createPlainVerifyReporter(io.stdout, createStyle(config.color));
    case 'ink': {
      const { createInkVerifyReporter } = await import('./verify-ink.js');
      return createInkVerifyReporter(io, config.color);
    }
  }
}

export function createJsonVerifyReporter(stdout: NodeJS.WritableStream): VerifyReporter {
  let written = false;
  return {
    begin() {},
    onEvent() {},
    async end(outcome) {
      if (written || !('report' in outcome)) return;
      written = true;
      await write(stdout, `${JSON.stringify(outcome.report)}\n`);
    },
  };
}

export function createPlainVerifyReporter(stdout: NodeJS.WritableStream, style: Style): VerifyReporter {
  const print = (line: string) => void stdout.write(`${line}\n`);
  let width = 0;
  return {
    begin(start) {
      print(`verifying ${start.problem.title} (${start.problem.slug}, ${start.format}): ${plural(start.tests, 'test')}`);
    },
    onEvent(event) {
      if (event.type === 'start') width = fileWidth(event.submissions.map((submission) => submission.file));
      for (const line of verifyEventLines(event, width, style)) print(line);
    },
    async end(outcome) {
      if (!('report' in outcome)) return;
      print(verifySummary(outcome.report, style));
      await new Promise<void>((resolve) => stdout.write('', () => resolve()));
    },
  };
}

export function fileWidth(files: readonly string[]): number {
  return Math.min(48, Math.max(4, ...files.map((file) => file.length)));
}

/** The lines an event prints on a pipe (progress within a submission prints nothing). */
export function verifyEventLines(event: VerifyEvent, width: number, style: Style): string[] {
  switch (event.type) {
    case 'start': {
      const judged = event.submissions.filter((submission) => !submission.skipped).length;
      const lines = [`${plural(event.submissions.length, 'submission')}${judged !== event.submissions.length ? ` (${judged} to judge)` : ''}, ${event.jobs} at a time`];
      if (event.timeLimitMs !== undefined) lines.push(`time limit: ${formatMs(event.timeLimitMs)}`);
      else if (judged > 0) lines.push('time limit: not given; judging the accepted submissions first to infer it');
      return lines;
    }
    case 'validators':
      return [style.dim(`compiled ${plural(event.count, 'output validator')}`)];
    case 'time-limit':
      return [`time limit: ${formatMs(event.timeLimitMs)} (${event.source}${event.detail ? `: ${event.detail}` : ''})`];
    case 'submission-started':
    case 'submission-progress':
      return [];
    case 'submission-finished':
      return outcomeLines(event.outcome, width, style);
  }
}

/** `✓ accepted/sum.c  expected AC       got AC   1 ms  1.5 MB`, and why when they disagree. */
export function outcomeLines(outcome: SubmissionOutcome, width: number, style: Style): string[] {
  const name = pad(outcome.file, width);
  if (outcome.skipped) return [`  ${style.dim('-')} ${name}  ${style.dim(`skipped: ${outcome.skipped}`)}`];
  const got = outcome.got ?? 'IE';
  const mark = outcome.ok ? style.green('✓') : style.red('✗');
  const usage = outcome.timeMs !== undefined && outcome.memoryKb !== undefined ? `  ${formatMs(outcome.timeMs).padStart(7)}  ${formatMemory(outcome.memoryKb).padStart(8)}` : '';
  const score = outcome.score !== undefined ? `  score ${formatScore(outcome.score)}${outcome.maxScore !== undefined ? `/${formatScore(outcome.maxScore)}` : ''}` : '';
  const lines = [`  ${mark} ${name}  expected ${pad(outcome.expected, 8)}got ${paintVerdict(style, got, pad(got, 3))}${usage}${score}`.trimEnd()];
  if (outcome.detail) lines.push(style.dim(indent(outcome.detail, '      ')));
  if (outcome.warning) lines.push(style.yellow(indent(`warning: ${outcome.warning}`, '      ')));
  return lines;
}

/** The last line: `7 submissions: all as expected` or `7 submissions: 2 not as expected (…)`. */
export function verifySummary(report: VerifyReport, style: Style): string {
  const judged = report.submissions.filter((outcome) => !outcome.skipped);
  const skipped = report.submissions.length - judged.length;
  if (judged.length === 0) return style.red(`no submissions to verify (submissions/<expected verdict>/<file>)`);
  const wrong = judged.filter((outcome) => !outcome.ok);
  const extra = skipped > 0 ? `, ${skipped} skipped` : '';
  if (wrong.length === 0) return style.green(`${plural(judged.length, 'submission')}: all as expected${extra}`);
  return style.red(`${plural(judged.length, 'submission')}: ${wrong.length} not as expected (${wrong.map((outcome) => outcome.file).join(', ')})${extra}`);
}
