/**
 * The lines `sonocode verify` shows — one per judged submission (expected vs got), the notes about
 * the time limit and the validators, the summary — shared by its plain reporter, its live view and
 * `problems validate`.
 */
import type { JudgeEvent } from '../../judge/events.js';
import type { SubmissionOutcome, VerifyEvent, VerifyReport } from '../../judge/verify.js';
import { formatMemory, formatMs, indent, pad, paintVerdict, plural, type Style } from '../format.js';
import { formatScore } from './plain.js';

export function fileWidth(files: readonly string[]): number {
  return Math.min(48, Math.max(4, ...files.map((file) => file.length)));
}

/** The lines an event prints on a pipe (progress within a submission prints nothing). */
export function verifyEventLines(event: VerifyEvent, width: number, style: Style): string[] {
  switch (event.type) {
    case 'start': {
      const judged = event.submissions.filter((submission) => !submission.skipped).length;
      const lines = [`${plural(event.submissions.length, 'submission')}${judged !== event.submissions.length ? ` (${judged} to judge)` : ''}, ${event.jobs} at a time`];
      for (const message of event.notRead ?? []) lines.push(style.yellow(`warning: ${message}`));
      if (event.timeLimitMs !== undefined) lines.push(`time limit: ${formatMs(event.timeLimitMs)}`);
      else if (judged > 0) lines.push('time limit: not given; judging the accepted submissions first to infer it');
      return lines;
    }
    case 'validators':
      return [style.dim(validatorsNote(event))];
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

/** What a submission being judged is doing now, from its judge events: `compiling cpp`, `test 3/12 secret/03`. */
export function judgingStep(event: JudgeEvent): string | undefined {
  if (event.type === 'compile-started') return `compiling ${event.language}`;
  if (event.type === 'test-started') return `test ${event.index + 1}/${event.total} ${event.name}`;
  return undefined;
}

/** `compiled 2 output validators`, or `compiled the interactor` for an interactive problem. */
export function validatorsNote(event: Extract<VerifyEvent, { type: 'validators' }>): string {
  return event.interactive ? `compiled the interactor${event.count > 1 ? ` and ${plural(event.count - 1, 'output validator')}` : ''}` : `compiled ${plural(event.count, 'output validator')}`;
}
