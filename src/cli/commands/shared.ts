/** Steps several commands share: reading the user's files, resolving the language, opening the sandbox. */
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { closestName } from '../../errors/suggest.js';
import type { Language, LanguageRegistry } from '../../judge/languages.js';
import type { Problem } from '../../judge/problem/types.js';
import type { SandboxBackend } from '../../sandbox/types.js';
import type { CommandContext, Io } from '../context.js';
import { CliError, fileError } from '../errors.js';

export interface Submission {
  problem: Problem;
  language: Language;
  languages: LanguageRegistry;
  source: string;
}

/**
 * Everything about a submission that can be wrong without a sandbox, checked before one is opened
 * and before anything is shown: the languages file, the language, the source file, the problem,
 * and a time limit for a package that gives none (TimeLimitUnknownError, exit 2).
 */
export async function loadSubmission(
  ctx: CommandContext,
  args: { problem: string; file: string; lang?: string },
  options: { slugOnServer?: boolean } = {},
): Promise<Submission> {
  const languages = await ctx.deps.languages(ctx.config.languagesFile);
  // the file first: a folder given as the source is a folder, whatever its name says of a language
  const source = await readSource(args.file);
  const language = languages.resolve(args.file, args.lang);
  const problem = await loadProblemNamed(ctx, args.problem, options);
  const { assertTimeLimitKnown } = await import('../../judge/pipeline.js');
  assertTimeLimitKnown(problem, ctx.config.limits);
  ctx.signal.throwIfAborted();
  return { problem, language, languages, source };
}

/**
 * The problem a command line names by its file or folder. A name that is not there gets a hint:
 * the problems folder's entry of that name (`a-plus-b` → `problems/a-plus-b`: a slug given without
 * `--server`), or the entry closest to a misspelt name (`problems/two-sun` → `problems/two-sum`).
 * @param options.slugOnServer - also say that a slug alone names a problem on a server (submit)
 * @throws the loader's errors; a missing problem with such a hint as a CliError `PROBLEM_NOT_FOUND`
 */
export async function loadProblemNamed(ctx: CommandContext, name: string, options: { slugOnServer?: boolean } = {}): Promise<Problem> {
  try {
    return await ctx.deps.loadProblem(name);
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'PROBLEM_NOT_FOUND' || (await exists(name))) throw error;
    const meant = await problemMeant(name, ctx.config.problemsDir);
    if (meant === undefined) throw error;
    const server = options.slugOnServer && !name.includes('/') ? ' (a slug alone names a problem on a server: add --server URL)' : '';
    throw new CliError('PROBLEM_NOT_FOUND', (error as Error).message, { hint: `did you mean ${meant}?${server}`, cause: error });
  }
}

/** The problem a name that is not there most likely meant, as a path to give instead. */
async function problemMeant(name: string, problemsDir: string): Promise<string | undefined> {
  const bare = !name.includes('/');
  if (bare) {
    for (const candidate of [path.join(problemsDir, name), path.join(problemsDir, `${name}.yaml`)]) {
      if (await exists(candidate)) return candidate;
    }
  }
  const folder = bare ? problemsDir : path.dirname(name);
  const entries = await readdir(folder, { withFileTypes: true }).catch(() => []);
  // entry names without .yaml, so that `a-plus-b.yaml` finds the folder `a-plus-b` and the other way round
  const byName = new Map(
    entries
      .filter((entry) => !entry.name.startsWith('.') && (entry.isDirectory() || /\.ya?ml$/.test(entry.name)))
      .map((entry) => [entry.name.replace(/\.ya?ml$/, ''), entry.name]),
  );
  const wanted = path.basename(name).replace(/\.ya?ml$/, '');
  const closest = byName.has(wanted) ? wanted : closestName(wanted, byName.keys());
  return closest === undefined ? undefined : path.join(folder, byName.get(closest)!);
}

async function exists(file: string): Promise<boolean> {
  return (await stat(file).catch(() => null)) !== null;
}

export async function readSource(file: string): Promise<string> {
  let size: number;
  try {
    size = (await stat(file)).size;
  } catch (error) {
    throw fileError('source file', file, error);
  }
  if (size > MAX_SOURCE_BYTES) {
    throw new CliError('USAGE', `source file ${file} is ${(size / MIB).toFixed(1)} MiB; sonocode judges sources of up to ${MAX_SOURCE_BYTES / MIB} MiB`);
  }
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw fileError('source file', file, error);
  }
}

const MIB = 1024 * 1024;
/**
 * The largest source the CLI judges: far above any program written by hand or generated tables
 * (DOMjudge's default is 256 KiB, the server's 64 KiB), far below what would fill the sandbox's
 * 256 MiB work folder with its copies. A larger file is a mistake, said before anything runs.
 */
const MAX_SOURCE_BYTES = 16 * MIB;

/** The sandbox, after removing what crashed judges left behind (SPEC §5). */
export async function openSandbox(ctx: CommandContext): Promise<SandboxBackend> {
  const sandbox = await ctx.deps.createSandbox(ctx.config.sandbox);
  await sandbox.reap();
  ctx.signal.throwIfAborted();
  return sandbox;
}

/**
 * The sandbox, opened (and reaped) when a session is first asked for: a command that may judge
 * nothing (`problems validate` of a problem without submissions) needs no sandbox then.
 */
export function lazySandbox(ctx: CommandContext): SandboxBackend {
  let opened: Promise<SandboxBackend> | undefined;
  const sandbox = () => (opened ??= openSandbox(ctx));
  return {
    name: 'sandbox',
    check: async () => (await sandbox()).check(),
    prepare: async (options) => (await sandbox()).prepare(options),
    reap: async () => (await sandbox()).reap(),
  };
}

/**
 * The `submissions/` folder of a problem given as `problemPath`: only a problem with a folder of its
 * own has one (a `<slug>.yaml` shares its folder with other problems). Null for none.
 */
export async function submissionsDirOf(problemPath: string, problem: Problem): Promise<string | null> {
  const isFolder = (await stat(problemPath).catch(() => null))?.isDirectory() ?? false;
  const ownFolder = isFolder || path.basename(problemPath) === 'problem.yaml';
  return ownFolder && problem.directory ? path.join(problem.directory, 'submissions') : null;
}

/** A host path relative to the working directory when it is below it. */
export function displayPath(hostPath: string): string {
  const relative = path.relative(process.cwd(), hostPath);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : hostPath;
}

/**
 * A one-line progress note on stderr that rewrites itself, for terminals only: pipes and CI logs
 * get nothing, so stdout and stderr stay clean there.
 */
export class StatusLine {
  private shown = false;
  constructor(private readonly stream: Io['stderr']) {}

  get enabled(): boolean {
    return this.stream.isTTY === true;
  }

  set(text: string): void {
    if (!this.enabled) return;
    const width = Math.max(20, (this.stream.columns ?? 80) - 1);
    const line = text.length > width ? `${text.slice(0, width - 1)}…` : text;
    this.stream.write(`\r\x1b[2K${line}`);
    this.shown = true;
  }

  clear(): void {
    if (!this.shown) return;
    this.stream.write('\r\x1b[2K');
    this.shown = false;
  }
}
