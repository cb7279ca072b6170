/** `sonocode problems list|show|schema`: what problems there are and what they ask. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Difficulty, Problem } from '../../judge/problem/types.js';
import type { CommandContext } from '../context.js';
import { CliError, fileError } from '../errors.js';
import { createStyle, indent, pad, plural, type Style } from '../format.js';
import { loadProblemNamed, readTestData } from './shared.js';
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
}

export interface ShowValue {
  kind: 'problems-show';
  problem: PublicProblem;
}

/** Lines of a sample shown on a terminal; the JSON keeps them whole. */
const SAMPLE_LINES = 50;

export async function show(args: ShowArgs, ctx: CommandContext): Promise<ShowValue> {
  const problem = await loadProblemNamed(ctx, args.problem);
  const shown = await publicProblem(problem);
  if (args.json) await write(ctx.io.stdout, `${JSON.stringify(shown)}\n`);
  else await write(ctx.io.stdout, formatProblem(shown, createStyle(ctx.config.color)));
  return { kind: 'problems-show', problem: shown };
}

export async function publicProblem(problem: Problem): Promise<PublicProblem> {
  const samples = await Promise.all(
    problem.testCases
      .filter((test) => test.sample)
      .map(async (test) => ({ name: test.name, input: await readTestData(test.input), output: await readTestData(test.output) })),
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
  if (problem.codeStubs.length > 0) {
    out.push(style.dim(`code stubs: ${problem.codeStubs.map((stub) => stub.language).join(', ')}`));
  }
  return `${out.join('\n')}\n`;
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
