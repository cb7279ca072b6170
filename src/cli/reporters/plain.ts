/**
 * Plain lines for pipes and CI logs (stdout is not a terminal): one line per step, stable enough
 * to grep, e.g. `test 1/10 sample-1  AC  3 ms  3.0 MB`, then `verdict: WA (Wrong Answer) on test 2 (secret-1)`.
 */
import type { JudgeEvent } from '../../judge/events.js';
import type { GroupResult, JudgeResult, TestResult } from '../../judge/result.js';
import {
  formatMemory,
  formatMs,
  indent,
  pad,
  paintVerdict,
  plural,
  resultSummary,
  verdictSentence,
  type Style,
} from '../format.js';
import type { JudgeStart, Reporter } from './types.js';

/** Lines of a test's message shown under its line. */
const MESSAGE_LINES = 6;

export function createPlainReporter(stdout: NodeJS.WritableStream, style: Style): Reporter {
  const print = (line: string) => void stdout.write(`${line}\n`);
  let totalTests = 0;
  return {
    begin(start) {
      totalTests = start.tests.length;
      print(startLine(start));
    },
    onEvent(event) {
      for (const line of plainLines(event, style)) print(line);
    },
    async end(outcome) {
      if (!('result' in outcome)) return;
      for (const line of finalLines(outcome.result, totalTests || outcome.result.tests.length, style)) print(line);
      await new Promise<void>((resolve) => stdout.write('', () => resolve()));
    },
  };
}

export function startLine(start: JudgeStart): string {
  return `judging ${start.file} (${start.language.id}) on ${start.problem.slug}: ${plural(start.tests.length, 'test')}${start.sandbox ? ` in the ${start.sandbox} sandbox` : ''}`;
}

/** The lines one event prints (none for test-started and finished: the result is printed at the end). */
export function plainLines(event: JudgeEvent, style: Style): string[] {
  switch (event.type) {
    case 'compile-started':
      return [`compiling ${event.language}...`];
    case 'compile-finished': {
      const { compile } = event;
      if (compile.ok) return [compile.cached ? 'compiled before: taken from the compile cache' : `compiled in ${formatMs(compile.timeMs)}`];
      const lines = [style.red(`compilation failed in ${formatMs(compile.timeMs)}`)];
      if (compile.output) lines.push(compile.output);
      return lines;
    }
    case 'test-started':
      return [];
    case 'test-finished':
      return testLines(event.index, event.total, event.test, style);
    case 'finished':
      return [];
  }
}

export function testLines(index: number, total: number, test: TestResult, style: Style): string[] {
  const lines = [
    `test ${index + 1}/${total} ${test.name}  ${paintVerdict(style, test.verdict)}  ${formatMs(test.timeMs)}  ${formatMemory(test.memoryKb)}`,
  ];
  if (test.verdict !== 'AC' && test.message) {
    lines.push(style.dim(indent(test.message.split('\n').slice(0, MESSAGE_LINES).join('\n'), '  ')));
  }
  return lines;
}

/** The scoring groups (if any), the summary, then the verdict as the last line. */
export function finalLines(result: JudgeResult, totalTests: number, style: Style): string[] {
  const lines: string[] = [];
  if (result.groups && result.groups.length > 0) {
    lines.push('groups:');
    for (const row of groupRows(result.groups)) {
      lines.push(`  ${row.name}  ${paintVerdict(style, row.group.verdict, row.verdict)}  ${row.score}`);
    }
  }
  if (result.compile.ok) lines.push(resultSummary(result, totalTests));
  lines.push(verdictSentence(result, style));
  return lines;
}

/** Scoring groups as aligned cells: `secret/group1`, `AC `, `40/40`. */
export function groupRows(groups: readonly GroupResult[]): { group: GroupResult; name: string; verdict: string; score: string }[] {
  const nameWidth = Math.max(...groups.map((group) => group.name.length));
  const scores = groups.map((group) => `${formatScore(group.score)}/${formatScore(group.maxScore)}`);
  const scoreWidth = Math.max(...scores.map((score) => score.length));
  return groups.map((group, index) => ({ group, name: pad(group.name, nameWidth), verdict: pad(group.verdict, 3), score: scores[index].padStart(scoreWidth) }));
}

/** A score with at most 2 decimals: `40`, `33.33`. */
export function formatScore(score: number): string {
  return String(Math.round(score * 100) / 100);
}
