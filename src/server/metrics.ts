/**
 * Prometheus metrics of the api role (prom-client, a registry per app): queue depth (read at
 * scrape time), finished submissions by verdict, and the judge duration the workers report with
 * each result — so one scrape of the api shows the whole pipeline.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Queues } from './queue/types.js';

export class ServerMetrics {
  readonly registry = new Registry();
  readonly received: Counter<'language'>;
  readonly finished: Counter<'verdict'>;
  readonly judgeDuration: Histogram<'verdict'>;

  constructor(queues?: Queues, options: { defaultMetrics?: boolean } = {}) {
    this.received = new Counter({
      name: 'sonocode_submissions_received_total',
      help: 'Submissions accepted by the api (202)',
      labelNames: ['language'],
      registers: [this.registry],
    });
    this.finished = new Counter({
      name: 'sonocode_submissions_total',
      help: 'Submissions that reached their final verdict, by verdict',
      labelNames: ['verdict'],
      registers: [this.registry],
    });
    this.judgeDuration = new Histogram({
      name: 'sonocode_judge_duration_seconds',
      help: 'Wall time a worker spent judging a submission (sandbox, compile, tests)',
      labelNames: ['verdict'],
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 120],
      registers: [this.registry],
    });
    if (queues) {
      new Gauge({
        name: 'sonocode_queue_depth',
        help: 'Jobs in a queue, by queue and state',
        labelNames: ['queue', 'state'],
        registers: [this.registry],
        async collect() {
          for (const queue of [queues.submissions, queues.evaluations, queues.runs]) {
            try {
              const counts = await queue.counts();
              for (const [state, count] of Object.entries(counts)) this.set({ queue: queue.name, state }, count);
            } catch {
              // Redis away: the gauge keeps its last values
            }
          }
        },
      });
    }
    if (options.defaultMetrics) collectDefaultMetrics({ register: this.registry, prefix: 'sonocode_' });
  }

  async render(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
