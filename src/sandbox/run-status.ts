/**
 * How a run ended, from what the runner measured: a pure function, so that every backend gives the
 * same status for the same facts. Limits the runner stopped the run at come first; then what the
 * figures show after the program ended by itself (a limit crossed between two watchdog looks).
 */
import { decodeWaitStatus, type RunnerReport } from './runner/frames.js';
import type { RunLimits, RunResult, RunStatus } from './types.js';

const SIGNAL_NAMES: Record<number, string> = {
  1: 'SIGHUP', 2: 'SIGINT', 3: 'SIGQUIT', 4: 'SIGILL', 5: 'SIGTRAP', 6: 'SIGABRT', 7: 'SIGBUS',
  8: 'SIGFPE', 9: 'SIGKILL', 10: 'SIGUSR1', 11: 'SIGSEGV', 12: 'SIGUSR2', 13: 'SIGPIPE',
  14: 'SIGALRM', 15: 'SIGTERM', 24: 'SIGXCPU', 25: 'SIGXFSZ', 31: 'SIGSYS',
};

export function signalName(signalNumber: number): string {
  return SIGNAL_NAMES[signalNumber] ?? `SIG${signalNumber}`;
}

/** What the runner's report says of a run: its figures and how it ended (RunResult documents each). */
export type ClassifiedRun = Pick<RunResult, 'status' | 'exitCode' | 'signal' | 'cpuMs' | 'wallMs' | 'memoryKb'>;

export function classifyRun(report: RunnerReport, limits: Pick<RunLimits, 'cpuTimeMs' | 'memoryMb' | 'outputKb'>): ClassifiedRun {
  const cpuMs = Math.round(report.cpuUs / 1000);
  const wallMs = Math.round(report.wallUs / 1000);
  const limitKb = limits.memoryMb * 1024;
  const measuredKb = Math.max(report.maxRssKb, report.anonPeakKb);
  const ended = report.waitStatus === null ? { exitCode: null, signalNumber: 9 } : decodeWaitStatus(report.waitStatus);
  const signal = ended.signalNumber === null ? null : signalName(ended.signalNumber);
  const outcome = (status: RunStatus, memoryKb = measuredKb): ClassifiedRun => ({ status, exitCode: ended.exitCode, signal, cpuMs, wallMs, memoryKb });

  switch (report.stopped) {
    case 'cpu':
      return outcome('cpu-time-limit');
    case 'wall':
      return outcome('wall-time-limit');
    case 'memory':
      return outcome('memory-limit', Math.max(measuredKb, limitKb + 1));
    case 'output':
      return outcome('output-limit');
    default:
      break;
  }
  if (report.stdoutBytes > limits.outputKb * 1024) return outcome('output-limit');
  if (cpuMs > limits.cpuTimeMs) return outcome('cpu-time-limit');
  if (report.oomKills > 0) return outcome('memory-limit', Math.max(measuredKb, limitKb + 1));
  if (measuredKb > limitKb) return outcome('memory-limit');
  return outcome(signal === null ? 'exited' : 'signaled');
}
