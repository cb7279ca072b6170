/** Maps how a run ended to a verdict, before the output is checked. */
import type { RunResult } from '../sandbox/types.js';
import type { Verdict } from './verdict.js';

/** Runtimes that report running out of their own heap instead of being killed by the kernel. */
const OUT_OF_MEMORY_PATTERNS = [/java\.lang\.OutOfMemoryError/, /^MemoryError\b/m, /JavaScript heap out of memory/, /std::bad_alloc/];

/** Lines of standard error kept in a message: the first ones (the error's name) and the last ones (where it happened). */
const HEAD_LINES = 5;
const TAIL_LINES = 5;
const MESSAGE_CHARS = 1200;

export interface RunVerdictOptions {
  /** Rewrites places in the program's messages to the user's file (see mapProgramPlaces). */
  mapPlaces?: (text: string) => string;
}

/** The verdict of a run, or null when it exited normally and its output must be checked. */
export function runVerdict(run: RunResult, options: RunVerdictOptions = {}): { verdict: Verdict; message?: string } | null {
  const withStderr = (what: string, stderr: string) => describe(what, options.mapPlaces ? options.mapPlaces(stderr) : stderr);
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

/**
 * `what` and the program's standard error: its head (a JavaScript `TypeError`, a Java exception's
 * first line) and its tail (a Python traceback's last frame), with what was cut between them said.
 */
export function describe(what: string, stderr: string): string {
  // Blank lines carry nothing (Node puts one between the code it quotes and the error).
  const lines = stderr.split('\n').filter((line) => line.trim() !== '');
  if (lines.length === 0) return what;
  let kept: string[];
  if (lines.length <= HEAD_LINES + TAIL_LINES) kept = lines;
  else kept = [...lines.slice(0, HEAD_LINES), `… (${lines.length - HEAD_LINES - TAIL_LINES} lines) …`, ...lines.slice(-TAIL_LINES)];
  let text = kept.join('\n');
  if (text.length > MESSAGE_CHARS) text = `${text.slice(0, MESSAGE_CHARS / 2)}…${text.slice(-MESSAGE_CHARS / 2)}`;
  return `${what}: ${text}`;
}

/** A line that names an error: `ZeroDivisionError: …`, `TypeError: …`, `Exception in thread "main" java.lang.…`. */
const ERROR_LINE = /^(?:[A-Za-z_$][\w.$]*(?:Error|Exception)\b|Exception in thread )/;
const SUMMARY_CHARS = 200;

/**
 * The one line of a verdict's message that says the most, for a report of one line per submission
 * (verify, `problems validate`, JUnit, `run`): what ended the run (`exit code 1`, `killed by SIGSEGV`)
 * and the error's own line — a Python traceback's last (`ZeroDivisionError: …`), a JavaScript or Java
 * error's first — or else the message's first line (a checker's `line 1, token 1: expected …`). Cut
 * at 200 characters.
 */
export function messageSummary(message: string): string {
  const lines = message.split('\n');
  const ended = /^(?:exit code -?\d+|killed by \w+|the program ran out of memory): /.exec(lines[0] ?? '')?.[0] ?? '';
  const body = [(lines[0] ?? '').slice(ended.length), ...lines.slice(1)];
  const errors = body.filter((line) => ERROR_LINE.test(line));
  const python = body[0]?.startsWith('Traceback (most recent call last)') ?? false;
  const chosen = (python ? errors.at(-1) : errors[0]) ?? body.find((line) => line.trim() !== '') ?? '';
  const line = `${ended}${chosen}`;
  return line.length > SUMMARY_CHARS ? `${line.slice(0, SUMMARY_CHARS - 1)}…` : line;
}
