/**
 * The run board over a real Redis (its own, on a loopback port): what the api puts, any other
 * connection (another api instance, a worker) reads, the latest view wins, and a run is gone
 * after its time. The in-process board keeps the same promises.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunView } from '../../../src/protocol/index.js';
import { createLogger } from '../../../src/server/logger.js';
import { createRedis, quitRedis, type Redis } from '../../../src/server/redis.js';
import { MemoryRunBoard, RedisRunBoard, type RunBoard } from '../../../src/server/runs/board.js';
import { startRedis, type RedisServer } from './helpers.js';

const view = (id: string, version: number): RunView => ({
  id,
  problemId: 'p',
  language: 'python',
  mode: 'samples',
  status: version === 0 ? 'pending' : 'running',
  version,
  sampleCount: 1,
  samples: [],
  createdAt: new Date(0).toISOString(),
});

let redis: RedisServer;
const connections: Redis[] = [];
const connect = () => {
  const connection = createRedis(redis.url, { name: 'sonocode:test:run-board', logger: createLogger('silent') });
  connections.push(connection);
  return connection;
};

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await Promise.all(connections.map((connection) => quitRedis(connection)));
  await redis.kill('SIGTERM');
});

describe.each([
  ['in Redis', (keepMs: number): [RunBoard, RunBoard] => [new RedisRunBoard(connect(), keepMs), new RedisRunBoard(connect(), keepMs)]],
  ['in-process', (keepMs: number): [RunBoard, RunBoard] => {
    const board = new MemoryRunBoard(keepMs);
    return [board, board];
  }],
])('the run board %s', (_name, boards) => {
  it('gives every reader the latest view put, with its owner, and null for an unknown run', async () => {
    const [api, worker] = boards(60_000);
    await api.put({ userId: 'ann', view: view('r1', 0) });
    expect(await worker.get('r1')).toEqual({ userId: 'ann', view: view('r1', 0) });
    await worker.put({ userId: 'ann', view: view('r1', 3) });
    expect((await api.get('r1'))?.view.version).toBe(3);
    expect(await api.get('nope')).toBeNull();
  });

  it('forgets a run after its time', async () => {
    const [api, other] = boards(150);
    await api.put({ userId: 'ann', view: view('r2', 0) });
    expect(await other.get('r2')).not.toBeNull();
    await sleep(400);
    expect(await other.get('r2')).toBeNull();
  });
});
