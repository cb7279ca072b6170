/** One event stream, many reporters: each turns the judge's events into one kind of output. */
import type { JudgeEvent } from '../../judge/events.js';
import type { ProgramRun } from '../../judge/pipeline.js';
import type { CompileResult, JudgeResult, TestResult } from '../../judge/result.js';
import type { VerifyEvent, VerifyReport } from '../../judge/verify.js';
import type { LineDifference } from '../diff.js';

/** What is about to be judged, known before the first event. */
export interface JudgeStart {
  problem: { slug: string; title: string };
  language: { id: string; name: string };
  /** The source file as the user named it. */
  file: string;
  /** Names of the problem's tests, in order. */
  tests: string[];
  /** The server that judges, when it is not this machine (`submit --server`, `watch`). */
  server?: string;
  /** The sandbox backend that judges here (`docker`, `native`). */
  sandbox?: string;
}

export type JudgeOutcome = { result: JudgeResult } | { error: unknown };

export interface Reporter {
  /** Called once, before the sandbox is prepared. */
  begin(start: JudgeStart): void;
  onEvent(event: JudgeEvent): void;
  /** Called exactly once when judging ended or failed; resolves when the output is flushed. */
  end(outcome: JudgeOutcome): Promise<void>;
}

/**
 * A judged sample: the judge's test result (AC when the output matched), and where the output
 * differs, or an interactive sample's exchange.
 */
export type SampleOutcome = TestResult & {
  /** Where the output differs from the expected one, when it does. */
  difference?: LineDifference;
  /** An interactive sample's exchange: `> ` the program's lines, `< ` the interactor's. */
  exchange?: string;
};

/**
 * How a run ended, and what was run: the problem's slug, the language's id, and the sandbox backend
 * that judged (absent when a server did).
 */
export type RunValue = { kind: 'run'; problem: string; language: string; sandbox?: string; compile: CompileResult } & (
  | { mode: 'input'; run?: ProgramRun }
  | { mode: 'samples'; samples: SampleOutcome[]; totalSamples: number }
);

// `sonocode verify`'s reporters, fed by the verify event stream.

/** What is known of a verification before its first event. */
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
