/** One event stream, many reporters: each turns the judge's events into one kind of output. */
import type { JudgeEvent } from '../../judge/events.js';
import type { JudgeResult } from '../../judge/result.js';

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
