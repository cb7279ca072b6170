import { describe, expect, it } from 'vitest';
import { MemoryQueue } from './memory.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
async function until(check: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 400; i++) {
    if (await check()) return;
    await tick();
  }
  throw new Error('condition never held');
}

describe('MemoryQueue', () => {
  it('adds a job id once while it lives', async () => {
    const queue = new MemoryQueue<number>('q', { attempts: 1, backoffMs: 0 });
    await queue.add('a', 1);
    await queue.add('a', 2);
    expect(await queue.counts()).toEqual({ waiting: 1, active: 0, delayed: 0, failed: 0 });
    const seen: number[] = [];
    const consumer = queue.consume(async (job) => void seen.push(job.data), { concurrency: 1 });
    await until(async () => (await queue.state('a')) === 'missing');
    await consumer.close();
    expect(seen).toEqual([1]);
  });

  it('runs at most `concurrency` jobs at once, in order', async () => {
    const queue = new MemoryQueue<number>('q', { attempts: 1, backoffMs: 0 });
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const consumer = queue.consume(
      async (job) => {
        running++;
        most = Math.max(most, running);
        order.push(job.data);
        await tick();
        running--;
      },
      { concurrency: 2 },
    );
    for (let i = 0; i < 6; i++) await queue.add(`j${i}`, i);
    await until(async () => (await queue.counts()).waiting + (await queue.counts()).active === 0);
    await consumer.close();
    expect(most).toBe(2);
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('retries a failing job with its attempt number, then fails it for good; a failed id can be added again', async () => {
    const queue = new MemoryQueue<string>('q', { attempts: 3, backoffMs: 1 });
    const attempts: number[] = [];
    const consumer = queue.consume(
      async (job) => {
        attempts.push(job.attempt);
        expect(job.maxAttempts).toBe(3);
        throw new Error('sandbox down');
      },
      { concurrency: 1 },
    );
    await queue.add('x', 'data');
    await until(async () => (await queue.state('x')) === 'failed');
    expect(attempts).toEqual([1, 2, 3]);
    await queue.add('x', 'again');
    expect(await queue.state('x')).toBe('failed');
    await queue.remove('x');
    await consumer.close();
    await queue.add('x', 'again');
    expect(await queue.state('x')).toBe('waiting');
  });

  it('closing a consumer waits for the job it runs', async () => {
    const queue = new MemoryQueue<string>('q', { attempts: 1, backoffMs: 0 });
    let finished = false;
    const consumer = queue.consume(
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 30));
        finished = true;
      },
      { concurrency: 1 },
    );
    await queue.add('slow', 's');
    await until(async () => (await queue.state('slow')) === 'active');
    await consumer.close();
    expect(finished).toBe(true);
  });
});
