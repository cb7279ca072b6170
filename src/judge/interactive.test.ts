import { describe, expect, it } from 'vitest';
import type { RunResult } from '../sandbox/types.js';
import type { InteractorRun } from './check/custom.js';
import { interactiveVerdict } from './interactive.js';

const submission = (change: Partial<RunResult>): RunResult => ({
  status: 'exited',
  exitCode: 0,
  signal: null,
  cpuMs: 5,
  wallMs: 6,
  memoryKb: 100,
  stdout: Buffer.alloc(0),
  stdoutBytes: 0,
  endedAtUs: 1_000_000,
  stderr: '',
  ...change,
});
/** An interactor that rejected at `endedAtUs`; `inputClosedAtUs`: when the submission's output lost its writer, if it did while the interactor ran. */
const rejected = (endedAtUs: number, inputClosedAtUs?: number): InteractorRun => ({
  verdict: 'WA',
  message: 'too many guesses',
  endedAtUs,
  ...(inputClosedAtUs !== undefined ? { inputClosedAtUs } : {}),
});

describe('interactiveVerdict: who ended first decides', () => {
  it('an interactor that rejected before the submission crashed gives WA (the crash followed the rejection)', () => {
    // Python ignores SIGPIPE: writing to a gone interactor raises BrokenPipeError, exit 1, a moment after
    expect(interactiveVerdict(submission({ exitCode: 1, endedAtUs: 1_000_300 }), rejected(1_000_000))).toEqual({ verdict: 'WA', message: 'too many guesses' });
  });

  it('a submission that crashed before the interactor rejected gets its own verdict', () => {
    expect(interactiveVerdict(submission({ exitCode: 1, endedAtUs: 1_000_000 }), rejected(1_000_300, 1_000_000)).verdict).toBe('RE');
  });

  it('an interactor that ended on the end-of-file of a crashed submission follows it, though the crash is reported later (a CPU quota held its exit back)', () => {
    // the submission's output closed at 1_000_000; the interactor read the end-of-file and ended at 1_000_050;
    // the submission's exit, held back, was reported at 1_000_600
    expect(interactiveVerdict(submission({ exitCode: 3, endedAtUs: 1_000_600 }), rejected(1_000_050, 1_000_000)).verdict).toBe('RE');
  });

  it('a submission killed by SIGPIPE wrote to an interactor that had stopped reading: the interactor decides', () => {
    expect(interactiveVerdict(submission({ status: 'signaled', exitCode: null, signal: 'SIGPIPE', endedAtUs: 1_000_000 }), rejected(1_000_300, 1_000_000)).verdict).toBe('WA');
  });

  it('an interactor that rejected first decides over a later time limit, as in problemtools (guess_tle: -1, then a loop)', () => {
    const spun = submission({ status: 'cpu-time-limit', exitCode: null, signal: 'SIGKILL', endedAtUs: 2_000_000 });
    expect(interactiveVerdict(spun, rejected(1_000_000))).toEqual({ verdict: 'WA', message: 'too many guesses' });
  });

  it('a time limit before the interactor rejected is TLE (a deadlock: the interactor gives up once the submission is gone)', () => {
    expect(interactiveVerdict(submission({ status: 'wall-time-limit', exitCode: null, endedAtUs: 1_000_000 }), rejected(1_000_300, 1_000_100)).verdict).toBe('TLE');
  });

  it('an interactor that failed is IE whatever the submission did, a time limit included', () => {
    const failed: InteractorRun = { verdict: 'IE', message: 'interactor crashed', endedAtUs: 0 };
    expect(interactiveVerdict(submission({}), failed).verdict).toBe('IE');
    expect(interactiveVerdict(submission({ status: 'cpu-time-limit', exitCode: null, endedAtUs: 2_000_000 }), failed).verdict).toBe('IE');
  });
});
