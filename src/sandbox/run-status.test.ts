import { describe, expect, it } from 'vitest';
import { classifyRun } from './run-status.js';
import type { RunnerReport } from './runner/frames.js';

const limits = { cpuTimeMs: 1000, memoryMb: 64, outputKb: 16 };
const exitedWith = (code: number) => code << 8;
const report = (fields: Partial<RunnerReport>): RunnerReport => ({
  stopped: 'none',
  waitStatus: exitedWith(0),
  cpuUs: 12_400,
  wallUs: 15_600,
  maxRssKb: 3300,
  anonPeakKb: 400,
  oomKills: 0,
  stdoutBytes: 10,
  endedUs: 0,
  inputClosedUs: 0,
  ...fields,
});

describe('classifyRun', () => {
  it('reports a clean exit with its figures in milliseconds and the larger memory figure', () => {
    expect(classifyRun(report({}), limits)).toEqual({ status: 'exited', exitCode: 0, signal: null, cpuMs: 12, wallMs: 16, memoryKb: 3300 });
    expect(classifyRun(report({ waitStatus: exitedWith(3) }), limits)).toMatchObject({ status: 'exited', exitCode: 3 });
  });

  it('counts processes together when their anonymous memory is more than any one resident set', () => {
    expect(classifyRun(report({ maxRssKb: 30_000, anonPeakKb: 52_000 }), limits).memoryKb).toBe(52_000);
  });

  it('names the signal of a program killed by one', () => {
    expect(classifyRun(report({ waitStatus: 11 }), limits)).toMatchObject({ status: 'signaled', signal: 'SIGSEGV', exitCode: null });
    expect(classifyRun(report({ waitStatus: 6 | 0x80 }), limits)).toMatchObject({ status: 'signaled', signal: 'SIGABRT' });
  });

  it('takes the limit the runner stopped the run at first, whatever the program did after', () => {
    expect(classifyRun(report({ stopped: 'cpu', waitStatus: null }), limits)).toMatchObject({ status: 'cpu-time-limit', signal: 'SIGKILL' });
    expect(classifyRun(report({ stopped: 'wall', waitStatus: null }), limits).status).toBe('wall-time-limit');
    expect(classifyRun(report({ stopped: 'output', waitStatus: null }), limits).status).toBe('output-limit');
  });

  it('reports a run stopped at the memory limit with at least the limit as its memory', () => {
    const stopped = classifyRun(report({ stopped: 'memory', waitStatus: null, maxRssKb: 0, anonPeakKb: 10_000 }), limits);
    expect(stopped.status).toBe('memory-limit');
    expect(stopped.memoryKb).toBeGreaterThan(64 * 1024);
    const killed = classifyRun(report({ waitStatus: 9, oomKills: 1 }), limits);
    expect(killed.status).toBe('memory-limit');
    expect(killed.memoryKb).toBeGreaterThan(64 * 1024);
  });

  it('decides MLE on the same figure it reports: a peak over the limit is MLE even after a clean exit', () => {
    expect(classifyRun(report({ maxRssKb: 64 * 1024 + 1 }), limits).status).toBe('memory-limit');
    expect(classifyRun(report({ maxRssKb: 64 * 1024 }), limits).status).toBe('exited');
  });

  it('catches limits crossed between two looks of the watchdog', () => {
    expect(classifyRun(report({ cpuUs: 1_000_600 }), limits).status).toBe('cpu-time-limit');
    expect(classifyRun(report({ stdoutBytes: 16 * 1024 + 1 }), limits).status).toBe('output-limit');
  });

  it('gives a self-inflicted SIGXCPU as the signal it is, under the CPU time limit', () => {
    expect(classifyRun(report({ waitStatus: 24 }), limits)).toMatchObject({ status: 'signaled', signal: 'SIGXCPU' });
  });
});
