/**
 * `sonocode problems list|show|starter|schema`: what problems there are, what they ask, and the
 * starter code of a function problem, shown or written to a file ready to edit.
 */
import { mkdir, open, readdir, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { LanguageRegistry } from '../../judge/languages.js';
import { readTestText } from '../../judge/problem/test-data.js';
import type { CodeStub, Difficulty, Problem } from '../../judge/problem/types.js';
import type { CommandContext } from '../context.js';
import { CliError, fileError, usageError } from '../errors.js';
import { createStyle, indent, pad, plural, type Style } from '../format.js';
import { loadProblemNamed } from './shared.js';
import { write } from '../io.js';

// ---------------------------------------------------------------------------------------------
// list

export interface ListArgs {
  /** The folder to read; the configured problems folder when omitted. */
  dir?: string;
  json: boolean;
}

export type ListEntry =
  | { path: string; ok: true; slug: string; title: string; difficulty?: Difficulty; tests: number; samples: number }
  | { path: string; ok: false; slug: string; code: string; errors: number; message: string };

export interface ListValue {
  kind: 'problems-list';
  dir: string;
  entries: ListEntry[];
}

export async function list(args: ListArgs, ctx: CommandContext): Promise<ListValue> {
  const dir = args.dir ?? ctx.config.problemsDir;
  let names: { name: string; isDirectory: boolean }[];
  try {
    const stats = await stat(dir);
    if (!stats.isDirectory()) throw new CliError('FILE_NOT_FOUND', `not a folder: ${dir}`);
    names = (await readdir(dir, { withFileTypes: true })).map((entry) => ({
      name: entry.name,
      // a symlink to a folder counts as a folder
      isDirectory: entry.isDirectory() || entry.isSymbolicLink(),
    }));
  } catch (error) {
    if (error instanceof CliError) throw error;
    const notFound = fileError('problems folder', dir, error);
    throw new CliError('FILE_NOT_FOUND', notFound.message, { hint: 'name the folder: sonocode problems list <dir>' });
  }

  const candidates = names
    .filter(({ name, isDirectory }) => !name.startsWith('.') && (isDirectory || /\.ya?ml$/i.test(name)))
    .map(({ name }) => name)
    .sort();
  const entries: ListEntry[] = [];
  for (const name of candidates) {
    ctx.signal.throwIfAborted();
    const path = join(dir, name);
    if (!(await stat(path).catch(() => null))) continue; // a dangling symlink
    entries.push(await listEntry(path, name, ctx));
  }

  if (args.json) await write(ctx.io.stdout, `${JSON.stringify({ dir, problems: entries })}\n`);
  else await write(ctx.io.stdout, formatList(dir, entries, createStyle(ctx.config.color)));
  return { kind: 'problems-list', dir, entries };
}

async function listEntry(path: string, name: string, ctx: CommandContext): Promise<ListEntry> {
  try {
    const problem = await ctx.deps.loadProblem(path);
    const entry: ListEntry = {
      path,
      ok: true,
      slug: problem.slug,
      title: problem.title,
      tests: problem.testCases.length,
      samples: problem.testCases.filter((test) => test.sample).length,
    };
    if (problem.difficulty) entry.difficulty = problem.difficulty;
    return entry;
  } catch (error) {
    const { code, issues, message } = error as { code?: unknown; issues?: unknown[]; message?: string };
    if (typeof code !== 'string' || !code.startsWith('PROBLEM_')) throw error;
    return {
      path,
      ok: false,
      slug: name.replace(/\.ya?ml$/i, ''),
      code,
      errors: Array.isArray(issues) && issues.length > 0 ? issues.length : 1,
      message: (message ?? '').split('\n')[0].replace(`${path}: `, ''),
    };
  }
}

export function formatList(dir: string, entries: ListEntry[], style: Style): string {
  if (entries.length === 0) return `no problems in ${dir}\n`;
  const slugWidth = Math.max(4, ...entries.map((entry) => entry.slug.length));
  const titleWidth = Math.min(40, Math.max(5, ...entries.map((entry) => (entry.ok ? entry.title.length : 0))));
  const lines = [style.bold(`${pad('SLUG', slugWidth)}  ${pad('TITLE', titleWidth)}  ${pad('DIFFICULTY', 10)}  TESTS`)];
  for (const entry of entries) {
    if (entry.ok) {
      const title = entry.title.length > titleWidth ? `${entry.title.slice(0, titleWidth - 1)}…` : entry.title;
      const difficulty = entry.difficulty ? paintDifficulty(style, entry.difficulty, pad(entry.difficulty, 10)) : pad('-', 10);
      lines.push(`${pad(entry.slug, slugWidth)}  ${pad(title, titleWidth)}  ${difficulty}  ${entry.tests} (${entry.samples} sample${entry.samples === 1 ? '' : 's'})`);
    } else {
      const what = entry.code === 'PROBLEM_INVALID' ? plural(entry.errors, 'error') : entry.message;
      lines.push(`${pad(entry.slug, slugWidth)}  ${style.red(`✗ ${what}`)} ${style.dim(`(sonocode problems validate ${entry.path})`)}`);
    }
  }
  const broken = entries.filter((entry) => !entry.ok).length;
  lines.push(style.dim(`${plural(entries.length, 'problem')}${broken ? `, ${broken} broken` : ''}`));
  return `${lines.join('\n')}\n`;
}

function paintDifficulty(style: Style, difficulty: Difficulty, text: string): string {
  return difficulty === 'easy' ? style.green(text) : difficulty === 'medium' ? style.yellow(text) : style.red(text);
}

// ---------------------------------------------------------------------------------------------
// show

export interface ShowArgs {
  problem: string;
  /** Also show the starter code in this language (an id or an alias). */
  lang?: string;
  json: boolean;
}

/** What a contestant may see of a problem: never the hidden tests' data. */
export interface PublicProblem {
  slug: string;
  title: string;
  difficulty?: Difficulty;
  description: string;
  limits: Problem['limits'];
  checker: string;
  samples: { name: string; input: string; output: string }[];
  hiddenTests: number;
  codeStubs: { language: string; userSnippet: string }[];
  /** The starter code asked for with `--lang`: what the user completes and submits. */
  starter?: { language: string; code: string };
}

export interface ShowValue {
  kind: 'problems-show';
  problem: PublicProblem;
}

/** Lines of a sample shown on a terminal; the JSON keeps them whole. */
const SAMPLE_LINES = 50;

export async function show(args: ShowArgs, ctx: CommandContext): Promise<ShowValue> {
  const languages = args.lang !== undefined ? await ctx.deps.languages(ctx.config.languagesFile) : undefined;
  const problem = await loadProblemNamed(ctx, args.problem);
  const shown = await publicProblem(problem);
  if (args.lang !== undefined && languages) {
    const stub = starterStub(problem, languages, args.lang);
    shown.starter = { language: stub.language, code: stub.userSnippet };
  }
  if (args.json) await write(ctx.io.stdout, `${JSON.stringify(shown)}\n`);
  else await write(ctx.io.stdout, formatProblem(shown, createStyle(ctx.config.color)));
  return { kind: 'problems-show', problem: shown };
}

export async function publicProblem(problem: Problem): Promise<PublicProblem> {
  const samples = await Promise.all(
    problem.testCases
      .filter((test) => test.sample)
      .map(async (test) => ({ name: test.name, input: await readTestText(test.input), output: await readTestText(test.output) })),
  );
  const shown: PublicProblem = {
    slug: problem.slug,
    title: problem.title,
    description: problem.description,
    limits: { ...problem.limits },
    checker: problem.checker.type,
    samples,
    hiddenTests: problem.testCases.length - samples.length,
    codeStubs: problem.codeStubs.map((stub) => ({ language: stub.language, userSnippet: stub.userSnippet })),
  };
  if (problem.difficulty) shown.difficulty = problem.difficulty;
  return shown;
}

export function formatProblem(problem: PublicProblem, style: Style): string {
  const out: string[] = [];
  const difficulty = problem.difficulty ? ` · ${paintDifficulty(style, problem.difficulty, problem.difficulty)}` : '';
  out.push(`${style.bold(problem.title)} ${style.dim(`(${problem.slug})`)}${difficulty}`);
  const { limits } = problem;
  out.push(
    style.dim(
      `time ${limits.timeLimitMs} ms · memory ${limits.memoryLimitMb} MB · output ${limits.outputLimitKb} KB · checker ${problem.checker}`,
    ),
  );
  if (problem.description.trim()) out.push('', problem.description.trim());
  problem.samples.forEach((sample, index) => {
    out.push('', style.bold(`Sample ${index + 1}`) + style.dim(` (${sample.name})`));
    out.push(style.cyan('input:'), indent(cut(sample.input)), style.cyan('output:'), indent(cut(sample.output)));
  });
  out.push('', style.dim(`${plural(problem.samples.length, 'sample test')}, ${plural(problem.hiddenTests, 'hidden test')}`));
  if (problem.starter) {
    out.push('', style.bold(`Starter code (${problem.starter.language})`) + style.dim(' — complete it; it is judged inside the code that reads the input and prints the answer'));
    out.push(problem.starter.code.trimEnd());
  } else if (problem.codeStubs.length > 0) {
    const languages = problem.codeStubs.map((stub) => stub.language).join(', ');
    out.push(style.dim(`starter code: ${languages} (show it with --lang L; write it to a file with \`sonocode problems starter <problem> --lang L -o FILE\`)`));
  }
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------------
// starter

export interface StarterArgs {
  problem: string;
  /** An id or an alias; from the `--out` file's extension when omitted. */
  lang?: string;
  /** The file to write; the code goes to stdout when omitted. */
  out?: string;
  /** Replace `out` when it exists. */
  force: boolean;
}

export interface StarterValue {
  kind: 'problems-starter';
  language: string;
  /** The file written, when one was. */
  out?: string;
}

/**
 * The code a function problem's user starts from in one language — the stub's user part, which is
 * what `submit` and `run` take — on stdout, or written to a new file ready to edit.
 * @throws CliError USAGE for a problem without starter code (a whole program reads the input), a
 *   language it has none in, no language given, or an `--out` file that exists (without `--force`)
 */
export async function starter(args: StarterArgs, ctx: CommandContext): Promise<StarterValue> {
  const languages = await ctx.deps.languages(ctx.config.languagesFile);
  const lang = args.lang ?? (args.out !== undefined ? languages.resolve(args.out).id : undefined);
  if (lang === undefined) throw usageError('name the language: --lang L', `e.g. sonocode problems starter ${args.problem} --lang python -o solution.py`);
  const problem = await loadProblemNamed(ctx, args.problem);
  const stub = starterStub(problem, languages, lang);
  const code = stub.userSnippet.endsWith('\n') ? stub.userSnippet : `${stub.userSnippet}\n`;
  if (args.out === undefined) {
    await write(ctx.io.stdout, code);
    return { kind: 'problems-starter', language: stub.language };
  }
  await writeNewFile(args.out, code, args.force);
  const style = createStyle(ctx.config.color);
  await write(
    ctx.io.stdout,
    `${style.green('✓')} wrote the ${stub.language} starter code of ${problem.slug} to ${args.out}\n` +
      style.dim(`complete it, then: sonocode run ${args.problem} ${args.out} (the samples), sonocode submit ${args.problem} ${args.out}`) +
      '\n',
  );
  return { kind: 'problems-starter', language: stub.language, out: args.out };
}

/** The problem's stub in a language (an id or an alias). @throws CliError USAGE when it has none */
function starterStub(problem: Problem, languages: LanguageRegistry, lang: string): CodeStub {
  const wanted = languages.get(lang).id;
  const stub = problem.codeStubs.find((candidate) => candidate.language === wanted);
  if (stub) return stub;
  if (problem.codeStubs.length === 0) {
    throw usageError(
      `${problem.slug} has no starter code: it is not a function problem`,
      'write a whole program: it reads the input on standard input and writes the answer on standard output',
    );
  }
  throw usageError(`${problem.slug} has no starter code in ${wanted}; it has: ${problem.codeStubs.map((candidate) => candidate.language).join(', ')}`);
}

/** Writes a file that must not exist yet, unless `force`. @throws CliError USAGE for one that exists */
async function writeNewFile(file: string, text: string, force: boolean): Promise<void> {
  let handle;
  try {
    await mkdir(dirname(file), { recursive: true });
    handle = await open(file, force ? 'w' : 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw usageError(`${file} exists already`, 'name another file with -o, or replace it with --force');
    throw fileError('output file', file, error);
  }
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}

function cut(text: string): string {
  const lines = text.replace(/\n$/, '').split('\n');
  if (lines.length <= SAMPLE_LINES) return lines.join('\n');
  return [...lines.slice(0, SAMPLE_LINES), `… ${lines.length - SAMPLE_LINES} more lines`].join('\n');
}

// ---------------------------------------------------------------------------------------------
// schema

export interface SchemaValue {
  kind: 'problems-schema';
}

export async function schema(ctx: CommandContext): Promise<SchemaValue> {
  const document = await ctx.deps.problemJsonSchema();
  await write(ctx.io.stdout, `${JSON.stringify(document, null, 2)}\n`);
  return { kind: 'problems-schema' };
}
