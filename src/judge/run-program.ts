/** LeetCode's "Run": compile once and run the program on one custom input, returning its output. */
import type { SandboxBackend } from '../sandbox/types.js';
import { compileProgram } from './compile.js';
import type { Language } from './languages.js';
import { prepareSession, testLimits } from './pipeline.js';
import type { Problem } from './problem/types.js';
import type { CompileResult } from './result.js';
import { runVerdict } from './run-verdict.js';
import { assembleSource } from './source.js';
import type { Verdict } from './verdict.js';

/** Output shown to the user is capped; the run itself is bounded by the problem's output limit. */
const SHOWN_OUTPUT_KB = 1024;

export interface ProgramRun {
  /** AC when the program ran and exited normally (its output is not checked). */
  verdict: Verdict;
  message?: string;
  stdout: string;
  stderr: string;
  timeMs: number;
  wallMs: number;
  memoryKb: number;
  exitCode: number | null;
  signal: string | null;
}

export async function runProgram(
  input: { problem: Problem; source: string; language: Language; stdin: { text: string } | { path: string } },
  sandbox: SandboxBackend,
  options: { timeLimitMs?: number; memoryLimitMb?: number } = {},
): Promise<{ compile: CompileResult; run?: ProgramRun }> {
  const limits = testLimits(input.problem, input.language, options);
  const session = await prepareSession(sandbox, limits.memoryMb);
  try {
    const compiled = await compileProgram(session, input.language, assembleSource(input.problem, input.source, input.language));
    if (!compiled.compile.ok) return { compile: compiled.compile };
    const run = await session.run({
      argv: compiled.runArgv(limits.memoryMb),
      stdin: input.stdin,
      limits: { ...limits, outputKb: Math.min(limits.outputKb, SHOWN_OUTPUT_KB) },
    });
    const early = runVerdict(run);
    return {
      compile: compiled.compile,
      run: {
        verdict: early?.verdict ?? 'AC',
        ...(early?.message ? { message: early.message } : {}),
        stdout: run.stdout.toString('utf8'),
        stderr: run.stderr,
        timeMs: run.cpuMs,
        wallMs: run.wallMs,
        memoryKb: run.memoryKb,
        exitCode: run.exitCode,
        signal: run.signal,
      },
    };
  } finally {
    await session.dispose();
  }
}
