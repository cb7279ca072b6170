/**
 * Test doubles of the judge, for tests of the flow and its drivers (no Docker needed): a problem built
 * in code, and a sandbox that runs nothing.
 *
 * The fake sandbox answers each run with a function of the test's choosing, from what the run asks
 * and what the session holds. It keeps the contract's observable parts — standard output written to
 * the host file the request names and capped at the output limit, no run after dispose — and records
 * every session and run so that a test can say what the flow did.
 */
import { readFile, writeFile } from 'node:fs/promises';
import type { PrepareOptions, RunRequest, RunResult, RunStatus, SandboxBackend, SandboxFile, SandboxSession } from '../sandbox/types.js';
import type { Problem } from './problem/types.js';

/** A small valid problem (1 s, 64 MiB, 64 KiB of output, the tokens checker, no tests) with the overrides. */
export function testProblem(overrides: Partial<Problem> = {}): Problem {
  return {
    slug: 'p',
    title: 'P',
    description: '',
    limits: { timeLimitMs: 1000, memoryLimitMb: 64, outputLimitKb: 64 },
    checker: { type: 'tokens' },
    testCases: [],
    codeStubs: [],
    format: 'native',
    ...overrides,
  };
}

/** What the program of a fake run does. Every field has a default: it exits 0 silently at once. */
export interface FakeOutcome {
  status?: RunStatus;
  exitCode?: number | null;
  signal?: string | null;
  stdout?: string;
  stderr?: string;
  cpuMs?: number;
  wallMs?: number;
  memoryKb?: number;
}

export interface FakeRun {
  request: RunRequest;
  /** The run's standard input, as text. */
  stdin: string;
  session: FakeSession;
  /**
   * `compile`: a run before the session was sealed (the compiler); `test`: a run of the sealed
   * program; `checker`: a run in a checker's session (its compiler, or a check).
   */
  kind: 'compile' | 'test' | 'checker';
}

export type FakeBehaviour = (run: FakeRun) => FakeOutcome | Promise<FakeOutcome>;

export class FakeSession implements SandboxSession {
  readonly workDir = '/sandbox/work';
  readonly files = new Map<string, string>();
  /** Every run, in order. */
  readonly runs: Omit<FakeRun, 'session'>[] = [];
  sealed = false;
  disposed = false;

  constructor(
    readonly options: PrepareOptions,
    private readonly behave: FakeBehaviour,
  ) {}

  /** `checker` for a custom checker's session (it labels itself so). */
  get role(): string | undefined {
    return this.options.labels?.['dev.sonocode.role'];
  }

  async writeFiles(files: SandboxFile[]): Promise<void> {
    this.assertLive();
    for (const file of files) this.files.set(file.path, file.content.toString());
  }

  async seal(): Promise<void> {
    this.assertLive();
    this.sealed = true;
  }

  async run(request: RunRequest): Promise<RunResult> {
    this.assertLive();
    const stdin = !request.stdin ? '' : 'text' in request.stdin ? request.stdin.text.toString() : await readFile(request.stdin.path, 'utf8');
    const kind = this.role === 'checker' ? 'checker' : this.sealed ? 'test' : 'compile';
    this.runs.push({ request, stdin, kind });
    const outcome = await this.behave({ request, stdin, session: this, kind });
    const stdout = Buffer.from(outcome.stdout ?? '');
    const capBytes = request.limits.outputKb * 1024;
    const kept = stdout.subarray(0, capBytes);
    if (request.stdoutPath) await writeFile(request.stdoutPath, kept);
    const overflow = stdout.length > capBytes;
    return {
      status: overflow ? 'output-limit' : (outcome.status ?? 'exited'),
      exitCode: outcome.exitCode === undefined ? (outcome.status && outcome.status !== 'exited' ? null : 0) : outcome.exitCode,
      signal: outcome.signal ?? null,
      cpuMs: outcome.cpuMs ?? 1,
      wallMs: outcome.wallMs ?? 2,
      memoryKb: outcome.memoryKb ?? 1024,
      stdout: request.stdoutPath ? Buffer.alloc(0) : kept,
      stdoutBytes: stdout.length,
      endedAtUs: Math.round(performance.now() * 1000),
      stderr: outcome.stderr ?? '',
    };
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.dispose();
  }

  private assertLive(): void {
    if (this.disposed) throw new Error('the fake session was used after dispose');
  }
}

export class FakeSandbox implements SandboxBackend {
  readonly name = 'fake';
  /** Every session prepared, in order. */
  readonly sessions: FakeSession[] = [];

  constructor(private readonly behave: FakeBehaviour = () => ({})) {}

  async check(): Promise<void> {}

  async prepare(options: PrepareOptions): Promise<SandboxSession> {
    const session = new FakeSession(options, this.behave);
    this.sessions.push(session);
    return session;
  }

  async reap(): Promise<number> {
    return 0;
  }

  /** Every run of one kind, in every session, in order. */
  runs(kind: FakeRun['kind']): Omit<FakeRun, 'session'>[] {
    return this.sessions.flatMap((session) => session.runs.filter((run) => run.kind === kind));
  }
}
