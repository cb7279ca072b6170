import { describe, expect, it } from 'vitest';
import { queuedMessage, type StatusMessage } from '../../protocol/status.js';
import type { RoutedStatus } from './types.js';
import { MemoryStatusBus } from './memory.js';

describe('MemoryStatusBus', () => {
  it('routes a message to the instances holding its user, and to no one else', async () => {
    const bus = new MemoryStatusBus();
    const got: Record<string, RoutedStatus[]> = { a: [], b: [] };
    const a = await bus.join('a', (routed) => got.a.push(routed));
    const b = await bus.join('b', (routed) => got.b.push(routed));
    await a.addUser('ann');
    await b.addUser('bob');
    await b.addUser('ann');
    await bus.publish({ userId: 'ann', message: queuedMessage('s1') });
    await bus.publish({ userId: 'bob', message: queuedMessage('s2') });
    await bus.publish({ userId: 'eve', message: queuedMessage('s3') });
    expect(got.a.map((routed) => (routed.message as StatusMessage).submissionId)).toEqual(['s1']);
    expect(got.b.map((routed) => (routed.message as StatusMessage).submissionId)).toEqual(['s1', 's2']);
    await b.removeUser('ann');
    await a.close();
    await bus.publish({ userId: 'ann', message: queuedMessage('s4') });
    expect(got.a).toHaveLength(1);
    expect(got.b).toHaveLength(2);
  });
});
