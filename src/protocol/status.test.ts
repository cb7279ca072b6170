import { describe, expect, it } from 'vitest';
import type { JudgeEvent } from '../judge/events.js';
import type { JudgeResult } from '../judge/result.js';
import { advanceProgress, type Progress } from './progress.js';
import { finishedMessage, messageFromEvent, queuedMessage, snapshotMessage, statusMessageSchema } from './status.js';

const hidden = { name: 'secret-1', verdict: 'WA', timeMs: 4, wallMs: 9, memoryKb: 700, sample: false, exitCode: 0, message: 'expected "SECRET", got "x"' } as const;
const sample = { name: 'sample-1', verdict: 'AC', timeMs: 2, wallMs: 5, memoryKb: 640, sample: true, exitCode: 0 } as const;
const done: JudgeResult = { verdict: 'WA', language: 'c', problem: 'p', compile: { ok: true, timeMs: 9, output: '' }, tests: [sample, hidden], timeMs: 4, memoryKb: 700 };
const events: JudgeEvent[] = [
  { type: 'compile-started', language: 'c' },
  { type: 'compile-finished', compile: done.compile },
  ...done.tests.flatMap((test, index): JudgeEvent[] => [
    { type: 'test-started', index, total: 2, name: test.name },
    { type: 'test-finished', index, total: 2, test },
  ]),
];

describe('status messages', () => {
  it('go pending → compiling → running → done, each a valid message of the protocol', () => {
    const stream = [queuedMessage('s'), ...events.map((event) => messageFromEvent('s', event)!), finishedMessage('s', done)];
    expect(stream.map((message) => message.status)).toEqual(['pending', 'compiling', 'compiling', 'running', 'running', 'running', 'running', 'done']);
    for (const message of stream) expect(statusMessageSchema.safeParse(message).success, message.event).toBe(true);
  });

  it('show a finished sample with everything but its message, a hidden test by verdict, time and memory only', () => {
    expect(messageFromEvent('s', events[3])!.test).toEqual({ index: 0, total: 2, name: 'sample-1', verdict: 'AC', timeMs: 2, wallMs: 5, memoryKb: 640, sample: true, exitCode: 0 });
    expect(messageFromEvent('s', events[5])!.test).toEqual({ index: 1, total: 2, name: 'secret-1', verdict: 'WA', timeMs: 4, wallMs: 9, memoryKb: 700, sample: false });
  });

  it("carry why a sample failed, live and in stored progress, so the user sees it as submit does", () => {
    const failed = { ...sample, verdict: 'WA', message: 'line 1, token 1: expected "3", got "-1"' } as const;
    const event: JudgeEvent = { type: 'test-finished', index: 0, total: 2, test: failed };
    expect(messageFromEvent('s', event)!.test).toMatchObject({ name: 'sample-1', verdict: 'WA', message: failed.message });
    expect(advanceProgress({ rank: 0, tests: [] }, event).tests[0]).toMatchObject({ message: failed.message });
    expect(statusMessageSchema.safeParse(messageFromEvent('s', event)).success).toBe(true);
  });

  it("never carry a hidden test's message or exit code: not live, not in a snapshot's result or progress", () => {
    expect(JSON.stringify(finishedMessage('s', done))).not.toContain('SECRET');
    expect(finishedMessage('s', done).result!.tests[1]).not.toHaveProperty('exitCode');
    let progress: Progress = { rank: 0, tests: [] };
    for (const event of events) progress = advanceProgress(progress, event);
    const snapshot = snapshotMessage({ id: 's', status: 'done', progress, result: done });
    expect(snapshot).toMatchObject({ event: 'snapshot', verdict: 'WA', result: { verdict: 'WA' } });
    expect(JSON.stringify(snapshot)).not.toContain('SECRET');
    expect(snapshot.progress!.tests[1]).not.toHaveProperty('exitCode');
    expect(snapshot.result!.tests[1]).not.toHaveProperty('exitCode');
  });
});

describe('advanceProgress', () => {
  it("ranks every step above the one before, and keeps finished hidden tests without their messages", () => {
    let progress: Progress = { rank: 0, tests: [] };
    const ranks = events.map((event) => (progress = advanceProgress(progress, event)).rank);
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(new Set(ranks).size).toBe(ranks.length);
    expect(progress.tests.map((test) => test.name)).toEqual(['sample-1', 'secret-1']);
    expect(progress.current).toBeUndefined();
    expect(JSON.stringify(progress)).not.toContain('SECRET');
  });
});
