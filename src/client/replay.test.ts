import { describe, expect, it } from 'vitest';
import type { JudgeEvent } from '../judge/events.js';
import type { JudgeResult, TestResult } from '../judge/result.js';
import { advanceProgress, finishedMessage, messageFromEvent, queuedMessage, snapshotMessage, type Progress, type StatusMessage } from '../protocol/index.js';
import { JudgeEventReplay } from './replay.js';

const test = (name: string, verdict: TestResult['verdict'], sample = false, message?: string): TestResult => ({
  name,
  verdict,
  timeMs: 1,
  wallMs: 2,
  memoryKb: 3,
  sample,
  ...(message ? { message } : {}),
});
const result: JudgeResult = {
  verdict: 'WA',
  language: 'python',
  problem: 'sum',
  compile: { ok: true, timeMs: 5, output: '' },
  tests: [test('sample-1', 'AC', true), test('test-1', 'WA', false, 'expected "42", got "41"')],
  timeMs: 1,
  memoryKb: 3,
};
const judgeEvents: JudgeEvent[] = [
  { type: 'compile-started', language: 'python' },
  { type: 'compile-finished', compile: result.compile },
  { type: 'test-started', index: 0, total: 3, name: 'sample-1' },
  { type: 'test-finished', index: 0, total: 3, test: result.tests[0] },
  { type: 'test-started', index: 1, total: 3, name: 'test-1' },
  { type: 'test-finished', index: 1, total: 3, test: result.tests[1] },
];
const live: StatusMessage[] = [queuedMessage('s1'), ...judgeEvents.map((event) => messageFromEvent('s1', event)!), finishedMessage('s1', result)];

function replay(messages: StatusMessage[]) {
  const events: JudgeEvent[] = [];
  const r = new JudgeEventReplay('s1', (event) => events.push(event), 'python');
  for (const message of messages) r.accept(message);
  return { events, done: r.done, kinds: events.map((event) => ('index' in event ? `${event.type}:${event.index}` : event.type)) };
}

const FULL = ['compile-started', 'compile-finished', 'test-started:0', 'test-finished:0', 'test-started:1', 'test-finished:1', 'finished'];

describe('JudgeEventReplay', () => {
  it('turns the live stream back into the judge events, once each', () => {
    const { kinds, done } = replay(live);
    expect(kinds).toEqual(FULL);
    expect(done?.verdict).toBe('WA');
  });

  it('ignores duplicates, a re-judged submission starting over, and other submissions', () => {
    const other = { ...live[3], submissionId: 's2' };
    const messy = [live[0], live[1], live[1], live[2], live[3], other, live[4], live[1], live[3], live[5], live[6], live[7], live[7]];
    expect(replay(messy).kinds).toEqual(FULL);
  });

  it('fills in from a snapshot for a late client, then continues live without repeats', () => {
    let progress: Progress = { rank: 0, tests: [] };
    for (const event of judgeEvents.slice(0, 5)) progress = advanceProgress(progress, event);
    const snapshot: StatusMessage = { type: 'status', submissionId: 's1', status: 'running', event: 'snapshot', progress };
    const { kinds } = replay([snapshot, live[4], live[5], live[6], live[7]]);
    expect(kinds).toEqual(FULL);
  });

  it('makes the whole story from the final result alone', () => {
    const { kinds, events } = replay([snapshotMessage({ id: 's1', status: 'done', progress: { rank: 99, tests: [] }, result })]);
    expect(kinds).toEqual(['compile-started', 'compile-finished', 'test-started:0', 'test-finished:0', 'test-started:1', 'test-finished:1', 'finished']);
    expect(events.at(-1)).toMatchObject({ type: 'finished', result: { verdict: 'WA' } });
  });

  it('shows a compilation error as compile events and the end', () => {
    const ce: JudgeResult = { ...result, verdict: 'CE', compile: { ok: false, timeMs: 3, output: 'main.c:1: error' }, tests: [] };
    expect(replay([queuedMessage('s1'), finishedMessage('s1', ce)]).kinds).toEqual(['compile-started', 'compile-finished', 'finished']);
  });

  it('hands the reporters every field a test result carries, not only the ones it knows', () => {
    const scored: TestResult = { ...result.tests[0], score: 7, exitCode: 0 };
    const message = messageFromEvent('s1', { type: 'test-finished', index: 0, total: 3, test: scored })!;
    const { events } = replay([message]);
    expect(events.find((event) => event.type === 'test-finished')).toMatchObject({ test: { score: 7, exitCode: 0 } });
  });
});
