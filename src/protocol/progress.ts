/**
 * How far judging a submission got: what the store keeps while a worker judges, what a client
 * that (re)connects gets in a `snapshot`, and what `GET /api/v1/submissions/:id` shows. Built from
 * the judge's events. It holds a sample's message (what the user needs to see why it failed), never
 * a hidden test's: nothing derived from hidden data is stored where a user's views read.
 */
import { z } from 'zod';
import type { JudgeEvent } from '../judge/events.js';
import { compileResultSchema, testResultSchema, type TestResult } from '../judge/result.js';

/** A finished test as progress shows it: the test's result (a hidden test's without its message), and its place. */
export const testProgressSchema = testResultSchema.extend({
  index: z.number().int().meta({ description: '0-based position of the test' }),
  total: z.number().int().meta({ description: 'Tests of the problem' }),
});
export type TestProgress = z.infer<typeof testProgressSchema>;

export const progressSchema = z.object({
  rank: z.number().int().meta({ description: 'Grows with every judge event; an update not above the stored rank is ignored' }),
  language: z.string().optional(),
  compile: compileResultSchema.optional(),
  tests: z.array(testProgressSchema).meta({ description: 'Finished tests, in order' }),
  current: z
    .object({ index: z.number().int(), total: z.number().int(), name: z.string() })
    .optional()
    .meta({ description: 'The test running now' }),
});
export type Progress = z.infer<typeof progressSchema>;

export const EMPTY_PROGRESS: Progress = Object.freeze({ rank: 0, tests: [] }) as Progress;

/** A finished test as progress and the status stream show it: a sample whole, a hidden test without its message. */
export function testProgress(index: number, total: number, test: TestResult): TestProgress {
  const { message, ...shown } = test;
  return { index, total, ...shown, ...(test.sample === true && message !== undefined ? { message } : {}) };
}

/** Rank of a judge event in a submission's progress: only higher ranks move it forward. */
export function progressRank(event: JudgeEvent): number {
  switch (event.type) {
    case 'compile-started':
      return 1;
    case 'compile-finished':
      return 2;
    case 'test-started':
      return 3 + 2 * event.index;
    case 'test-finished':
      return 4 + 2 * event.index;
    case 'finished':
      return Number.MAX_SAFE_INTEGER;
  }
}

/** Progress after one more event. */
export function advanceProgress(progress: Progress, event: JudgeEvent): Progress {
  const rank = progressRank(event);
  switch (event.type) {
    case 'compile-started':
      return { ...progress, rank, language: event.language };
    case 'compile-finished':
      return { ...progress, rank, compile: event.compile };
    case 'test-started':
      return { ...progress, rank, current: { index: event.index, total: event.total, name: event.name } };
    case 'test-finished': {
      const { current: _current, ...rest } = progress;
      const done = testProgress(event.index, event.total, event.test);
      return { ...rest, rank, tests: [...progress.tests.filter((test) => test.index !== event.index), done] };
    }
    case 'finished':
      return progress;
  }
}
