/**
 * Interactive problems: the submission and the interactor talk while both run, each in a sandbox
 * of its own, through two named pipes (the ICPC interactive format; Kattis problemtools, DOMjudge
 * and DMOJ judge them the same way). The submission's time and memory are its own; the interactor
 * has generous limits of its own.
 *
 * Who ended first decides (after problemtools): a submission over its time limit is TLE (a deadlock
 * too: both wait until the submission's wall limit); an interactor that failed is IE; an interactor
 * that rejected before the submission ended is WA (the submission may then die of a broken pipe);
 * else a submission that crashed gets its own verdict (RE, MLE); else the interactor's verdict.
 */
import { execFile } from 'node:child_process';
import { closeSync, constants, openSync } from 'node:fs';
import { Socket } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { markEndOpened, openPipeForWriting, waitForWriter } from '../sandbox/pipes.js';
import type { RunLimits, RunResult } from '../sandbox/types.js';
import type { InteractorRun } from './check/custom.js';
import { runVerdict } from './run-verdict.js';
import type { Verdict } from './verdict.js';

/** The two named pipes of one interaction, made in `folder`. */
export async function makePipes(folder: string, name: string): Promise<{ toSubmission: string; fromSubmission: string }> {
  const pipes = { toSubmission: join(folder, `${name}-to-submission`), fromSubmission: join(folder, `${name}-from-submission`) };
  await promisify(execFile)('mkfifo', ['-m', '600', pipes.toSubmission, pipes.fromSubmission]);
  return pipes;
}

/** What was said in an interaction: `>` the program to the interactor, `<` the interactor to the program. */
export interface Exchange {
  from: 'program' | 'interactor';
  text: string;
}

/** How long a relay waits for the runs at either end to open their ends of the pipes. */
const RELAY_WAIT_MS = 60_000;

/** The most of an interaction a transcript keeps, in bytes. */
const TRANSCRIPT_BYTES = 64 * 1024;

/**
 * An interaction with the judge in the middle, for debugging (`sonocode run` on an interactive
 * sample): four pipes instead of two, relayed by this process, which keeps a transcript of what
 * each side said (at most 64 KiB). Slower than two direct pipes, so never used for judging.
 */
export class RecordedInteraction {
  private readonly said: Exchange[] = [];
  private kept = 0;
  private cut = false;
  private readonly finished: Promise<void>;

  private constructor(
    /** The program's ends. */
    readonly program: { toSubmission: string; fromSubmission: string },
    /** The interactor's ends. */
    readonly interactor: { toSubmission: string; fromSubmission: string },
  ) {
    this.finished = Promise.all([this.relay(program.fromSubmission, interactor.fromSubmission, 'program'), this.relay(interactor.toSubmission, program.toSubmission, 'interactor')]).then(() => {});
  }

  /** Makes the four pipes in `folder` and starts relaying between them. */
  static async open(folder: string, name: string): Promise<RecordedInteraction> {
    const [program, interactor] = await Promise.all([makePipes(folder, `${name}-program`), makePipes(folder, `${name}-interactor`)]);
    return new RecordedInteraction(program, interactor);
  }

  /** Everything said, in order (once both sides have ended). */
  async transcript(): Promise<{ exchanges: Exchange[]; cut: boolean }> {
    await this.finished;
    return { exchanges: this.said, cut: this.cut };
  }

  /** Copies what one side writes (`from`) to the other side's reading end (`to`), noting it. */
  private async relay(from: string, to: string, who: Exchange['from']): Promise<void> {
    // The reading end opens at once; the writing end once the other side's run opened its own (or
    // at once when that run came and went: what is written then is dropped); then the reading end
    // waits for its writer, since it would read end-of-file before (src/sandbox/pipes.ts).
    const sourceFd = openSync(from, constants.O_RDONLY | constants.O_NONBLOCK);
    markEndOpened(from, 'reader');
    let fd: number | null;
    try {
      for (let waited = 0; (fd = openPipeForWriting(to)) === null; waited++) {
        if (waited > RELAY_WAIT_MS) throw new Error(`nobody opened ${to}`);
        await sleep(1);
      }
    } catch {
      closeSync(sourceFd);
      return;
    }
    const sink = new Socket({ fd, readable: false, writable: true });
    sink.on('error', () => {}); // the other side is gone: what is left is dropped, as a pipe would
    await waitForWriter(from, RELAY_WAIT_MS);
    const source = new Socket({ fd: sourceFd, readable: true, writable: false });
    await new Promise<void>((resolve) => {
      source.on('data', (chunk: Buffer) => {
        this.note(who, chunk);
        sink.write(chunk);
      });
      source.on('error', () => resolve());
      source.on('close', () => {
        sink.end();
        resolve();
      });
    });
  }

  private note(from: Exchange['from'], chunk: Buffer): void {
    if (this.kept >= TRANSCRIPT_BYTES) {
      this.cut = true;
      return;
    }
    const text = chunk.subarray(0, TRANSCRIPT_BYTES - this.kept).toString('utf8');
    this.kept += chunk.length;
    if (chunk.length > text.length) this.cut = true;
    const last = this.said.at(-1);
    if (last && last.from === from) last.text += text;
    else this.said.push({ from, text });
  }
}

/** A transcript as lines: `> 500000` the program's, `< higher` the interactor's. */
export function formatTranscript(transcript: { exchanges: Exchange[]; cut: boolean }): string {
  const lines: string[] = [];
  for (const exchange of transcript.exchanges) {
    const mark = exchange.from === 'program' ? '>' : '<';
    for (const line of exchange.text.replace(/\n$/, '').split('\n')) lines.push(`${mark} ${line}`);
  }
  if (transcript.cut) lines.push('… (the rest is not shown)');
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

/**
 * The interactor's own limits: generous CPU time (it may work harder than the submission), and a
 * wall limit past the submission's, so that the submission's limits decide a deadlock.
 */
export function interactorLimits(submission: Pick<RunLimits, 'cpuTimeMs' | 'wallTimeMs'>): Pick<RunLimits, 'cpuTimeMs' | 'wallTimeMs'> {
  return { cpuTimeMs: Math.max(10_000, submission.cpuTimeMs * 2), wallTimeMs: submission.wallTimeMs + 5_000 };
}

/**
 * The verdict of one interactive test, from how both runs ended (pure). The order is problemtools'
 * (judge/execute.py, `_run_interactive`): an interactor that failed (IE), or that rejected (WA)
 * before the submission ended, decides — whatever the submission did afterwards, a time limit
 * included; then the submission's own end (TLE, then RE, MLE, OLE); then the interactor's verdict.
 */
export function interactiveVerdict(
  submission: RunResult,
  interactor: InteractorRun,
  mapPlaces?: (text: string) => string,
): { verdict: Verdict; message?: string } {
  const interactorSays = { verdict: interactor.verdict, ...(interactor.message ? { message: interactor.message } : {}) };
  if (interactor.verdict === 'IE') return interactorSays;
  // Who ended first, on the host's monotonic clock. The submission ended when its run says (its init
  // reaped it, or the sandbox stopped it) or, if earlier, when its output — the interactor's input —
  // lost its writer: a box's CPU quota can hold a program's exit back by milliseconds after its pipes
  // closed, and an interactor that ends on that end-of-file ends because the submission did. A
  // submission killed by SIGPIPE wrote to a pipe nobody read any more: the interactor stopped first.
  const submissionEndedAtUs = Math.min(submission.endedAtUs, interactor.inputClosedAtUs ?? Number.POSITIVE_INFINITY);
  const interactorFirst = interactor.endedAtUs < submissionEndedAtUs || submission.signal === 'SIGPIPE';
  if (interactor.verdict === 'WA' && interactorFirst) return interactorSays;
  return runVerdict(submission, mapPlaces ? { mapPlaces } : {}) ?? interactorSays;
}
