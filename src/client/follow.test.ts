/**
 * The follower's transitions, driven by a fake connection and fake timers: what it sends, when it
 * reconnects, gives up or asks again, and what ends it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { JudgeEvent } from '../judge/events.js';
import type { JudgeResult } from '../judge/result.js';
import { finishedMessage, messageFromEvent, queuedMessage, type ClientFrame, type ServerFrame } from '../protocol/index.js';
import { reconnectDelayMs, SubmissionFollower, type FollowOptions, type LinkHandlers } from './follow.js';

const result: JudgeResult = {
  verdict: 'AC',
  language: 'c',
  problem: 'p',
  compile: { ok: true, timeMs: 3, output: '' },
  tests: [{ name: 'sample-1', verdict: 'AC', timeMs: 1, wallMs: 2, memoryKb: 3, sample: true }],
  timeMs: 1,
  memoryKb: 3,
};

/** Every connection the follower opened: what it sent, whether it was closed, and a way to play the server. */
function fakeSocket() {
  const links: { handlers: LinkHandlers; sent: ClientFrame[]; closed: boolean }[] = [];
  const open = (handlers: LinkHandlers) => {
    const link = { handlers, sent: [] as ClientFrame[], closed: false };
    links.push(link);
    return { send: (frame: ClientFrame) => link.sent.push(frame), close: () => (link.closed = true) };
  };
  const last = () => links[links.length - 1];
  return {
    links,
    open,
    last,
    /** The server accepts the connection and the token. */
    accept() {
      last().handlers.onOpen();
      last().handlers.onFrame({ type: 'ready', userId: 'u', instanceId: 'i' });
    },
    say(frame: ServerFrame) {
      last().handlers.onFrame(frame);
    },
    drop() {
      last().handlers.onClose();
    },
  };
}

function follower(socket: ReturnType<typeof fakeSocket>, options: Partial<FollowOptions> = {}) {
  const events: JudgeEvent[] = [];
  const following = new SubmissionFollower(socket.open, (event) => events.push(event), { token: 'tok', socketUrl: 'ws://x/ws', ...options });
  return { following, events };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('SubmissionFollower', () => {
  it('authenticates, subscribes once the id is known, replays the stream and settles with the result', async () => {
    const socket = fakeSocket();
    const { following, events } = follower(socket);
    expect(following.phase).toBe('connecting');
    socket.last().handlers.onOpen();
    expect(following.phase).toBe('authenticating');
    expect(socket.last().sent).toEqual([{ type: 'auth', token: 'tok' }]);
    socket.say({ type: 'ready', userId: 'u', instanceId: 'i' });
    await following.ready;
    expect(following.phase).toBe('following');

    following.follow('s1');
    expect(socket.last().sent.at(-1)).toEqual({ type: 'subscribe', submissionId: 's1' });
    socket.say(queuedMessage('s1'));
    socket.say(messageFromEvent('s1', { type: 'compile-started', language: 'c' })!);
    socket.say(finishedMessage('s1', result));
    await expect(following.result).resolves.toEqual(result);
    expect(events.map((event) => event.type)).toEqual(['compile-started', 'compile-finished', 'test-started', 'test-finished', 'finished']);
    expect(following.phase).toBe('settled');
    expect(socket.last().closed).toBe(true);
  });

  it('keeps status frames that come before the id, and replays them once it is known', async () => {
    const socket = fakeSocket();
    const { following } = follower(socket);
    socket.accept();
    socket.say(finishedMessage('s1', result));
    expect(following.phase).toBe('following');
    following.follow('s1');
    await expect(following.result).resolves.toMatchObject({ verdict: 'AC' });
  });

  it('reconnects after a drop with growing delays, and subscribes again on the new connection', async () => {
    const socket = fakeSocket();
    const { following } = follower(socket);
    following.follow('s1');
    socket.accept();
    socket.drop();
    expect(following.phase).toBe('reconnecting');
    vi.advanceTimersByTime(reconnectDelayMs(1) - 1);
    expect(socket.links).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(socket.links).toHaveLength(2);
    socket.accept();
    expect(socket.last().sent).toEqual([
      { type: 'auth', token: 'tok' },
      { type: 'subscribe', submissionId: 's1' },
    ]);
    expect([1, 2, 3, 6, 20].map(reconnectDelayMs)).toEqual([200, 400, 800, 5000, 5000]);
  });

  it('gives up with SONO_CONNECTION after too many failures in a row', async () => {
    const socket = fakeSocket();
    const { following } = follower(socket, { maxFailures: 2 });
    socket.drop();
    vi.advanceTimersByTime(reconnectDelayMs(1));
    socket.drop();
    vi.advanceTimersByTime(reconnectDelayMs(2));
    socket.drop();
    await expect(following.result).rejects.toMatchObject({ code: 'SONO_CONNECTION', message: expect.stringContaining('ws://x/ws') });
    expect(socket.links).toHaveLength(3);
  });

  it('asks for the stored state again when nothing arrives for staleMs', () => {
    const socket = fakeSocket();
    const { following } = follower(socket, { staleMs: 1000 });
    following.follow('s1');
    socket.accept();
    const subscribes = () => socket.last().sent.filter((frame) => frame.type === 'subscribe').length;
    expect(subscribes()).toBe(1);
    vi.advanceTimersByTime(999);
    expect(subscribes()).toBe(1);
    vi.advanceTimersByTime(1);
    expect(subscribes()).toBe(2);
    vi.advanceTimersByTime(1000);
    expect(subscribes()).toBe(3);
  });

  it.each([
    ['a refused token', { type: 'error', code: 'SONO_UNAUTHORIZED', message: 'unknown token' }, { code: 'SONO_UNAUTHORIZED', status: 401 }],
    ['an unknown submission', { type: 'error', code: 'SONO_NOT_FOUND', message: 'no submission', submissionId: 's1' }, { code: 'SONO_NOT_FOUND', status: 404 }],
  ] as const)('ends on %s', async (_name, frame, error) => {
    const socket = fakeSocket();
    const { following } = follower(socket);
    following.follow('s1');
    socket.accept();
    socket.say(frame);
    await expect(following.result).rejects.toMatchObject(error);
  });

  it('waits out a server that is unavailable for a moment', () => {
    const socket = fakeSocket();
    const { following } = follower(socket);
    following.follow('s1');
    socket.accept();
    socket.say({ type: 'error', code: 'SONO_UNAVAILABLE', message: 'retry later', submissionId: 's1' });
    expect(following.phase).toBe('following');
  });

  it('ends with SONO_TIMEOUT, with the abort, or with the error it is given', async () => {
    const timedOut = follower(fakeSocket(), { timeoutMs: 5000 }).following;
    vi.advanceTimersByTime(5000);
    await expect(timedOut.result).rejects.toMatchObject({ code: 'SONO_TIMEOUT' });

    const controller = new AbortController();
    const aborted = follower(fakeSocket(), { signal: controller.signal }).following;
    controller.abort();
    await expect(aborted.result).rejects.toMatchObject({ name: 'AbortError', code: 'ABORTED' });

    const socket = fakeSocket();
    const refused = follower(socket).following;
    refused.fail(new Error('the POST was refused'));
    await expect(refused.result).rejects.toThrow('the POST was refused');
    await refused.ready;
    expect(socket.last().closed).toBe(true);
  });
});
