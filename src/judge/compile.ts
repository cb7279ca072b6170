/** The compile stage: places the source in the session and runs the language's compiler, bounded. */
import type { SandboxSession } from '../sandbox/types.js';
import { expandArgv, sourceFileName, type Language } from './languages.js';
import type { CompileResult } from './result.js';

/** Bounds of every compile: a compile-time bomb ends as CE, never as a stuck judge. */
export const COMPILE_LIMITS = Object.freeze({
  cpuTimeMs: 20_000,
  wallTimeMs: 40_000,
  memoryMb: 1024,
  /** Compiler messages kept, in KiB. */
  outputKb: 64,
});

const MESSAGE_CHARS = 16_000;

export interface CompiledProgram {
  compile: CompileResult;
  /** The argv that runs the program (with `{memoryMb}` still to fill per run). */
  runArgv: (memoryMb: number) => string[];
}

export async function compileProgram(session: SandboxSession, language: Language, source: string): Promise<CompiledProgram> {
  const context = { source, memoryMb: COMPILE_LIMITS.memoryMb };
  await session.writeFiles([{ path: sourceFileName(language, source), content: source }]);
  const runArgv = (memoryMb: number) => expandArgv(language.run, language, { source, memoryMb });
  if (!language.compile) return { compile: { ok: true, timeMs: 0, output: '' }, runArgv };

  const result = await session.run({
    argv: expandArgv(language.compile, language, context),
    env: { PATH: '/usr/local/bin:/usr/bin:/bin', TMPDIR: '/tmp', HOME: '/tmp' },
    limits: { ...COMPILE_LIMITS, stderrKb: COMPILE_LIMITS.outputKb },
  });
  let output = (result.stderr + result.stdout.toString('utf8')).trim();
  let ok = result.status === 'exited' && result.exitCode === 0;
  if (result.status === 'cpu-time-limit' || result.status === 'wall-time-limit') {
    output = `${output}\ncompilation took too long (limit ${COMPILE_LIMITS.cpuTimeMs} ms of CPU time)`.trim();
    ok = false;
  } else if (result.status === 'memory-limit') {
    output = `${output}\ncompilation used too much memory (limit ${COMPILE_LIMITS.memoryMb} MiB)`.trim();
    ok = false;
  } else if (result.status === 'output-limit') {
    ok = false;
  } else if (result.status === 'signaled') {
    output = `${output}\nthe compiler was killed by ${result.signal}`.trim();
  }
  if (output.length > MESSAGE_CHARS) output = `${output.slice(0, MESSAGE_CHARS)}\n… (compiler output cut)`;
  return { compile: { ok, timeMs: result.wallMs, output }, runArgv };
}
