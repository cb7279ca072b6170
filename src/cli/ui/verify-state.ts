/**
 * The live view of `sonocode verify` as a pure reducer of the verify events: finished lines go
 * to `done` (printed once), the submissions being judged — with their step — are redrawn.
 */
import type { SubmissionOutcome, VerifyEvent, VerifyReport } from '../../judge/verify.js';
import type { VerifyOutcome, VerifyStart } from '../reporters/types.js';
import { plural } from '../format.js';
import { fileWidth, judgingStep, validatorsNote } from '../reporters/verify-lines.js';

export type VerifyDoneItem =
  | { kind: 'header'; key: string; start: VerifyStart }
  | { kind: 'note'; key: string; text: string }
  | { kind: 'outcome'; key: string; outcome: SubmissionOutcome };

export interface RunningSubmission {
  file: string;
  /** `compiling`, `test 3/12 secret/03`. */
  step: string;
}

export interface VerifyViewState {
  start: VerifyStart;
  done: VerifyDoneItem[];
  running: RunningSubmission[];
  /** Submissions to judge (skipped ones excluded) and judged so far. */
  total: number;
  finished: number;
  width: number;
  end?: { report: VerifyReport } | { failed: string };
}

export function initialVerifyState(start: VerifyStart): VerifyViewState {
  return { start, done: [{ kind: 'header', key: 'header', start }], running: [], total: 0, finished: 0, width: 4 };
}

export function reduceVerify(state: VerifyViewState, event: VerifyEvent): VerifyViewState {
  switch (event.type) {
    case 'start': {
      const total = event.submissions.filter((submission) => !submission.skipped).length;
      const note =
        event.timeLimitMs !== undefined
          ? `${plural(event.submissions.length, 'submission')}, time limit ${event.timeLimitMs} ms, ${event.jobs} at a time`
          : `${plural(event.submissions.length, 'submission')}, ${event.jobs} at a time; no time limit given: the accepted ones are judged first to infer it`;
      return {
        ...state,
        total,
        width: fileWidth(event.submissions.map((submission) => submission.file)),
        done: [
          ...state.done,
          ...(event.notRead ?? []).map((message, index) => ({ kind: 'note' as const, key: `not-read-${index}`, text: `warning: ${message}` })),
          { kind: 'note', key: 'start', text: note },
        ],
      };
    }
    case 'validators':
      return { ...state, done: [...state.done, { kind: 'note', key: 'validators', text: validatorsNote(event) }] };
    case 'time-limit':
      return {
        ...state,
        done: [...state.done, { kind: 'note', key: 'time-limit', text: `time limit: ${event.timeLimitMs} ms (${event.source}${event.detail ? `: ${event.detail}` : ''})` }],
      };
    case 'submission-started':
      return { ...state, running: [...state.running, { file: event.file, step: 'preparing the sandbox' }] };
    case 'submission-progress': {
      const step = judgingStep(event.event);
      if (!step) return state;
      return { ...state, running: state.running.map((running) => (running.file === event.file ? { ...running, step } : running)) };
    }
    case 'submission-finished':
      return {
        ...state,
        running: state.running.filter((running) => running.file !== event.outcome.file),
        finished: state.finished + (event.outcome.skipped ? 0 : 1),
        done: [...state.done, { kind: 'outcome', key: `outcome-${event.outcome.file}`, outcome: event.outcome }],
      };
  }
}

export function settleVerify(state: VerifyViewState, outcome: VerifyOutcome): VerifyViewState {
  if ('report' in outcome) return { ...state, running: [], end: { report: outcome.report } };
  const aborted = (outcome.error as { name?: string } | null)?.name === 'AbortError';
  return { ...state, running: [], end: { failed: aborted ? 'interrupted' : 'stopped' } };
}
