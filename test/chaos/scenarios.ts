/**
 * The four faults of issue 10, each injected mid-load into a {@link Cluster}: kill -9 of a worker
 * while it judges, of the api, of a socket instance, and Redis killed and started again (with
 * submissions acknowledged while it is away) — with its data, or emptied. The fault-injection suite asserts on what a scenario
 * returns; `npm run chaos` prints it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { RoleProcess } from '../integration/server/helpers.js';
import { waitFor } from '../integration/server/helpers.js';
import { Cluster } from './cluster.js';
import type { Figures, Load, Tracked } from './load.js';

export const SCENARIOS = ['worker', 'api', 'socket', 'redis', 'redis-empty'] as const;
/** What `npm run chaos` runs unless told otherwise: the four faults of issue 10. */
export const DEFAULT_SCENARIOS: readonly ScenarioName[] = ['worker', 'api', 'socket', 'redis'];
export type ScenarioName = (typeof SCENARIOS)[number];

export const SCENARIO_TITLES: Record<ScenarioName, string> = {
  worker: 'kill -9 of a worker mid-judging',
  api: 'kill -9 of the api',
  socket: 'kill -9 of a socket instance',
  redis: 'Redis killed and started again',
  'redis-empty': 'Redis emptied, killed and started again',
};

export interface ScenarioOptions {
  /** Submissions made around the fault (the Redis scenario adds a quarter of them during the outage). */
  submissions: number;
  /** Submissions per second, going on through the fault, which comes once half are made. @defaultValue all at once, the fault once one is being judged */
  ratePerSec?: number;
  /** How long the submissions may take to be final after the recovery, in milliseconds. */
  finalTimeoutMs: number;
  /** How long users may take to hear each final verdict before they subscribe again, in milliseconds. */
  hearGraceMs: number;
}

export interface ScenarioRun {
  figures: Figures;
  items: Tracked[];
  /** The process killed (worker, api, socket scenarios). */
  victim?: RoleProcess;
  /** The submission the killed worker was judging. */
  inFlight?: string;
  /** From the kill of the worker to the verdict of the submission it was judging, in ms. */
  inFlightFinalMs?: number;
  /** From the last submission's answer to the last verdict, in ms: the backlog the fault left. */
  afterLastSubmissionMs: number;
}

/** Runs one scenario; the cluster is whole again afterwards (a new worker, api or socket instance; Redis up). */
export async function runScenario(name: ScenarioName, cluster: Cluster, load: Load, options: ScenarioOptions): Promise<ScenarioRun> {
  const before = load.tracked.size;
  const mine = () => [...load.tracked.values()].slice(before);
  // Paced, the load goes on before, during and after the fault, which comes once half is made;
  // all at once, the fault comes once one of them is being judged (and, for Redis, more are made while it is away).
  const sending = options.ratePerSec ? load.stream(options.submissions, options.ratePerSec) : load.submit(options.submissions);
  if (options.ratePerSec) await waitFor(() => load.tracked.size - before >= options.submissions / 2, 'half of the submissions', 600_000, 50);
  else await sending;
  let recoveredAt: number;
  let victim: RoleProcess | undefined;
  let inFlight: string | undefined;
  let during: Promise<unknown> = Promise.resolve();
  switch (name) {
    case 'worker': {
      victim = cluster.workers[0];
      inFlight = await judging(mine, [victim]);
      await Cluster.kill(victim);
      recoveredAt = Date.now();
      // watched from the kill on, while the load goes on
      during = load.allFinal(mine().filter((item) => item.id === inFlight), recoveredAt, options.finalTimeoutMs);
      cluster.workers.splice(cluster.workers.indexOf(victim), 1);
      break;
    }
    case 'api': {
      await judging(mine, cluster.workers);
      victim = cluster.api;
      await Cluster.kill(victim);
      await sleep(500);
      await cluster.restartApi();
      recoveredAt = Date.now();
      break;
    }
    case 'socket': {
      await judging(mine, cluster.workers);
      const index = cluster.sockets.findIndex((socket) => socket?.alive());
      victim = cluster.sockets[index]!;
      await Cluster.kill(victim);
      recoveredAt = Date.now();
      break;
    }
    case 'redis':
    case 'redis-empty': {
      await judging(mine, cluster.workers);
      // emptied: the waiting jobs are lost too, and only the reconciler queues them again
      await cluster.killRedis({ empty: name === 'redis-empty' });
      // acknowledged while Redis is away: stored, answered 202 after the enqueue timeout
      if (!options.ratePerSec) during = load.submit(Math.max(1, Math.ceil(options.submissions / 4)));
      await sleep(1000);
      await cluster.redis.start();
      recoveredAt = Date.now();
      break;
    }
  }
  await Promise.all([sending, during]);
  const lastSubmittedAt = Date.now();
  const items = mine();
  const tookMs = await load.allFinal(items, recoveredAt, options.finalTimeoutMs);
  const afterLastSubmissionMs = Date.now() - lastSubmittedAt;
  await load.hearEveryFinal(items, options.hearGraceMs);
  const figures = await load.figures(items, tookMs);
  // whole again for the next scenario
  if (name === 'worker') await cluster.addWorker();
  if (name === 'socket') await cluster.restartSocket(cluster.sockets.indexOf(victim!));
  const inFlightFinalMs = inFlight ? (load.finalSeenAt.get(inFlight) ?? Date.now()) - recoveredAt : undefined;
  return { figures, items, afterLastSubmissionMs, ...(victim ? { victim } : {}), ...(inFlight ? { inFlight, inFlightFinalMs } : {}) };
}

/** Waits until one of `workers` is judging one of `items()` (not judged yet); resolves with its id. */
async function judging(items: () => readonly Tracked[], workers: readonly RoleProcess[]): Promise<string> {
  const offsets = workers.map((worker) => Math.max(0, worker.stderr().length - 64 * 1024));
  const match = await waitFor(
    () => {
      const ids = new Set(items().map((item) => item.id));
      return workers.flatMap((worker, i) => [...worker.stderr().slice(offsets[i]).matchAll(/judging (\w+)/g)]).find((found) => ids.has(found[1]) && !judgedAlready(workers, found[1]));
    },
    'a worker to be judging one of the submissions',
    60_000,
    10,
  );
  return match[1];
}

function judgedAlready(workers: readonly RoleProcess[], id: string): boolean {
  return workers.some((worker) => worker.stderr().includes(`judged ${id}:`));
}
