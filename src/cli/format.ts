/** Formatting shared by every human-facing output of the CLI (plain lines, ink view, commands). */
import { Chalk, type ChalkInstance } from 'chalk';
import type { JudgeResult, TestResult } from '../judge/result.js';
import { messageSummary } from '../judge/run-verdict.js';
import { verdictText, type Verdict } from '../judge/verdict.js';

/** Colours, or none: one instance per run, decided by the config (never by chalk's own sniffing). */
export function createStyle(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 });
}

export type Style = ChalkInstance;

/** The colour a verdict is shown in (ink and chalk share the names). */
export function verdictColor(verdict: Verdict): 'green' | 'red' | 'yellow' | 'magenta' | 'blue' {
  switch (verdict) {
    case 'AC':
      return 'green';
    case 'WA':
      return 'red';
    case 'TLE':
    case 'MLE':
    case 'OLE':
      return 'yellow';
    case 'RE':
    case 'CE':
      return 'magenta';
    case 'IE':
      return 'blue';
  }
}

export function paintVerdict(style: Style, verdict: Verdict, text: string = verdict): string {
  return style[verdictColor(verdict)](text);
}

/** `3 ms` */
export function formatMs(ms: number): string {
  return `${Math.round(ms)} ms`;
}

/** KiB as `3.0 MB` (MiB, one decimal, as judges show it). */
export function formatMemory(kb: number): string {
  return `${(kb / 1024).toFixed(1)} MB`;
}

/** `WA (Wrong Answer)` */
export function verdictLabel(verdict: Verdict): string {
  return `${verdict} (${verdictText(verdict)})`;
}

/** The first failing test of a result, with its 1-based number (tests run in order from the first). */
export function firstFailure(result: JudgeResult): { number: number; test: TestResult } | undefined {
  const index = result.tests.findIndex((test) => test.verdict !== 'AC');
  return index === -1 ? undefined : { number: index + 1, test: result.tests[index] };
}

/** `verdict: WA (Wrong Answer) on test 2 (secret-1)` — the last line of every judging report. */
export function verdictSentence(result: JudgeResult, style?: Style): string {
  const label = style ? paintVerdict(style, result.verdict, verdictLabel(result.verdict)) : verdictLabel(result.verdict);
  let line = `verdict: ${label}`;
  const failure = firstFailure(result);
  if (failure && result.verdict !== 'CE') line += ` on test ${failure.number} (${failure.test.name})`;
  if (result.verdict === 'IE' && result.message && !failure) line += `: ${messageSummary(result.message)}`;
  return line;
}

/** `9/11 tests passed, 1 not run, max 12 ms, 3.2 MB` (`1/1 test passed`; the score when the problem has groups). */
export function resultSummary(result: JudgeResult, totalTests: number): string {
  const passed = result.tests.filter((test) => test.verdict === 'AC').length;
  const notRun = totalTests - result.tests.length;
  let line = `${passed}/${plural(totalTests, 'test')} passed${notRun > 0 ? `, ${notRun} not run` : ''}, max ${formatMs(result.timeMs)}, ${formatMemory(result.memoryKb)}`;
  if (result.score !== undefined && result.maxScore !== undefined) line += `, score ${result.score}/${result.maxScore}`;
  return line;
}

/** Indents every line of a block. */
export function indent(text: string, prefix = '  '): string {
  return text
    .split('\n')
    .map((line) => (line === '' ? line : prefix + line))
    .join('\n');
}

/** Pads to a width counting code points (names are ASCII in practice). */
export function pad(text: string, width: number): string {
  const length = [...text].length;
  return length >= width ? text : text + ' '.repeat(width - length);
}

export function plural(count: number, word: string, many = `${word}s`): string {
  return `${count} ${count === 1 ? word : many}`;
}
