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
import { join } from 'node:path';
import { promisify } from 'node:util';
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

/**
 * The interactor's own limits: generous CPU time (it may work harder than the submission), and a
 * wall limit past the submission's, so that the submission's limits decide a deadlock.
 */
export function interactorLimits(submission: Pick<RunLimits, 'cpuTimeMs' | 'wallTimeMs'>): Pick<RunLimits, 'cpuTimeMs' | 'wallTimeMs'> {
  return { cpuTimeMs: Math.max(10_000, submission.cpuTimeMs * 2), wallTimeMs: submission.wallTimeMs + 5_000 };
}

/** The verdict of one interactive test, from how both runs ended (pure). */
export function interactiveVerdict(
  submission: RunResult,
  interactor: InteractorRun,
  mapPlaces?: (text: string) => string,
): { verdict: Verdict; message?: string } {
  const ownVerdict = runVerdict(submission, mapPlaces ? { mapPlaces } : {});
  if (submission.status === 'cpu-time-limit' || submission.status === 'wall-time-limit') return ownVerdict!;
  if (interactor.verdict === 'IE') return { verdict: 'IE', ...(interactor.message ? { message: interactor.message } : {}) };
  const rejectedFirst = interactor.verdict === 'WA' && interactor.endedMs <= interactor.submissionEndedMs;
  if (rejectedFirst) return { verdict: 'WA', ...(interactor.message ? { message: interactor.message } : {}) };
  if (ownVerdict) return ownVerdict;
  return { verdict: interactor.verdict, ...(interactor.message ? { message: interactor.message } : {}) };
}
