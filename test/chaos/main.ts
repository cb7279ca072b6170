/**
 * `npm run chaos`: the fault-injection suite at a chosen size, not in CI. Starts a platform of real
 * processes on loopback (Redis of its own, 1 api, N workers, M socket instances over one SQLite
 * file), runs each fault scenario with submissions paced at a rate, then a soak at a steady rate,
 * and prints:
 *
 * - per scenario: acknowledged, final, wrong, duplicates, live/re-sent/re-subscribed/unheard, and
 *   the time from the recovery to the last verdict;
 * - every process's RSS over the soak (or the embedded server's, with --embedded-soak);
 * - what is left at the end: sandbox containers and session folders of this run's workers.
 *
 *   npm run chaos -- --submissions 200 --rate 4 --soak-minutes 10 --soak-rate 2
 */
import { spawn } from 'node:child_process';
import { rmSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { BIN, ensureBuilt, freePort, waitFor } from '../integration/server/helpers.js';
import { Cluster, CLUSTER_ADMIN_TOKEN, leftoversOf, rssKb } from './cluster.js';
import { Load, type Figures } from './load.js';
import { DEFAULT_SCENARIOS, runScenario, SCENARIO_TITLES, SCENARIOS, type ScenarioName, type ScenarioRun } from './scenarios.js';

const { values: args } = parseArgs({
  options: {
    submissions: { type: 'string', default: '200' },
    rate: { type: 'string', default: '4' },
    workers: { type: 'string', default: '2' },
    sockets: { type: 'string', default: '2' },
    concurrency: { type: 'string', default: '2' },
    users: { type: 'string', default: '8' },
    scenarios: { type: 'string', default: DEFAULT_SCENARIOS.join(',') },
    'soak-minutes': { type: 'string', default: '10' },
    'soak-rate': { type: 'string', default: '2' },
    'rss-every-s': { type: 'string', default: '30' },
    'embedded-soak': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (args.help) {
  process.stdout.write(`npm run chaos -- [--submissions N] [--rate PER_S] [--workers N] [--sockets N] [--concurrency N] [--users N]
                 [--scenarios worker,api,socket,redis,redis-empty] [--soak-minutes M] [--soak-rate PER_S] [--rss-every-s S] [--embedded-soak]
`);
  process.exit(0);
}

const number = (name: keyof typeof args) => Number(args[name]);

function table(rows: Record<string, string | number>[]): string {
  const columns = Object.keys(rows[0] ?? {});
  const widths = columns.map((column) => Math.max(column.length, ...rows.map((row) => String(row[column]).length)));
  const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i])).join('  ');
  return [line(columns), line(widths.map((width) => '-'.repeat(width))), ...rows.map((row) => line(columns.map((column) => String(row[column]))))].join('\n');
}

const seconds = (ms: number | undefined) => (ms === undefined ? '-' : `${(ms / 1000).toFixed(1)} s`);

function scenarioRow(name: string, figures: Figures, run?: Pick<ScenarioRun, 'afterLastSubmissionMs' | 'inFlightFinalMs'>): Record<string, string | number> {
  return {
    scenario: name,
    acknowledged: figures.acknowledged,
    final: figures.final,
    wrong: figures.wrong,
    duplicates: figures.duplicates,
    'heard live': figures.live,
    're-sent': figures.resent,
    're-subscribed': figures.resubscribed,
    unheard: figures.unheard,
    'all final after recovery': seconds(figures.allFinalAfterRecoveryMs),
    'after the last submission': seconds(run?.afterLastSubmissionMs),
    "killed worker's job final after": seconds(run?.inFlightFinalMs),
  };
}

/** The api's JavaScript heap (used, and held from the system) and external memory in MiB, from its /metrics (Node's own gauges). */
async function apiHeapMb(apiUrl: string): Promise<Record<string, number>> {
  try {
    const text = await (await fetch(`${apiUrl}/metrics`)).text();
    const gauge = (name: string) => Number(new RegExp(`^sonocode_${name} (\\S+)$`, 'm').exec(text)?.[1] ?? NaN) / 2 ** 20;
    return {
      'api heap used': Math.round(gauge('nodejs_heap_size_used_bytes')),
      'api heap total': Math.round(gauge('nodejs_heap_size_total_bytes')),
      'api external': Math.round(gauge('nodejs_external_memory_bytes')),
    };
  } catch {
    return {};
  }
}

/** Samples `pids()`' RSS (and the api's heap) every `everyMs` until stopped; rows of `minute → role:pid → MiB`. */
function sampleRss(pids: () => Record<string, number>, apiUrl: string, everyMs: number): { stop: () => Promise<Record<string, string | number>[]> } {
  const rows: Record<string, string | number>[] = [];
  const started = Date.now();
  const sample = async () => {
    const row: Record<string, string | number> = { 'time (min)': ((Date.now() - started) / 60_000).toFixed(1) };
    for (const [name, pid] of Object.entries(pids())) {
      const kb = rssKb(pid);
      if (kb !== null) row[name] = Math.round(kb / 1024);
    }
    rows.push(Object.assign(row, await apiHeapMb(apiUrl)));
  };
  void sample();
  const timer = setInterval(() => void sample(), everyMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await sample();
      const names = [...new Set(rows.flatMap((row) => Object.keys(row)))];
      return rows.map((row) => Object.fromEntries(names.map((name) => [name, row[name] ?? '-'])));
    },
  };
}

/** The soak: a steady rate for a while, then every submission must be final. */
async function soak(load: Load, apiUrl: string, rssOf: () => Record<string, number>): Promise<void> {
  const minutes = number('soak-minutes');
  if (minutes <= 0) return;
  const rate = number('soak-rate');
  const count = Math.round(minutes * 60 * rate);
  process.stdout.write(`\nsoak: ${count} submissions at ${rate}/s for ${minutes} min; RSS in MiB every ${args['rss-every-s']} s\n`);
  const rss = sampleRss(rssOf, apiUrl, number('rss-every-s') * 1000);
  const items = await load.stream(count, rate);
  const tookMs = await load.allFinal(items, Date.now(), 600_000);
  await load.hearEveryFinal(items, 30_000);
  const rows = await rss.stop();
  process.stdout.write(`${table([scenarioRow('soak', await load.figures(items, tookMs))])}\n\n${table(rows)}\n`);
}

/** An embedded server (`sonocode serve`, every role in one process) beside the cluster, for the soak of issue 10's figures. */
async function embeddedServer(dbPath: string): Promise<{ cluster: Cluster; stop: () => Promise<void>; pid: number }> {
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve', '--db', dbPath, '--port', String(port), '--admin-token', CLUSTER_ADMIN_TOKEN, '--rate-limit', '1000000', '--workers-concurrency', String(number('concurrency'))], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', () => {});
  await waitFor(() => /listening on/.test(out), 'the embedded server', 60_000);
  const url = `http://127.0.0.1:${port}`;
  // the Load only needs the api's and the socket's addresses
  const facade = { apiUrl: url, liveSocketUrls: () => [`ws://127.0.0.1:${port}/ws`], started: [] } as unknown as Cluster;
  return {
    cluster: facade,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

async function main(): Promise<void> {
  ensureBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'sonocode-chaos-'));
  const names = args.scenarios.split(',').filter(Boolean) as ScenarioName[];
  for (const name of names) if (!SCENARIOS.includes(name)) throw new Error(`unknown scenario "${name}"; known: ${SCENARIOS.join(', ')}`);
  try {
    if (names.length > 0 || !args['embedded-soak']) await onCluster(dir, names);
    if (args['embedded-soak']) await onEmbedded(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The scenarios, then (without --embedded-soak) the soak, on a cluster of processes. */
async function onCluster(dir: string, names: ScenarioName[]): Promise<void> {
  process.stdout.write(
    `chaos: 1 api, ${args.workers} workers (concurrency ${args.concurrency}), ${args.sockets} socket instances, Redis (appendonly) on loopback; ${args.users} users; ${args.submissions} submissions per scenario at ${args.rate}/s\n`,
  );
  const cluster = await Cluster.start({ dbPath: join(dir, 'chaos.db'), workers: number('workers'), sockets: number('sockets'), workerConcurrency: number('concurrency') });
  const load = await Load.start(cluster, number('users'));
  try {
    const rows: Record<string, string | number>[] = [];
    for (const name of names) {
      process.stdout.write(`scenario: ${SCENARIO_TITLES[name]} …\n`);
      const run = await runScenario(name, cluster, load, { submissions: number('submissions'), ratePerSec: number('rate'), finalTimeoutMs: 600_000, hearGraceMs: 30_000 });
      rows.push(scenarioRow(SCENARIO_TITLES[name], run.figures, run));
      await sleep(2000);
    }
    if (rows.length > 0) process.stdout.write(`\n${table(rows)}\n`);
    if (!args['embedded-soak']) {
      await soak(load, cluster.apiUrl, () => Object.fromEntries(cluster.started.filter((role) => role.alive()).map((role) => [`${role.role}:${role.pid}`, role.pid])));
    }
  } finally {
    load.close();
    const workers = cluster.started.filter((role) => role.role === 'worker').map((role) => role.pid);
    await cluster.stop();
    const left = await leftoversOf(workers);
    process.stdout.write(`\nleftovers of this run's ${workers.length} workers after it stopped: ${left.containers} sandbox container(s), ${left.folders} session folder(s)\n`);
  }
}

/** The soak on the embedded server (every role in one process: SQLite, in-process queue), as issue 10 measured it. */
async function onEmbedded(dir: string): Promise<void> {
  process.stdout.write(`chaos: the embedded server (sonocode serve, concurrency ${args.concurrency}); ${args.users} users\n`);
  const embedded = await embeddedServer(join(dir, 'embedded.db'));
  try {
    const load = await Load.start(embedded.cluster, number('users'));
    await soak(load, embedded.cluster.apiUrl, () => ({ 'embedded server': embedded.pid }));
    load.close();
  } finally {
    await embedded.stop();
    const left = await leftoversOf([embedded.pid]);
    process.stdout.write(`\nleftovers of the embedded server after it stopped: ${left.containers} sandbox container(s), ${left.folders} session folder(s)\n`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`chaos: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
