/**
 * A submission as the page shows it while it is judged: one row per test of the problem (hidden
 * ones by name only), filled in by the judge's events — which the status stream is turned back
 * into by the client's JudgeEventReplay, whether they arrive live, late or as a snapshot. Pure.
 */
import { JudgeEventReplay } from '../client/replay.js';
import type { JudgeEvent } from '../judge/events.js';
import type { CompileResult, JudgeResult } from '../judge/result.js';
import type { Verdict } from '../judge/verdict.js';
import type { StatusMessage, SubmissionView } from '../protocol/index.js';

export interface TestRow {
  name: string;
  sample: boolean;
  /** `skipped`: not judged (a pass-fail problem stops at the first failure). */
  state: 'waiting' | 'running' | 'done' | 'skipped';
  verdict?: Verdict;
  /** CPU time, in milliseconds. */
  timeMs?: number;
  /** Peak memory, in KiB. */
  memoryKb?: number;
  score?: number;
  /** Why a sample failed (the checker's or the runtime's message); hidden tests never have one. */
  message?: string;
}

export interface Judging {
  status: 'pending' | 'compiling' | 'running' | 'done';
  compile?: CompileResult;
  rows: TestRow[];
  result?: JudgeResult;
}

/** A submission just made: every test waiting. */
export function startJudging(tests: readonly { name: string; sample: boolean }[]): Judging {
  return { status: 'pending', rows: tests.map((test) => ({ name: test.name, sample: test.sample, state: 'waiting' })) };
}

function withRow(state: Judging, name: string, index: number, change: Partial<TestRow>): TestRow[] {
  const at = state.rows.findIndex((row) => row.name === name);
  const position = at >= 0 ? at : index;
  if (position >= state.rows.length) return [...state.rows, { name, sample: false, state: 'waiting', ...change }];
  return state.rows.map((row, i) => (i === position ? { ...row, ...change } : row));
}

/** The state after one judge event. */
export function judgingAfter(state: Judging, event: JudgeEvent): Judging {
  switch (event.type) {
    case 'compile-started':
      return { ...state, status: 'compiling' };
    case 'compile-finished':
      return { ...state, status: event.compile.ok ? 'running' : 'compiling', compile: event.compile };
    case 'test-started':
      return { ...state, status: 'running', rows: withRow(state, event.name, event.index, { state: 'running' }) };
    case 'test-finished': {
      const { test } = event;
      const shown: Partial<TestRow> = { state: 'done', verdict: test.verdict, timeMs: test.timeMs, memoryKb: test.memoryKb };
      if (test.score !== undefined) shown.score = test.score;
      if (test.sample !== undefined) shown.sample = test.sample;
      if (test.message !== undefined) shown.message = test.message;
      return { ...state, status: 'running', rows: withRow(state, test.name, event.index, shown) };
    }
    case 'finished': {
      const messages = new Map(event.result.tests.flatMap((test) => (test.message !== undefined ? [[test.name, test.message] as const] : [])));
      const rows = state.rows.map((row): TestRow => {
        const message = messages.get(row.name) ?? row.message;
        if (row.state !== 'done') return { ...row, state: 'skipped' };
        return message !== undefined ? { ...row, message } : row;
      });
      return { ...state, status: 'done', compile: event.result.compile, rows, result: event.result };
    }
  }
}

/** Follows one submission's status messages into {@link Judging} states, handed to `onChange`. */
export class JudgingFollower {
  private state: Judging;
  private readonly replay: JudgeEventReplay;

  constructor(submissionId: string, tests: readonly { name: string; sample: boolean }[], language: string, onChange: (state: Judging) => void) {
    this.state = startJudging(tests);
    this.replay = new JudgeEventReplay(
      submissionId,
      (event) => {
        this.state = judgingAfter(this.state, event);
        onChange(this.state);
      },
      language,
    );
  }

  get current(): Judging {
    return this.state;
  }

  accept(message: StatusMessage): void {
    this.replay.accept(message);
  }
}

/** A stored submission (`GET /api/v1/submissions/:id`) as a status snapshot, to feed a follower. */
export function snapshotOf(submission: SubmissionView): StatusMessage {
  return {
    type: 'status',
    submissionId: submission.id,
    status: submission.status,
    event: 'snapshot',
    progress: submission.progress,
    ...(submission.result ? { result: submission.result, verdict: submission.result.verdict } : {}),
  };
}
