import { describe, expect, it } from 'vitest';
import { JudgeSlots } from './slots.js';

describe('JudgeSlots', () => {
  it('gives at most `size` slots at once', async () => {
    const slots = new JudgeSlots(2);
    const first = await slots.take('submission');
    await slots.take('submission');
    let third = false;
    const waiting = slots.take('submission').then(() => (third = true));
    await Promise.resolve();
    expect(third).toBe(false);
    expect(slots.queued).toEqual({ run: 0, submission: 1 });
    first();
    await waiting;
    expect(third).toBe(true);
  });

  it('passes a freed slot to a waiting run before submissions that waited longer', async () => {
    const slots = new JudgeSlots(1);
    const running = await slots.take('submission');
    const order: string[] = [];
    const submissions = [1, 2].map((n) => slots.take('submission').then((release) => (order.push(`submission ${n}`), release)));
    const run = slots.take('run').then((release) => (order.push('run'), release));
    running();
    (await run)();
    (await submissions[0])();
    (await submissions[1])();
    expect(order).toEqual(['run', 'submission 1', 'submission 2']);
  });

  it('does not let a submission take a free slot while a run waits for it', async () => {
    const slots = new JudgeSlots(1);
    const release = await slots.take('run');
    const order: string[] = [];
    const run = slots.take('run').then((give) => (order.push('run'), give));
    release();
    // the slot went to the waiting run; a submission arriving now waits behind it
    const submission = slots.take('submission').then((give) => (order.push('submission'), give));
    (await run)();
    (await submission)();
    expect(order).toEqual(['run', 'submission']);
  });

  it('ignores a second release of the same slot', async () => {
    const slots = new JudgeSlots(1);
    const release = await slots.take('run');
    release();
    release();
    await slots.take('submission');
    let second = false;
    void slots.take('submission').then(() => (second = true));
    await Promise.resolve();
    expect(second).toBe(false);
  });
});
