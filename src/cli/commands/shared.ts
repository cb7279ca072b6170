/** Steps several commands share: reading the user's files, resolving the language, opening the sandbox. */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Language, LanguageRegistry } from '../../judge/languages.js';
import type { Problem } from '../../judge/problem/types.js';
import type { SandboxBackend } from '../../sandbox/types.js';
import type { CommandContext, Io } from '../context.js';
import { fileError } from '../errors.js';

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
): Promise<Submission> {
  const languages = await ctx.deps.languages(ctx.config.languagesFile);
  const language = languages.resolve(args.file, args.lang);
  const source = await readSource(args.file);
  const problem = await ctx.deps.loadProblem(args.problem);
  const { assertTimeLimitKnown } = await import('../../judge/pipeline.js');
  assertTimeLimitKnown(problem, ctx.config.limits);
  ctx.signal.throwIfAborted();
  return { problem, language, languages, source };
}

export async function readSource(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw fileError('source file', file, error);
  }
}

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

/** Reads a whole stream (standard input for `--input -`); Ctrl-C stops the wait. */
export async function readStream(stream: NodeJS.ReadableStream, signal: AbortSignal): Promise<string> {
  signal.throwIfAborted();
  const chunks: Buffer[] = [];
  const read = (async () => {
    for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  })();
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([read, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
  return Buffer.concat(chunks).toString('utf8');
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
