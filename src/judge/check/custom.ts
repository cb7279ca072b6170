/**
 * A checker program run in its own sandbox session (never in the submission's, which must not
 * see the answers): `checker input answer feedback_dir [args] < program_output`, the ICPC output
 * validator interface. Exit 42 accepts, 43 rejects; anything else is an internal error of the problem.
 *
 * A checker is either one source file in a language of the registry (native problems), or a
 * program folder (ICPC output validators): every file of the folder is placed in the sandbox, a
 * `build` script (then `run`) is used when present, otherwise all sources of the folder's language
 * are compiled together. It is compiled once; `check` may then be called by several submissions
 * at once — calls are queued, since a session runs one program at a time.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ErrorCode } from '../../errors/catalogue.js';
import { SandboxError } from '../../sandbox/errors.js';
import type { RunLimits, RunResult, SandboxBackend, SandboxFile, SandboxSession } from '../../sandbox/types.js';
import { COMPILE_LIMITS, compileProgram, readBackFiles } from '../compile.js';
import { chooseEntryPoint, javaHeapMb, readClassFile } from '../java.js';
import { assembleProgram } from '../source.js';
import type { LanguageRegistry } from '../languages.js';
import { readTestBytes } from '../problem/test-data.js';
import type { CheckerSpec, TestData } from '../problem/types.js';

export const CHECKER_ACCEPT_EXIT = 42;
export const CHECKER_REJECT_EXIT = 43;

const CHECKER_LIMITS = { cpuTimeMs: 30_000, wallTimeMs: 60_000, memoryMb: 1024, outputKb: 80, stderrKb: 64 };
const ENV = { PATH: '/usr/local/bin:/usr/bin:/bin', TMPDIR: '/tmp', HOME: '/tmp', LANG: 'C.UTF-8' };
/** Feedback files read back after each run, and how much of each. */
const FEEDBACK_FILES = ['judgemessage.txt', 'teammessage.txt', 'score.txt', 'score_multiplier.txt'] as const;
const FEEDBACK_BYTES = 16_384;
/**
 * The feedback files as framed (`\x1e name \x1f 1|0 hex…`), in KiB: each file's bytes as hex, so
 * no byte of a file — which a validator may fill with what the submission wrote — can end its frame
 * and forge another (a `score.txt` of the submission's choosing).
 */
const FRAMES_KB = Math.ceil((FEEDBACK_FILES.length * (FEEDBACK_BYTES * 2 + 64)) / 1024);
/** Test data kept in the checker's session between checks (it is written once per test, not per check). */
const TEST_DATA_BUDGET_BYTES = 64 * 1024 * 1024;
const MESSAGE_CHARS = 4000;

export type CustomSpec = Extract<CheckerSpec, { type: 'custom' }>;

export interface CustomCheckOutcome {
  verdict: 'AC' | 'WA' | 'IE';
  message?: string;
  /** `score.txt` of an accepting validator (scoring problems). */
  score?: number;
  /** `score_multiplier.txt` of an accepting validator (scoring problems). */
  scoreMultiplier?: number;
}

/** The problem's checker could not be built: every submission of the problem is IE. */
export class CheckerError extends Error {
  readonly code = 'CHECKER_FAILED' satisfies ErrorCode;
  /** The checker's file or folder. */
  readonly file: string;

  constructor(message: string, file: string) {
    super(message);
    this.name = 'CheckerError';
    this.file = file;
  }
}

interface BuiltChecker {
  argv: string[];
  cwd: string;
}

export class CustomChecker {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly placed = new Map<string, { input: string; answer: string }>();
  private placedBytes = 0;
  /** The feedback folder is there and empty: the run that read the last interaction's files made it so. */
  private feedbackIsFresh = false;
  private disposed = false;

  private constructor(
    private readonly session: SandboxSession,
    private readonly built: BuiltChecker,
  ) {}

  /** Compiles the checker in a session of its own. @throws CheckerError when it does not build */
  static async prepare(spec: CustomSpec, sandbox: SandboxBackend, languages: LanguageRegistry): Promise<CustomChecker> {
    const session = await sandbox.prepare({ maxMemoryMb: CHECKER_LIMITS.memoryMb, labels: { 'dev.sonocode.role': 'checker' } });
    try {
      const folder = spec.files !== undefined || (spec.inline !== undefined && (spec.inline.length > 1 || spec.language === 'script'));
      const built = folder ? await buildProgramFolder(session, spec) : await buildSingleSource(session, spec, languages);
      return new CustomChecker(session, built);
    } catch (error) {
      await session.dispose();
      throw error;
    }
  }

  /** Judges one output (a host file). Calls are queued: the session runs one program at a time. */
  check(test: { input: TestData; expected: TestData; args?: string[] }, outputPath: string): Promise<CustomCheckOutcome> {
    const run = this.queue.then(() => this.checkNow(test, outputPath));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async checkNow(test: { input: TestData; expected: TestData; args?: string[] }, outputPath: string): Promise<CustomCheckOutcome> {
    return judgeOf(await this.validate(test, outputPath), 'output validator');
  }

  /**
   * Runs the checker as an interactor (the ICPC interactive format): `interactor input answer
   * feedback_dir [args]`, its standard input the submission's output and its standard output the
   * submission's input, both named pipes. `partner` starts the submission's run: it is called once
   * this session is free, so the two runs start together. Resolves when both have ended.
   */
  interact(
    test: { input: TestData; expected: TestData; args?: string[] },
    /** The interactor's ends: it reads the submission's output from `fromSubmission` and writes its input to `toSubmission`. */
    pipes: { fromSubmission: string; toSubmission: string },
    limits: Pick<RunLimits, 'cpuTimeMs' | 'wallTimeMs'>,
    partner: () => Promise<RunResult>,
  ): Promise<{ interactor: InteractorRun; submission: RunResult }> {
    const interaction = this.queue.then(() => this.interactNow(test, pipes, { ...CHECKER_LIMITS, ...limits }, partner));
    this.queue = interaction.catch(() => undefined);
    return interaction;
  }

  /** The feedback folder of the checker's runs (`feedback_dir`). */
  private get feedbackDir(): string {
    return `${this.session.workDir}/feedback/`;
  }

  /** The shell lines that write the feedback files framed on standard output (see FRAMES_KB). */
  private framesScript(): string {
    const dir = this.feedbackDir;
    return `for f in ${FEEDBACK_FILES.join(' ')}; do printf '\\036%s\\037' "$f"; if [ -f "${dir}$f" ]; then printf 1; head -c ${FEEDBACK_BYTES} "${dir}$f" | od -An -v -tx1 | tr -d ' \\n'; else printf 0; fi; done`;
  }

  /**
   * One run of the checker on an output: a shell gives it a fresh feedback folder, runs it, then
   * writes its feedback files framed on standard output.
   */
  private async validate(test: { input: TestData; expected: TestData; args?: string[] }, outputPath: string): Promise<RunResult> {
    const files = await this.place(test.input, test.expected);
    const dir = this.feedbackDir;
    this.feedbackIsFresh = false;
    const script = [`rm -rf ${dir} && mkdir ${dir} || exit 120`, 'cd "$0" || exit 121', '"$@" > /dev/null', 'code=$?', this.framesScript(), 'exit $code'].join('\n');
    return this.session.run({
      argv: ['/bin/sh', '-c', script, this.built.cwd, ...this.built.argv, files.input, files.answer, dir, ...(test.args ?? [])],
      stdin: { path: outputPath },
      env: ENV,
      limits: { ...CHECKER_LIMITS, outputKb: Math.max(CHECKER_LIMITS.outputKb, FRAMES_KB + 1) },
    });
  }

  /**
   * One interaction: the interactor is the run's program itself, with nothing around it. A shell
   * would hold the pipes too (an interactor closing its output would not be end-of-file for the
   * submission) and would end after it (who ended first is timed on the run's program). Its
   * feedback files are read back after it by a run of their own, which also leaves the folder
   * fresh for the next interaction (the first one has it made first).
   */
  private async interactNow(
    test: { input: TestData; expected: TestData; args?: string[] },
    pipes: { fromSubmission: string; toSubmission: string },
    limits: RunLimits,
    partner: () => Promise<RunResult>,
  ): Promise<{ interactor: InteractorRun; submission: RunResult }> {
    const files = await this.place(test.input, test.expected);
    const dir = this.feedbackDir;
    const shell = (script: string, outputKb = CHECKER_LIMITS.outputKb) =>
      this.session.run({ argv: ['/bin/sh', '-c', script], env: ENV, limits: { ...CHECKER_LIMITS, outputKb } });
    const freshFolder = `rm -rf ${dir} && mkdir ${dir}`;
    if (!this.feedbackIsFresh) {
      const made = await shell(freshFolder);
      if (made.status !== 'exited' || made.exitCode !== 0) throw new SandboxError('SANDBOX_FAILED', `could not make the interactor's feedback folder: ${made.stderr.trim()}`);
    }
    this.feedbackIsFresh = false;
    // the submission's run starts while the interactor's is being set up: each waits for the other at its pipes
    const [submission, own] = await Promise.all([
      partner(),
      this.session.run({
        argv: [...this.built.argv, files.input, files.answer, dir, ...(test.args ?? [])],
        cwd: this.built.cwd,
        stdin: { path: pipes.fromSubmission },
        stdoutPath: pipes.toSubmission,
        ignoreBrokenPipe: true,
        env: ENV,
        limits,
      }),
    ]);
    const frames = await shell(`${this.framesScript()}; ${freshFolder}`, FRAMES_KB + 1);
    this.feedbackIsFresh = frames.status === 'exited' && frames.exitCode === 0;
    return {
      interactor: { ...judgeOf({ ...own, stdout: frames.stdout }, 'interactor'), endedAtUs: own.endedAtUs, ...(own.inputClosedAtUs !== undefined ? { inputClosedAtUs: own.inputClosedAtUs } : {}) },
      submission,
    };
  }

  /** The test's input and answer in the session: written once while they fit the budget. */
  private async place(input: TestData, answer: TestData): Promise<{ input: string; answer: string }> {
    const key = `${dataKey(input)}\n${dataKey(answer)}`;
    const known = this.placed.get(key);
    if (known) return known;
    const [inputBytes, answerBytes] = await Promise.all([readTestBytes(input), readTestBytes(answer)]);
    const size = inputBytes.length + answerBytes.length;
    const keep = this.placedBytes + size <= TEST_DATA_BUDGET_BYTES;
    const folder = keep ? `judge/${this.placed.size}` : 'judge/current';
    await this.session.writeFiles([
      { path: `${folder}/input`, content: inputBytes },
      { path: `${folder}/answer`, content: answerBytes },
    ]);
    const placed = { input: `${this.session.workDir}/${folder}/input`, answer: `${this.session.workDir}/${folder}/answer` };
    if (keep) {
      this.placed.set(key, placed);
      this.placedBytes += size;
    }
    return placed;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.queue;
    await this.session.dispose();
  }
}

/** How an interactor's run ended: its verdict, and when (RunResult.endedAtUs, to compare with the submission's). */
export type InteractorRun = CustomCheckOutcome & Pick<RunResult, 'endedAtUs' | 'inputClosedAtUs'>;

/** The verdict a checker's run gives (its feedback framed in `run.stdout`): exit 42 AC, 43 WA, else IE. */
function judgeOf(run: RunResult, what: 'output validator' | 'interactor'): CustomCheckOutcome {
  const feedback = parseFeedback(run.stdout.toString('utf8'));
  const judgeMessage = cut(feedback.get('judgemessage.txt')?.trim() ?? '');
  if (run.status === 'exited' && run.exitCode === CHECKER_ACCEPT_EXIT) {
    const scores = readScores(feedback);
    if ('error' in scores) return { verdict: 'IE', message: `the ${what} accepted, but ${scores.error}` };
    return { verdict: 'AC', ...scores, ...(judgeMessage && what === 'interactor' ? { message: judgeMessage } : {}) };
  }
  if (run.status === 'exited' && run.exitCode === CHECKER_REJECT_EXIT) {
    return { verdict: 'WA', ...(judgeMessage ? { message: judgeMessage } : {}) };
  }
  const how = run.status === 'exited' ? `exit code ${run.exitCode}` : run.status === 'signaled' ? `signal ${run.signal}` : run.status;
  const stderr = what === 'interactor' ? '' : run.stderr.trim();
  const detail = cut([judgeMessage, stderr].filter(Boolean).join('\n'));
  return {
    verdict: 'IE',
    message: `the ${what} failed (${how}; expected exit ${CHECKER_ACCEPT_EXIT} or ${CHECKER_REJECT_EXIT})${detail ? `: ${detail}` : ''}`,
  };
}

// ---------------------------------------------------------------------------------------------
// Building

async function buildSingleSource(session: SandboxSession, spec: CustomSpec, languages: LanguageRegistry): Promise<BuiltChecker> {
  const language = languages.get(spec.language);
  const source = spec.inline?.[0]?.content ?? (await readFile(spec.sourcePath, 'utf8'));
  const compiled = await compileProgram(session, language, assembleProgram({ codeStubs: [] }, source, language), {
    purpose: 'checker',
    userFileName: spec.inline?.[0] ? path.basename(spec.inline[0].path) : path.basename(spec.sourcePath),
  });
  if (!compiled.compile.ok) {
    throw new CheckerError(`the checker ${spec.sourcePath} does not compile:\n${compiled.compile.output}`, spec.sourcePath);
  }
  return { argv: compiled.runArgv(CHECKER_LIMITS.memoryMb), cwd: session.workDir };
}

const SOURCE_EXTENSIONS: Record<string, string[]> = {
  c: ['.c'],
  cpp: ['.cpp', '.cc', '.cxx', '.c++', '.C'],
  java: ['.java'],
  python: ['.py'],
};

async function buildProgramFolder(session: SandboxSession, spec: CustomSpec): Promise<BuiltChecker> {
  const programDir = `${session.workDir}/program`;
  const sandboxFiles = spec.inline ? spec.inline.map((file) => programFile(file.path, file.content, file.executable === true)) : await hostProgramFiles(spec);
  const relative = sandboxFiles.map((file) => file.path.slice('program/'.length));
  await session.writeFiles(sandboxFiles);
  const sources = (language: string) =>
    relative.filter((file) => (SOURCE_EXTENSIONS[language] ?? []).includes(path.extname(file)));
  const failed = (output: string) => new CheckerError(`the output validator ${spec.sourcePath} does not compile:\n${output}`, spec.sourcePath);

  const compile = async (argv: string[]) => {
    const result = await session.run({ argv, cwd: programDir, env: ENV, limits: { ...COMPILE_LIMITS, stderrKb: COMPILE_LIMITS.outputKb } });
    if (result.status !== 'exited' || result.exitCode !== 0) {
      const how = result.status === 'exited' ? `exit code ${result.exitCode}` : result.status;
      throw failed(`${(result.stderr + result.stdout.toString('utf8')).trim().slice(0, 16_000)}\n(${argv[0]} ended with ${how})`.trim());
    }
  };

  switch (spec.language) {
    case 'script': {
      if (relative.includes('build')) await compile([`${programDir}/build`]);
      const check = await session.run({ argv: ['/bin/sh', '-c', 'test -x run'], cwd: programDir, env: ENV, limits: CHECKER_LIMITS });
      if (check.status !== 'exited' || check.exitCode !== 0) throw failed('no executable `run` file after `build`');
      return { argv: [`${programDir}/run`], cwd: programDir };
    }
    case 'c':
      await compile(['/usr/bin/gcc', '-O2', '-std=gnu17', '-pipe', '-o', 'validator', ...sources('c'), '-lm']);
      return { argv: [`${programDir}/validator`], cwd: programDir };
    case 'cpp':
      await compile(['/usr/bin/g++', '-O2', '-std=gnu++17', '-pipe', '-o', 'validator', ...sources('cpp')]);
      return { argv: [`${programDir}/validator`], cwd: programDir };
    case 'java': {
      await compile(['/usr/bin/javac', '-encoding', 'UTF-8', '-J-XX:+UseSerialGC', '-d', '.', ...sources('java')]);
      // The class to run is the one javac made that declares main (with its package), never a guess from the text.
      const classes = (await readBackFiles(session, programDir)).filter((file) => file.path.endsWith('.class')).map((file) => readClassFile(file.content));
      const entry = chooseEntryPoint(classes);
      if ('error' in entry) throw failed(entry.error);
      return {
        argv: ['/usr/bin/java', `-Xmx${javaHeapMb(CHECKER_LIMITS.memoryMb)}m`, '-Xss64m', '-XX:+UseSerialGC', '-XX:-UsePerfData', '-cp', programDir, entry.className],
        cwd: programDir,
      };
    }
    case 'python': {
      const files = sources('python');
      await compile([
        '/usr/bin/python3',
        '-c',
        'import ast,sys\nfor f in sys.argv[1:]: ast.parse(open(f,"rb").read(), f)',
        ...files,
      ]);
      if (relative.includes('__main__.py')) return { argv: ['/usr/bin/python3', programDir], cwd: programDir };
      const entry = files.length === 1 ? files[0] : await pythonEntry(files, sandboxFiles, relative);
      if (!entry) throw failed('several Python files and no __main__.py: cannot tell which one to run');
      return { argv: ['/usr/bin/python3', `${programDir}/${entry}`], cwd: programDir };
    }
    default:
      throw failed(`cannot build a validator in language "${spec.language}"`);
  }
}

/** A file of the checker's program folder in the sandbox (`build` and `run` always executable). */
function programFile(name: string, content: string | Buffer, executable: boolean): SandboxFile {
  return { path: `program/${name}`, content, executable: executable || name === 'build' || name === 'run' };
}

/** The program folder's files as the host has them. */
async function hostProgramFiles(spec: CustomSpec): Promise<SandboxFile[]> {
  const hostFiles = spec.files ?? [];
  const single = hostFiles.length === 1 && hostFiles[0] === spec.sourcePath;
  return Promise.all(
    hostFiles.map(async (file) => {
      const [content, stats] = await Promise.all([readFile(file), stat(file)]);
      return programFile(single ? path.basename(file) : path.relative(spec.sourcePath, file), content, (stats.mode & 0o111) !== 0);
    }),
  );
}

/** Of several Python files, the only one that runs as a script (`if __name__ == '__main__'`). */
async function pythonEntry(files: string[], sandboxFiles: SandboxFile[], relative: string[]): Promise<string | undefined> {
  const scripts = files.filter((file) => {
    const content = sandboxFiles[relative.indexOf(file)].content;
    return /__name__\s*==\s*['"]__main__['"]/.test(content.toString());
  });
  return scripts.length === 1 ? scripts[0] : undefined;
}

// ---------------------------------------------------------------------------------------------
// Feedback

/** The framed feedback files (`\x1e name \x1f 1|0 hex…`, see FRAMES_KB): name → content (absent files are not in the map). */
export function parseFeedback(stdout: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const frame of stdout.split('\x1e').slice(1)) {
    const separator = frame.indexOf('\x1f');
    if (separator === -1) continue;
    const name = frame.slice(0, separator);
    const hex = frame.slice(separator + 2).trim();
    if (frame[separator + 1] === '1' && /^(?:[0-9a-f]{2})*$/.test(hex)) files.set(name, Buffer.from(hex, 'hex').toString('utf8'));
  }
  return files;
}

function readScores(feedback: Map<string, string>): { score?: number; scoreMultiplier?: number } | { error: string } {
  const score = feedback.get('score.txt');
  const multiplier = feedback.get('score_multiplier.txt');
  if (score !== undefined && multiplier !== undefined) return { error: 'it wrote both score.txt and score_multiplier.txt' };
  if (score !== undefined) {
    const value = Number(score.trim());
    if (score.trim() === '' || !Number.isFinite(value) || value < 0) return { error: `score.txt is not a non-negative number: ${JSON.stringify(score.trim().slice(0, 40))}` };
    return { score: value };
  }
  if (multiplier !== undefined) {
    const value = Number(multiplier.trim());
    if (multiplier.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
      return { error: `score_multiplier.txt is not a number in [0, 1]: ${JSON.stringify(multiplier.trim().slice(0, 40))}` };
    }
    return { scoreMultiplier: value };
  }
  return {};
}

function cut(text: string): string {
  return text.length > MESSAGE_CHARS ? `${text.slice(0, MESSAGE_CHARS)}…` : text;
}

function dataKey(data: TestData): string {
  return 'text' in data ? `text:${createHash('sha1').update(data.text).digest('hex')}` : `path:${data.path}`;
}
