/** Maps how a run ended to a verdict, before the output is checked. */
import type { RunResult } from '../sandbox/types.js';
import type { Verdict } from './verdict.js';

/** Runtimes that report running out of their own heap instead of being killed by the kernel. */
const OUT_OF_MEMORY_PATTERNS = [/java\.lang\.OutOfMemoryError/, /^MemoryError\b/m, /JavaScript heap out of memory/, /std::bad_alloc/];

/** The verdict of a run, or null when it exited normally and its output must be checked. */
export function runVerdict(run: RunResult): { verdict: Verdict; message?: string } | null {
  switch (run.status) {
    case 'cpu-time-limit':
      return { verdict: 'TLE', message: `CPU time limit exceeded (${run.cpuMs} ms)` };
    case 'wall-time-limit':
      return { verdict: 'TLE', message: `wall-clock time limit exceeded (${run.wallMs} ms; the program may be waiting or sleeping)` };
    case 'memory-limit':
      return { verdict: 'MLE', message: `memory limit exceeded (${Math.round(run.memoryKb / 1024)} MiB)` };
    case 'output-limit':
      return { verdict: 'OLE', message: `output limit exceeded (${run.stdoutBytes} bytes or more)` };
    case 'signaled':
      return { verdict: 'RE', message: withStderr(`killed by ${run.signal}`, run.stderr) };
    case 'exited':
      if (run.exitCode === 0) return null;
      if (OUT_OF_MEMORY_PATTERNS.some((pattern) => pattern.test(run.stderr))) {
        return { verdict: 'MLE', message: withStderr('the program ran out of memory', run.stderr) };
      }
      return { verdict: 'RE', message: withStderr(`exit code ${run.exitCode}`, run.stderr) };
  }
}

function withStderr(what: string, stderr: string): string {
  const tail = stderr.trim().split('\n').slice(-5).join('\n');
  return tail ? `${what}: ${tail.slice(0, 1000)}` : what;
}
