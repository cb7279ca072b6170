/**
 * Load on a {@link Cluster} as its users make it: users with a WebSocket each (spread over the
 * socket instances, reconnecting to any live one when theirs goes away and subscribing again to
 * what they still wait for, as docs/api.md tells clients to), submitting programs whose verdict is
 * known. What it measures is what the probes measured: submissions acknowledged (202),
 * final in the store, with a wrong verdict, judged or announced more than once, and how each user
 * heard each final verdict — live (`finished`), re-sent by the server (a `snapshot` it was not
 * asked for) or only when it subscribed again.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import type { ServerFrame, StatusMessage } from '../../src/protocol/index.js';
import { waitFor } from '../integration/server/helpers.js';
import { CLUSTER_ADMIN_TOKEN, judgedCounts, type Cluster } from './cluster.js';

/** Two tests, one hidden: programs take a fraction of a second to judge. */
export const TINY_PROBLEM = {
  title: 'Tiny sum',
  slug: 'tiny',
  limits: { timeLimitMs: 2000, memoryLimitMb: 128 },
  testCases: [
    { input: '1 2\n', output: '3\n', sample: true },
    // data no id, time or figure of a result could contain by chance: tests look for it to prove it hidden
    { input: '7012345 7054321\n', output: '14066666\n' },
  ],
};

export interface Program {
  language: string;
  code: string;
  verdict: string;
}

export const PROGRAMS: readonly Program[] = [
  { language: 'python', code: 'a, b = map(int, input().split())\nprint(a + b)\n', verdict: 'AC' },
  { language: 'python', code: 'a, b = map(int, input().split())\nprint(a * b)\n', verdict: 'WA' },
  { language: 'c', code: '#include <stdio.h>\nint main(){int a,b;scanf("%d %d",&a,&b);printf("%d\\n",a+b);return 0;}\n', verdict: 'AC' },
  { language: 'python', code: 'a, b = map(int, input().split())\nprint(a + b if a < 10 else 0)\n', verdict: 'WA' },
  { language: 'c', code: '#include <stdio.h>\nint main(){int a,b;scanf("%d %d",&a,&b);printf("%d\\n",a-b);return 0;}\n', verdict: 'WA' },
];

export interface Tracked {
  id: string;
  user: LoadUser;
  expected: string;
}

/** How one scenario went, in the terms. */
export interface Figures {
  /** Submissions answered 202. */
  acknowledged: number;
  /** …that are done in the store. */
  final: number;
  /** …whose stored verdict is not the program's. */
  wrong: number;
  /** …judged to the end more than once (worker logs), or announced `finished` more than once to their user. */
  duplicates: number;
  /** …whose final verdict their user heard live (`finished`). */
  live: number;
  /** …heard from a `snapshot` the server sent by itself (after its bus came back). */
  resent: number;
  /** …heard only after subscribing again. */
  resubscribed: number;
  /** …never heard by their user, not even after subscribing again. */
  unheard: number;
  /** From the recovery (the restarted role or Redis answering) to the last one final, in ms. */
  allFinalAfterRecoveryMs: number;
}

/** A user with one WebSocket that comes back by itself. */
export class LoadUser {
  /** `finished` messages received, by submission. */
  readonly finishedLive = new Map<string, number>();
  /** Submissions a `snapshot` said were done, and whether the user had asked (subscribed). */
  readonly doneBySnapshot = new Map<string, 'asked' | 'sent'>();
  /** Submissions the user waits for: subscribed again after every reconnection. */
  readonly waiting = new Set<string>();
  private readonly asked = new Set<string>();
  private ws: WebSocket | null = null;
  private stopped = false;
  private ready: Promise<void> = Promise.resolve();
  /** The status messages received, in order. */
  readonly statuses: StatusMessage[] = [];

  constructor(
    readonly id: string,
    readonly name: string,
    readonly token: string,
    private readonly urls: () => string[],
    private preferred: number,
  ) {}

  /** Connects to a live socket instance (its preferred one first) and resolves once `ready`. */
  connect(): Promise<void> {
    this.ready = this.open();
    return this.ready;
  }

  /** Resolves once connected and ready (after a reconnection too). */
  whenReady(): Promise<void> {
    return this.ready;
  }

  heardFinal(id: string): boolean {
    return this.finishedLive.has(id) || this.doneBySnapshot.has(id);
  }

  subscribe(id: string): void {
    this.asked.add(id);
    this.ws?.send(JSON.stringify({ type: 'subscribe', submissionId: id }));
  }

  close(): void {
    this.stopped = true;
    this.ws?.close();
  }

  private async open(): Promise<void> {
    for (let attempt = 0; !this.stopped; attempt++) {
      const urls = this.urls();
      const url = urls[(this.preferred + attempt) % Math.max(1, urls.length)];
      if (url && (await this.tryOpen(url))) return;
      await sleep(Math.min(100 * (attempt + 1), 1000));
    }
  }

  private tryOpen(url: string): Promise<boolean> {
    return new Promise((resolve) => {
      const ws = new WebSocket(`${url}?token=${encodeURIComponent(this.token)}`);
      let isReady = false;
      ws.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as ServerFrame;
        if (frame.type === 'ready') {
          isReady = true;
          this.ws = ws;
          // as a client that comes back does: ask for the state of what it still waits for
          for (const id of this.waiting) this.subscribe(id);
          resolve(true);
        } else if (frame.type === 'status') {
          this.onStatus(frame);
        }
      });
      ws.on('error', () => {});
      ws.on('close', () => {
        if (!isReady) return resolve(false);
        if (this.ws === ws) this.ws = null;
        if (!this.stopped) this.ready = this.open();
      });
    });
  }

  private onStatus(message: StatusMessage): void {
    this.statuses.push(message);
    const id = message.submissionId;
    if (message.event === 'finished') this.finishedLive.set(id, (this.finishedLive.get(id) ?? 0) + 1);
    else if (message.event === 'snapshot' && message.status === 'done' && !this.doneBySnapshot.has(id)) {
      this.doneBySnapshot.set(id, this.asked.has(id) ? 'asked' : 'sent');
    }
    if (message.status === 'done') this.waiting.delete(id);
  }
}

export class Load {
  readonly tracked = new Map<string, Tracked>();
  /** When {@link allFinal} first saw each submission done (ms since the epoch, to its poll's precision). */
  readonly finalSeenAt = new Map<string, number>();
  /** POSTs that got no 202 (the api was down, say): not acknowledged, so not owed a verdict. */
  refused = 0;
  private sent = 0;

  private constructor(
    private readonly cluster: Cluster,
    readonly users: LoadUser[],
  ) {}

  /** Imports the problem, creates the users and connects each to a socket instance (round robin). */
  static async start(cluster: Cluster, userCount: number): Promise<Load> {
    await adminRequest(cluster, 'POST', '/api/v1/problems', TINY_PROBLEM);
    const users: LoadUser[] = [];
    for (let i = 0; i < userCount; i++) {
      const created = (await adminRequest(cluster, 'POST', '/api/v1/users', { name: `user-${i}` })) as { id: string; name: string; token: string };
      users.push(new LoadUser(created.id, created.name, created.token, () => cluster.liveSocketUrls(), i));
    }
    await Promise.all(users.map((user) => user.connect()));
    return new Load(cluster, users);
  }

  /** `count` submissions at once, spread over the users and programs; resolves with those acknowledged. */
  async submit(count: number, users: readonly LoadUser[] = this.users): Promise<Tracked[]> {
    const made = await Promise.all(
      Array.from({ length: count }, async () => {
        const n = this.sent++;
        const user = users[n % users.length];
        const program = PROGRAMS[n % PROGRAMS.length];
        return this.submitOne(user, program);
      }),
    );
    return made.filter((item): item is Tracked => item !== null);
  }

  /** `count` submissions at `ratePerSec` (all at once without a rate); resolves with those acknowledged once all are answered. */
  async stream(count: number, ratePerSec?: number): Promise<Tracked[]> {
    if (!ratePerSec) return this.submit(count);
    const answers: Promise<Tracked[]>[] = [];
    const started = Date.now();
    for (let i = 0; i < count; i++) {
      await sleep(Math.max(0, started + (i * 1000) / ratePerSec - Date.now()));
      answers.push(this.submit(1));
    }
    return (await Promise.all(answers)).flat();
  }

  /** One submission; null when it was not acknowledged. */
  async submitOne(user: LoadUser, program: Program): Promise<Tracked | null> {
    try {
      const response = await fetch(`${this.cluster.apiUrl}/api/v1/submissions`, {
        method: 'POST',
        headers: { authorization: `Bearer ${user.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ problemId: TINY_PROBLEM.slug, language: program.language, code: program.code }),
      });
      if (response.status !== 202) {
        this.refused++;
        return null;
      }
      const { id } = (await response.json()) as { id: string };
      const tracked = { id, user, expected: program.verdict };
      this.tracked.set(id, tracked);
      if (!user.heardFinal(id)) user.waiting.add(id);
      return tracked;
    } catch {
      this.refused++;
      return null;
    }
  }

  /** The stored status and verdict of every submission (admin listing, all pages); retried while the api is away. */
  async stored(): Promise<Map<string, { status: string; verdict?: string }>> {
    const out = new Map<string, { status: string; verdict?: string }>();
    for (let offset = 0; ; offset += 500) {
      const page = (await adminRequest(this.cluster, 'GET', `/api/v1/submissions?limit=500&offset=${offset}`)) as { id: string; status: string; verdict?: string }[];
      for (const item of page) out.set(item.id, { status: item.status, ...(item.verdict ? { verdict: item.verdict } : {}) });
      if (page.length < 500) return out;
    }
  }

  /** Waits until every one of `items` is done in the store; resolves with the time that took from `since` (ms). */
  async allFinal(items: readonly Tracked[], since: number, timeoutMs: number): Promise<number> {
    await waitFor(
      async () => {
        const stored = await this.stored();
        const now = Date.now();
        for (const item of items) if (stored.get(item.id)?.status === 'done' && !this.finalSeenAt.has(item.id)) this.finalSeenAt.set(item.id, now);
        return items.every((item) => stored.get(item.id)?.status === 'done');
      },
      `${items.length} acknowledged submissions to be final in the store`,
      timeoutMs,
      250,
    );
    return Date.now() - since;
  }

  /**
   * Waits (up to `graceMs`) for each user to hear the final verdict of their submissions live or
   * re-sent; then subscribes for those still unheard, as a client coming back would, and waits for
   * the answers.
   */
  async hearEveryFinal(items: readonly Tracked[], graceMs: number): Promise<void> {
    const unheard = () => items.filter((item) => !item.user.heardFinal(item.id));
    await waitFor(() => unheard().length === 0, 'every user to hear every final verdict', graceMs, 100).catch(() => {});
    const missing = unheard();
    await Promise.all([...new Set(missing.map((item) => item.user))].map((user) => user.whenReady()));
    for (const item of missing) item.user.subscribe(item.id);
    await waitFor(() => unheard().length === 0, 'a snapshot of every submission subscribed to again', 10_000, 100).catch(() => {});
  }

  /** The figures of a scenario over `items`, once {@link allFinal} and {@link hearEveryFinal} are done. */
  async figures(items: readonly Tracked[], allFinalAfterRecoveryMs: number): Promise<Figures> {
    const stored = await this.stored();
    const judged = judgedCounts(this.cluster.started);
    const count = (predicate: (item: Tracked) => boolean) => items.filter(predicate).length;
    return {
      acknowledged: items.length,
      final: count((item) => stored.get(item.id)?.status === 'done'),
      wrong: count((item) => stored.get(item.id)?.status === 'done' && stored.get(item.id)?.verdict !== item.expected),
      duplicates: count((item) => (judged.get(item.id) ?? 0) > 1 || (item.user.finishedLive.get(item.id) ?? 0) > 1),
      live: count((item) => item.user.finishedLive.has(item.id)),
      resent: count((item) => !item.user.finishedLive.has(item.id) && item.user.doneBySnapshot.get(item.id) === 'sent'),
      resubscribed: count((item) => !item.user.finishedLive.has(item.id) && item.user.doneBySnapshot.get(item.id) === 'asked'),
      unheard: count((item) => !item.user.heardFinal(item.id)),
      allFinalAfterRecoveryMs,
    };
  }

  close(): void {
    for (const user of this.users) user.close();
  }
}

/** A request with the admin token; retried while the api does not answer or answers 5xx (it may be restarting). */
export async function adminRequest(cluster: Cluster, method: string, path: string, body?: unknown): Promise<unknown> {
  const response = await waitFor(
    async () => {
      const answer = await fetch(`${cluster.apiUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${CLUSTER_ADMIN_TOKEN}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      }).catch(() => null);
      return answer && answer.status < 500 ? answer : null;
    },
    `${method} ${path} to be answered`,
    60_000,
    250,
  );
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}
