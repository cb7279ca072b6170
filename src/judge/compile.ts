/**
 * The compile stage: places the program in the session, compiles it with the language's compiler
 * (bounded), and says how to run it. Along the way:
 * - a compiled program kept in the compile cache is used instead of compiling again;
 * - a C++ compile gets its precompiled header, once one is built (pch.ts);
 * - Java's top-level types are made package-private, so any file name compiles, and the class to
 *   run is read from the class files javac produced (java.ts) — none or several is a CE;
 * - the compiler's places (`main.cpp:5:3`) name the user's file and line (source.ts).
 */
import { extname } from 'node:path';
import { untar } from '../sandbox/tar.js';
import type { SandboxFile, SandboxSession } from '../sandbox/types.js';
import { CompileCache, type CachedCompile } from './compile-cache.js';
import { chooseEntryPoint, readClassFile, topLevelTypeNames, withPackagePrivateTopLevelTypes } from './java.js';
import { expandArgv, sourceFileName, type Language } from './languages.js';
import { precompiledHeaderArgs } from './pch.js';
import type { CompileResult } from './result.js';
import { mapProgramPlaces, type AssembledProgram } from './source.js';

/** Bounds of every compile: a compile-time bomb ends as CE, never as a stuck judge. */
export const COMPILE_LIMITS = Object.freeze({
  cpuTimeMs: 20_000,
  wallTimeMs: 40_000,
  memoryMb: 1024,
  /** Compiler messages kept, in KiB. */
  outputKb: 64,
});

const MESSAGE_CHARS = 16_000;
const COMPILE_ENV = { PATH: '/usr/local/bin:/usr/bin:/bin', TMPDIR: '/tmp', HOME: '/tmp' };
/** The most a compile may leave in the work folder to be cached, in KiB. */
const ARTIFACTS_KB = 64 * 1024;

/** The compile cache of this machine's judges (the CLI and the server's workers use it). */
let sharedCache: CompileCache | null = null;
export function defaultCompileCache(): CompileCache {
  sharedCache ??= new CompileCache();
  return sharedCache;
}

export interface CompileOptions {
  /** What the program is: a submission's, or a checker's (their cache entries are never shared). @defaultValue 'submission' */
  purpose?: 'submission' | 'checker';
  /** The user's file name, for messages (`sol.cpp:2:3`). @defaultValue the program's own file name */
  userFileName?: string;
  /** Compiled programs to reuse (and to keep this one in). @defaultValue none: every compile runs */
  cache?: CompileCache | null;
  /** Stops the compile at once. */
  signal?: AbortSignal;
}

export interface CompiledProgram {
  compile: CompileResult;
  /** The argv that runs the program, for a run's memory limit in MiB. */
  runArgv: (memoryMb: number) => string[];
  /** Rewrites places the program's messages name (tracebacks) to the user's file. */
  mapPlaces: (text: string) => string;
}

export async function compileProgram(session: SandboxSession, language: Language, program: AssembledProgram, options: CompileOptions = {}): Promise<CompiledProgram> {
  const source = language.kind === 'java' ? withPackagePrivateTopLevelTypes(program.source) : program.source;
  const programFile = sourceFileName(language, source);
  const userFile = options.userFileName ?? (program.layout.stubbed ? `solution${extname(programFile)}` : programFile);
  const mapPlaces = (text: string) => mapProgramPlaces(text, program.layout, programFile, userFile);
  let className: string | undefined;
  const runArgv = (memoryMb: number) => expandArgv(language.run, language, { source, memoryMb, ...(className ? { className } : {}) });
  const done = (compile: CompileResult): CompiledProgram => ({ compile, runArgv, mapPlaces });

  if (!language.compile) {
    await session.writeFiles([{ path: programFile, content: source }]);
    return done({ ok: true, timeMs: 0, output: '' });
  }
  const [compiler, ...flags] = expandArgv(language.compile, language, { source, memoryMb: COMPILE_LIMITS.memoryMb });
  const argv = [compiler, ...precompiledHeaderArgs(language), ...flags];
  const cache = options.cache ?? null;
  const key = CompileCache.key({ purpose: options.purpose ?? 'submission', languageId: language.id, argv, source });

  let outcome = cache ? await cache.get(key) : null;
  const cached = outcome !== null;
  let timeMs = 0;
  // What the compile made is read back only when something needs it: the cache, or Java's entry point.
  const readBack = (language.kind === 'java' || cache !== null) && !language.compileChecksOnly;
  if (outcome) {
    await session.writeFiles(outcome.ok && readBack ? outcome.files.map(toSandboxFile) : [{ path: programFile, content: source }]);
  } else {
    await session.writeFiles([{ path: programFile, content: source }]);
    const compiled = await runCompiler(session, argv, options.signal);
    timeMs = compiled.timeMs;
    outcome = { ok: compiled.ok, output: compiled.output, files: compiled.ok && readBack ? await readBackFiles(session, session.workDir, options.signal) : [] };
  }
  let { ok, output } = outcome;
  if (ok && language.kind === 'java') {
    const entry = javaEntryPoint(outcome, program, source);
    if ('error' in entry) {
      ok = false;
      output = `${output}\n${entry.error}`.trim();
    } else {
      className = entry.className;
    }
  }
  // A compile whose files could not be read back is not kept: a hit would run without them.
  const keepable = !outcome.ok || !readBack || outcome.files.length > 0;
  if (cache && !cached && keepable && outcome.files.reduce((sum, file) => sum + file.content.length, 0) <= ARTIFACTS_KB * 1024) {
    await cache.put(key, outcome);
  }
  return done({ ok, timeMs, output: mapPlaces(output), ...(cached ? { cached: true } : {}) });
}

/** Runs the compiler; a compile that runs too long, too big or too loud is a failed compile. */
async function runCompiler(session: SandboxSession, argv: string[], signal: AbortSignal | undefined): Promise<{ ok: boolean; timeMs: number; output: string }> {
  const result = await session.run({
    argv,
    env: COMPILE_ENV,
    limits: { ...COMPILE_LIMITS, stderrKb: COMPILE_LIMITS.outputKb },
    ...(signal ? { signal } : {}),
  });
  // blank lines around it go, the first line's indentation stays (Python's `  File "main.py", line 2`)
  let output = (result.stderr + result.stdout.toString('utf8')).replace(/^(?:[ \t]*\n)+/, '').trimEnd();
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
  return { ok, timeMs: result.wallMs, output };
}

/**
 * The regular files of a folder of the session after a compile (the program and what the compiler
 * made), read back as the sandbox user — links are never followed: by the session's runner where
 * it can (SandboxSession.gatherFiles), else by a run of `tar`. More than 64 MiB of them: none.
 */
export async function readBackFiles(session: SandboxSession, folder: string, signal?: AbortSignal): Promise<CachedCompile['files']> {
  // A box session's runner reads them itself, without a run (and without starting sh, find and tar).
  if (session.gatherFiles) return (await session.gatherFiles(folder, ARTIFACTS_KB * 1024)) ?? [];
  const listed = await session.run({
    argv: ['/bin/sh', '-c', 'find . -type f -print0 | tar --null -c -f - -T -'],
    cwd: folder,
    env: COMPILE_ENV,
    limits: { cpuTimeMs: 10_000, wallTimeMs: 30_000, memoryMb: 256, outputKb: ARTIFACTS_KB + 1024 },
    ...(signal ? { signal } : {}),
  });
  if (listed.status !== 'exited' || listed.exitCode !== 0) return [];
  return untar(listed.stdout);
}

function toSandboxFile(file: CachedCompile['files'][number]): SandboxFile {
  return { path: file.path, content: file.content, executable: (file.mode & 0o111) !== 0 };
}

/** The class to run of a compiled Java program; a function problem's stubs hold the preferred main. */
function javaEntryPoint(outcome: CachedCompile, program: AssembledProgram, source: string): { className: string } | { error: string } {
  const classes = outcome.files.filter((file) => file.path.endsWith('.class')).map((file) => readClassFile(file.content));
  const lines = source.split('\n');
  const stubText = program.layout.stubbed
    ? [...lines.slice(0, program.layout.userFirstLine - 1), ...lines.slice(program.layout.userFirstLine - 1 + program.layout.userLines)].join('\n')
    : '';
  return chooseEntryPoint(classes, topLevelTypeNames(stubText));
}
