/**
 * Reporters of `sonocode verify`, fed by the verify event stream: one JSON object (`--json`),
 * plain lines for pipes and CI logs (a line per judged submission, expected vs got, then the
 * summary), or the live ink view on a terminal (src/cli/ui/VerifyView.tsx).
 */
import type { CliConfig } from '../config.js';
import type { Io } from '../context.js';
import { createStyle, plural, type Style } from '../format.js';
import { write } from '../io.js';
import type { ReporterKind } from './index.js';
import type { VerifyReporter } from './types.js';
import { fileWidth, verifyEventLines, verifySummary } from './verify-lines.js';

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
