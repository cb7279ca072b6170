/**
 * The runner's wire format (native/runner.c documents it): 1 byte type, 4 bytes length
 * (little-endian), payload. Payloads are NUL-terminated strings, or `key=value` lines for reports.
 */
import { Writable } from 'node:stream';

export const FRAME_HEADER_BYTES = 5;

export function encodeFrame(type: string, payload: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(FRAME_HEADER_BYTES);
  header.write(type, 0, 1, 'latin1');
  header.writeUInt32LE(payload.length, 1);
  return Buffer.concat([header, payload]);
}

/** Strings, each NUL-terminated (no string may contain a NUL). */
export function nulFields(fields: readonly (string | number)[]): Buffer {
  return Buffer.from(fields.map((field) => `${field}\0`).join(''), 'utf8');
}

/** What one run asks of the runner; sizes in bytes, times in milliseconds. */
export interface RunnerRunSpec {
  /** Working folder inside the box. */
  cwd: string;
  /** Host file given to the program as its standard input; '' for none (/dev/null). */
  stdinPath: string;
  /** Host files the runner creates as the program's standard output and error. */
  stdoutPath: string;
  stderrPath: string;
  cpuTimeMs: number;
  wallTimeMs: number;
  /** More standard output than this stops the run (output limit). */
  outputBytes: number;
  /** RLIMIT_FSIZE: the largest file the program may write. */
  fileSizeBytes: number;
  /** RLIMIT_STACK. */
  stackBytes: number;
  /** RLIMIT_NOFILE. */
  openFiles: number;
  /** Empty the scratch folders (/box, /tmp) before the program starts. */
  wipeFirst: boolean;
  /** Start the program with SIGPIPE ignored. @defaultValue false */
  ignoreBrokenPipe?: boolean;
  env: Record<string, string>;
  argv: readonly string[];
}

/** The payload of a run frame, in the order native/runner.c parses it. */
export function runPayload(spec: RunnerRunSpec): Buffer {
  const env = Object.entries(spec.env).map(([key, value]) => `${key}=${value}`);
  return nulFields([
    spec.cwd,
    spec.stdinPath,
    spec.stdoutPath,
    spec.stderrPath,
    Math.max(1, Math.ceil(spec.cpuTimeMs)),
    Math.max(1, Math.ceil(spec.wallTimeMs)),
    spec.outputBytes,
    spec.fileSizeBytes,
    spec.stackBytes,
    spec.openFiles,
    `${spec.wipeFirst ? 'w' : ''}${spec.ignoreBrokenPipe ? 'p' : ''}`,
    ...env,
    '',
    ...spec.argv,
  ]);
}

/** Why the runner stopped a run; `none` when the program ended by itself. */
export type RunnerStop = 'none' | 'cpu' | 'wall' | 'memory' | 'output' | 'killed';

/** The runner's report of one run (native/runner.c, run_program). */
export interface RunnerReport {
  stopped: RunnerStop;
  /** The program's wait status; null when the runner stopped the run before it ended. */
  waitStatus: number | null;
  /** CPU time of every process of the run (the box cgroup's usage), in microseconds. */
  cpuUs: number;
  wallUs: number;
  /**
   * Largest resident set of any process of the run, in KiB: the kernel's ru_maxrss of every process
   * reaped; for a run the runner stopped, the largest VmHWM of its processes alive at that moment.
   */
  maxRssKb: number;
  /** Peak of the anonymous and tmpfs memory the run added to the box, sampled, in KiB. */
  anonPeakKb: number;
  /** Kills by the kernel's OOM killer during the run. */
  oomKills: number;
  /** Size of the standard output file at the end, in bytes. */
  stdoutBytes: number;
  /** When the program ended (its init reaped it) or the runner stopped the run: CLOCK_MONOTONIC, in microseconds. */
  endedUs: number;
  /** When a pipe on standard input lost its last writer (the program writing to it ended), CLOCK_MONOTONIC µs; 0 when it did not during the run. */
  inputClosedUs: number;
}

const STOPS: readonly RunnerStop[] = ['none', 'cpu', 'wall', 'memory', 'output', 'killed'];

/** Parses a run report; throws on a malformed one (a runner of another version). */
export function parseRunReport(payload: Buffer): RunnerReport {
  const values = parseKeyValues(payload);
  const number = (key: string) => {
    const value = Number(values.get(key));
    if (!Number.isFinite(value)) throw new Error(`malformed runner report: no ${key} in ${JSON.stringify(payload.toString('utf8'))}`);
    return value;
  };
  const stopped = values.get('stopped') as RunnerStop;
  if (!STOPS.includes(stopped)) throw new Error(`malformed runner report: stopped=${String(stopped)}`);
  return {
    stopped,
    waitStatus: number('has_status') ? number('status') : null,
    cpuUs: number('cpu_us'),
    wallUs: number('wall_us'),
    maxRssKb: number('max_rss_kb'),
    anonPeakKb: number('anon_peak_kb'),
    oomKills: number('oom_kills'),
    stdoutBytes: number('stdout_bytes'),
    endedUs: number('ended_us'),
    inputClosedUs: number('input_closed_us'),
  };
}

export function parseKeyValues(payload: Buffer): Map<string, string> {
  const values = new Map<string, string>();
  for (const line of payload.toString('utf8').split('\n')) {
    const separator = line.indexOf('=');
    if (separator > 0) values.set(line.slice(0, separator), line.slice(separator + 1));
  }
  return values;
}

/** Splits a byte stream into frames, however the bytes were chunked on the way. */
export class FrameParser extends Writable {
  private buffered: Buffer = Buffer.alloc(0);

  constructor(private readonly onFrame: (type: string, payload: Buffer) => void) {
    super();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    while (this.buffered.length >= FRAME_HEADER_BYTES) {
      const length = this.buffered.readUInt32LE(1);
      if (this.buffered.length < FRAME_HEADER_BYTES + length) break;
      const type = String.fromCharCode(this.buffered[0]);
      const payload = this.buffered.subarray(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES + length);
      this.buffered = this.buffered.subarray(FRAME_HEADER_BYTES + length);
      this.onFrame(type, payload);
    }
    done();
  }
}

/** How a process ended, from a wait status as waitpid(2) reports it. */
export function decodeWaitStatus(status: number): { exitCode: number | null; signalNumber: number | null } {
  const signal = status & 0x7f;
  if (signal === 0) return { exitCode: (status >> 8) & 0xff, signalNumber: null };
  return { exitCode: null, signalNumber: signal };
}
