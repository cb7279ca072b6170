/** Picks the reporter for the output: --json, a live view on a terminal, plain lines on a pipe. */
import type { CliConfig } from '../config.js';
import type { Io } from '../context.js';
import { createStyle } from '../format.js';
import { createJsonReporter } from './json.js';
import { createPlainReporter } from './plain.js';
import type { Reporter } from './types.js';

export type ReporterKind = 'json' | 'ink' | 'plain';

export function reporterKind(config: Pick<CliConfig, 'interactive'>, json: boolean): ReporterKind {
  if (json) return 'json';
  return config.interactive ? 'ink' : 'plain';
}

export async function createReporter(kind: ReporterKind, io: Io, config: Pick<CliConfig, 'color'>): Promise<Reporter> {
  switch (kind) {
    case 'json':
      return createJsonReporter(io.stdout);
    case 'plain':
      return createPlainReporter(io.stdout, createStyle(config.color));
    case 'ink': {
      // React and ink are loaded only for a terminal
      const { createInkReporter } = await import('./ink.js');
      return createInkReporter(io, config.color);
    }
  }
}

export type { Reporter, JudgeStart, JudgeOutcome } from './types.js';
