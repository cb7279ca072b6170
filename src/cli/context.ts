/** What every command receives: the validated config, the streams, the abort signal and its dependencies. */
import type { LanguageRegistry } from '../judge/languages.js';
import type { CompiledSubmission, JudgeOptions, OpenJudgeOptions, SubmissionInput } from '../judge/pipeline.js';
import type { ProblemConversion } from '../judge/problem/document.js';
import type { Problem } from '../judge/problem/types.js';
import type { JudgeResult } from '../judge/result.js';
import type { VerifyOptions, VerifyReport } from '../judge/verify.js';
import type { DoctorReport } from '../sandbox/doctor.js';
import type { BackendChoice } from '../sandbox/select.js';
import type { SandboxBackend } from '../sandbox/types.js';
import type { ClientOptions, SonocodeClient } from '../client/index.js';
import type { RunningServer } from '../server/main.js';
import type { CliConfig, Env } from './config.js';

/** The process's streams, or fakes in tests. */
export interface Io {
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
}

/** A sonocode server as the client commands use it (src/client). */
export type ServerClient = Pick<
  SonocodeClient,
  'server' | 'socketUrl' | 'getProblem' | 'getSubmission' | 'submit' | 'watch' | 'importProblem' | 'createUser' | 'run'
>;

/** A running `sonocode serve` as the command sees it (src/server/main.ts). */
export type ServeHandle = Pick<RunningServer, 'role' | 'url' | 'socketUrl' | 'adminToken' | 'adminTokenGenerated' | 'closed'>;

/**
 * The judge, the sandbox and the server, as the commands use them. The defaults (src/cli/deps.ts)
 * load each module on first use, so that `sonocode problems schema` never loads dockerode and only
 * `serve` loads fastify, bullmq and mongodb; tests pass fakes.
 */
export interface Deps {
  loadProblem(path: string): Promise<Problem>;
  /** The built-in languages, extended by the YAML file when one is given. */
  languages(file?: string): Promise<LanguageRegistry>;
  /** The sandbox backend chosen (`auto` resolved to the one that works here). */
  createSandbox(choice: BackendChoice): Promise<SandboxBackend>;
  /** The judge flow for a whole submission (src/judge/pipeline.ts). */
  judgeSubmission(input: SubmissionInput, sandbox: SandboxBackend, options: JudgeOptions): Promise<JudgeResult>;
  /** The judge flow's compile stage: a submission compiled once, to judge tests or run inputs with (src/judge/pipeline.ts). */
  openJudge(input: SubmissionInput, sandbox: SandboxBackend, options: OpenJudgeOptions): Promise<CompiledSubmission>;
  /** Judges a problem's own submissions against their folders' promises (src/judge/verify.ts). */
  verifyProblem(problem: Problem, options: VerifyOptions): Promise<VerifyReport>;
  /** Which backends work here; `ok` and `backend` are about the one chosen (`--sandbox`). */
  diagnose(choice: BackendChoice): Promise<DoctorReport>;
  problemJsonSchema(): Promise<Record<string, unknown>>;
  /** A client of a sonocode server (no request is made until a method is called). */
  connect(options: ClientOptions): Promise<ServerClient>;
  /** A loaded problem as the document the server's API takes, test files inlined, with what did not carry over. */
  problemDocument(problem: Problem): Promise<ProblemConversion>;
  /**
   * Starts the server roles in this process (`serve`): `flags` as commander gives them, `env` for
   * the server's own `SONOCODE_*` settings. The abort signal drains and stops it.
   */
  serve(flags: Readonly<Record<string, string>>, signal: AbortSignal, env: Env): Promise<ServeHandle>;
}

export interface CommandContext {
  readonly config: CliConfig;
  readonly io: Io;
  /** Fires on Ctrl-C; commands pass it down and let the judge stop between steps. */
  readonly signal: AbortSignal;
  readonly deps: Deps;
}
