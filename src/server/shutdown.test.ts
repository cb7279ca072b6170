import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from './logger.js';
import { ShutdownStack } from './shutdown.js';

describe('ShutdownStack', () => {
  const logged: string[] = [];
  const logger = createLogger('warn', (line) => void logged.push(line));
  beforeEach(() => {
    logged.length = 0;
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stops what started last first, each once, however often it is disposed', async () => {
    const stopped: string[] = [];
    const stack = new ShutdownStack(logger);
    stack.defer('store', () => void stopped.push('store'));
    const resource = stack.use('http', { [Symbol.asyncDispose]: async () => void stopped.push('http') });
    stack.defer('draining', () => void stopped.push('draining'));
    expect(resource).toBeDefined();
    await Promise.all([stack[Symbol.asyncDispose](), stack[Symbol.asyncDispose]()]);
    expect(stopped).toEqual(['draining', 'http', 'store']);
    expect(() => stack.defer('late', () => {})).toThrow(/while stopping/);
  });

  it('gives up a step that fails or takes too long, says so, and goes on', async () => {
    const stopped: string[] = [];
    const stack = new ShutdownStack(logger, 1000);
    stack.defer('store', () => void stopped.push('store'));
    stack.defer('queues', () => new Promise<void>(() => {}));
    stack.defer('bus', () => {
      throw new Error('connection reset');
    });
    const done = stack[Symbol.asyncDispose]();
    await vi.advanceTimersByTimeAsync(1000);
    await done;
    expect(stopped).toEqual(['store']);
    expect(logged.join('')).toMatch(/shutdown: bus: connection reset/);
    expect(logged.join('')).toMatch(/shutdown: queues: gave up after 1000 ms/);
  });

  it('asks a step for its time limit when the step runs (a worker busy judging gets longer)', async () => {
    let busy = false;
    const stack = new ShutdownStack(logger, 1000);
    stack.defer('worker', () => new Promise<void>((resolve) => setTimeout(resolve, 5000)), () => (busy ? 10_000 : 1000));
    busy = true;
    const done = stack[Symbol.asyncDispose]();
    await vi.advanceTimersByTimeAsync(5000);
    await done;
    expect(logged).toEqual([]);
  });
});
