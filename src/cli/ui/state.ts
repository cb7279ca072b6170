/**
 * The live view's state as a pure reducer of the judge's events, so that the view is a function of
 * data (tested without a terminal). Everything final goes to `done` (printed once, ink's <Static>);
 * only the current step is redrawn.
 */
import type { JudgeEvent } from '../../judge/events.js';
import type { CompileResult, JudgeResult, TestResult } from '../../judge/result.js';
import type { JudgeOutcome, JudgeStart } from '../reporters/types.js';

export type DoneItem =
  | { kind: 'header'; key: string; start: JudgeStart }
  | { kind: 'compile'; key: string; language: string; compile: CompileResult }
  | { kind: 'test'; key: string; index: number; total: number; test: TestResult };

export type Step =
  | { kind: 'preparing' }
  | { kind: 'compiling'; language: string }
  | { kind: 'running'; index: number; total: number; name: string }
  | { kind: 'done'; result: JudgeResult }
  | { kind: 'failed'; message: string };

export interface ViewState {
  start: JudgeStart;
  done: DoneItem[];
  step: Step;
  /** Width of the test-name column. */
  nameWidth: number;
}

const MAX_NAME_WIDTH = 28;

export function initialState(start: JudgeStart): ViewState {
  const longest = Math.max(4, ...start.tests.map((name) => [...name].length));
  return {
    start,
    done: [{ kind: 'header', key: 'header', start }],
    step: { kind: 'preparing' },
    nameWidth: Math.min(MAX_NAME_WIDTH, longest),
  };
}

export function reduce(state: ViewState, event: JudgeEvent): ViewState {
  switch (event.type) {
    case 'compile-started':
      return { ...state, step: { kind: 'compiling', language: event.language } };
    case 'compile-finished': {
      const language = state.step.kind === 'compiling' ? state.step.language : state.start.language.id;
      return {
        ...state,
        done: [...state.done, { kind: 'compile', key: 'compile', language, compile: event.compile }],
        step: event.compile.ok ? { kind: 'running', index: 0, total: state.start.tests.length, name: state.start.tests[0] ?? '' } : state.step,
      };
    }
    case 'test-started':
      return { ...state, step: { kind: 'running', index: event.index, total: event.total, name: event.name } };
    case 'test-finished':
      return {
        ...state,
        done: [...state.done, { kind: 'test', key: `test-${event.index}`, index: event.index, total: event.total, test: event.test }],
      };
    case 'finished':
      return { ...state, step: { kind: 'done', result: event.result } };
  }
}

/** The state once judging ended (the result, or the error that stopped it). */
export function settle(state: ViewState, outcome: JudgeOutcome): ViewState {
  if ('result' in outcome) return { ...state, step: { kind: 'done', result: outcome.result } };
  // the error itself is printed on stderr by main, once
  const aborted = (outcome.error as { name?: string } | null)?.name === 'AbortError';
  return { ...state, step: { kind: 'failed', message: aborted ? 'interrupted' : 'stopped' } };
}
