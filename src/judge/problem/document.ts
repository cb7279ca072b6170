/**
 * The one codec between the judge's `Problem` and the native problem document (SPEC §2.1: the YAML
 * format, and the body of the server's problem API).
 *
 * - {@link problemFromDocument}: a validated document as a Problem (the native loader; the server's
 *   stored problems, which its worker judges).
 * - {@link documentFromProblem}: a Problem (an ICPC package, or a native problem) as a document,
 *   with what the native format cannot express named in warnings (`problems import` to a file or
 *   stdout, and, self-contained, `problems import --server` and the client's import).
 *
 * Only types come from the zod schema, so that a client converting problems loads neither zod nor
 * a YAML parser.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { defaultValidatorFlags } from './icpc/flags.js';
import { defaultTestName, testCaseNames, type ProblemDocument, type ProblemDocumentInput } from './schema.js';
import { reportedGroups, scoringFromGroups } from './scoring.js';
import { readTestBytes, readTestText } from './test-data.js';
import type { CheckerSpec, InlineFile, Problem, TestCase, TestData } from './types.js';

// ---------------------------------------------------------------------------------------------
// Test names

// ---------------------------------------------------------------------------------------------
// Document → Problem

/** Where a document's problem lives. */
export interface DocumentPlace {
  /** The problem's slug (the document's own, or one from its file or folder name). */
  slug: string;
  /** The folder that relative file names (`inputFile`, a custom checker's `source`) are resolved against, and the problem's `directory`. */
  directory?: string;
}

/**
 * A validated document (see `validateProblemDocument`) as the judge's Problem: tests named (given,
 * or `sample-N` / `test-N`), files resolved against `place.directory`, `groups` as the scoring tree.
 */
export function problemFromDocument(document: ProblemDocument, place: DocumentPlace): Problem {
  const resolveFile = (file: string) => path.resolve(place.directory ?? '', file);
  const data = (text: string | undefined, file: string | undefined): TestData =>
    file !== undefined ? { path: resolveFile(file) } : { text: text ?? '' };
  const names = testCaseNames(document.testCases);
  const problem: Problem = {
    slug: place.slug,
    title: document.title,
    description: document.description,
    limits: { ...document.limits },
    checker: checkerFromDocument(document.checker, resolveFile),
    testCases: document.testCases.map((item, index) => {
      const test: TestCase = {
        name: names[index] ?? defaultTestName(false, index + 1),
        sample: item.sample ?? false,
        input: data(item.input, item.inputFile),
        output: data(item.output, item.outputFile),
      };
      if (item.checker) test.checker = checkerFromDocument(item.checker, resolveFile);
      if (item.checkerArgs) test.checkerArgs = [...item.checkerArgs];
      return test;
    }),
    codeStubs: document.codeStubs.map((stub) => ({ ...stub })),
    format: 'native',
  };
  if (place.directory !== undefined) problem.directory = place.directory;
  if (document.difficulty !== undefined) problem.difficulty = document.difficulty;
  if (document.interactor) problem.interactor = programFromDocument(document.interactor, 'interactor', resolveFile);
  const scoring = scoringFromGroups(document.groups);
  if (scoring) problem.scoring = scoring;
  return problem;
}

function checkerFromDocument(checker: ProblemDocument['checker'], resolveFile: (file: string) => string): CheckerSpec {
  switch (checker.type) {
    case 'exact':
    case 'tokens':
      return { ...checker };
    case 'float':
      return { type: 'float', absTol: checker.absTol ?? 0, relTol: checker.relTol ?? 0 };
    case 'custom':
      return programFromDocument(checker, 'checker', resolveFile);
  }
}

/** A checker's or interactor's program: its source file (resolved), or its files given inline. */
function programFromDocument(
  program: { source?: string | undefined; files?: InlineFile[] | undefined; language: string },
  what: 'checker' | 'interactor',
  resolveFile: (file: string) => string,
): Extract<CheckerSpec, { type: 'custom' }> {
  if (program.files) return { type: 'custom', sourcePath: `(the ${what}, inline)`, language: program.language, inline: program.files };
  return { type: 'custom', sourcePath: resolveFile(program.source ?? ''), language: program.language };
}

// ---------------------------------------------------------------------------------------------
// Problem → document

type TestCaseDocument = NonNullable<ProblemDocumentInput['testCases']>[number];
type TestCheckerDocument = NonNullable<TestCaseDocument['checker']>;

/** Tests up to this size (each of input and answer, in bytes, valid UTF-8) are written inline. */
export const INLINE_BYTES = 4096;

/** How {@link documentFromProblem} places what the document refers to. */
export interface DocumentOptions {
  /**
   * The YAML file the document will be written to: larger tests and checker files are to be copied
   * beside it (`files`), and a problem folder's `submissions/` too when it is a `problem.yaml`
   * (`folders`). Without one, every test is inline and checker files are referred to where they are.
   */
  outFile?: string;
  /**
   * Every test inline and no file referred to: what a server's API takes. A custom checker's and an
   * interactor's files are then inline too (text, at most 1 MiB together).
   */
  selfContained?: boolean;
}

export interface ProblemConversion {
  document: ProblemDocumentInput;
  /** Files to copy: host path → path relative to the YAML file's folder. */
  files: { from: string; to: string }[];
  /** Folders to copy (the problem's submissions/, beside a problem.yaml). */
  folders: { from: string; to: string }[];
  /** What the native format cannot express, one sentence each; the loader's own warnings first. */
  warnings: string[];
}

/**
 * A Problem as a native document. The ICPC default output validator becomes the closest native
 * checker: no flags → tokens, case-insensitive; `case_sensitive` → tokens; `space_change_sensitive`
 * → exact; a float tolerance → float with the tolerances given (words then compare
 * case-sensitively) — each loss named in a warning, as are scoring the native groups cannot
 * express and an unknown time limit. A test group's own validator flags become its tests' own
 * checkers the same way, and its output validator arguments its tests' `checkerArgs`.
 *
 * A program folder (a validator of several files, `build`/`run` scripts) is written with its files
 * inline, since one `source` cannot name it.
 *
 * @throws Error naming the program when its files are to be inline and are too large or not text
 */
export async function documentFromProblem(problem: Problem, options: DocumentOptions = {}): Promise<ProblemConversion> {
  const warnings = [...(problem.warnings ?? [])];
  const files: ProblemConversion['files'] = [];
  const folders: ProblemConversion['folders'] = [];
  const folder = options.outFile ? filesFolder(options.outFile) : undefined;

  if (problem.timeLimitSource === 'unknown') {
    warnings.push(
      `the package gives no time limit: the native problem gets ${problem.limits.timeLimitMs} ms; ` +
        'run `sonocode verify` on the package to infer one, then set limits.timeLimitMs',
    );
  }
  // A program folder (several files, build/run scripts) and everything a server keeps go inline.
  const inline = async (spec: Extract<CheckerSpec, { type: 'custom' }>) =>
    options.selfContained || needsInline(spec) ? inlineProgram(spec) : undefined;
  const copied = (kind: string) => (from: string, name: string) => {
    if (!folder) return from;
    const to = `${folder}/${kind}/${name}`;
    files.push({ from, to });
    return to;
  };
  const checker =
    problem.checker.type === 'custom' && (await inline(problem.checker))
      ? { type: 'custom' as const, ...(await inline(problem.checker))! }
      : checkerToDocument(problem.checker, warnings, copied('checker'));
  const inlineInteractor = problem.interactor ? await inline(problem.interactor) : undefined;
  const interactor = inlineInteractor ? { type: 'custom' as const, ...inlineInteractor } : problem.interactor ? checkerToDocument(problem.interactor, warnings, copied('interactor')) : undefined;

  const testCases: TestCaseDocument[] = [];
  const perTestLosses = new Set<string>();
  for (const test of problem.testCases) {
    const entry: TestCaseDocument = { name: test.name };
    if (test.sample) entry.sample = true;
    const [input, output] = await Promise.all([smallText(test.input), smallText(test.output)]);
    if (input !== undefined && output !== undefined) {
      entry.input = input;
      entry.output = output;
    } else if (!folder) {
      entry.input = input ?? (await readTestText(test.input));
      entry.output = output ?? (await readTestText(test.output));
    } else {
      entry.inputFile = `${folder}/${test.name}.in`;
      entry.outputFile = `${folder}/${test.name}.ans`;
      files.push({ from: hostPath(test.input), to: entry.inputFile }, { from: hostPath(test.output), to: entry.outputFile });
    }
    Object.assign(entry, testCheckingToDocument(test, problem, checker, perTestLosses));
    testCases.push(entry);
  }
  warnings.push(...perTestLosses);

  const document: ProblemDocumentInput = {
    title: problem.title,
    slug: problem.slug,
    ...(problem.description ? { description: problem.description } : {}),
    ...(problem.difficulty ? { difficulty: problem.difficulty } : {}),
    limits: { ...problem.limits },
    checker,
    testCases,
  };
  if (interactor?.type === 'custom') {
    document.interactor = 'source' in interactor && interactor.source !== undefined ? { source: interactor.source, language: interactor.language } : { files: interactor.files ?? [], language: interactor.language };
  }
  const groups = groupsToDocument(problem, warnings);
  if (groups.length > 0) document.groups = groups;
  if (problem.codeStubs.length > 0) document.codeStubs = problem.codeStubs.map((stub) => ({ ...stub }));
  // A problem folder keeps its reference solutions beside it, as a package does (sonocode verify reads both).
  if (options.outFile && path.basename(options.outFile) === 'problem.yaml' && problem.directory) {
    const submissions = path.join(problem.directory, 'submissions');
    if ((await stat(submissions).catch(() => null))?.isDirectory()) folders.push({ from: submissions, to: 'submissions' });
  }
  return { document, files, folders, warnings };
}

/** The folder test files are copied to, relative to the YAML file: `tests/` beside problem.yaml, `<stem>-tests/` beside `<stem>.yaml`. */
function filesFolder(outFile: string): string {
  const base = path.basename(outFile, path.extname(outFile));
  return base === 'problem' ? 'tests' : `${base}-tests`;
}

function checkerToDocument(spec: CheckerSpec, warnings: string[], place: (from: string, name: string) => string): ProblemDocumentInput['checker'] {
  if (spec.type !== 'custom') return builtInCheckerToDocument(spec, (loss) => warnings.push(loss));
  // one source file (programs of several files, or built by scripts, went inline: needsInline)
  const file = spec.files?.[0] ?? spec.sourcePath;
  return { type: 'custom', source: place(file, path.basename(file)), language: spec.language };
}

type BuiltInChecker = Exclude<CheckerSpec, { type: 'custom' }>;

/**
 * A comparator as the closest native checker (the problem's, or a test's own), each loss told to
 * `lose` as a sentence; `where` (a test group) names whose validator flags they are.
 */
function builtInCheckerToDocument(spec: BuiltInChecker, lose: (loss: string) => void, where?: string): TestCheckerDocument {
  switch (spec.type) {
    case 'exact':
    case 'tokens':
      return { ...spec };
    case 'float':
      // the native float checker has no caseSensitive: words compare case-sensitively
      return { type: 'float', absTol: spec.absTol, relTol: spec.relTol };
    case 'icpc-default': {
      const flags = `validator flags "${defaultValidatorFlags(spec).join(' ') || 'none'}"${where ? ` (${where})` : ''}`;
      if (spec.floatAbsTol !== undefined || spec.floatRelTol !== undefined) {
        if (!spec.caseSensitive) lose(`${flags}: the native float checker compares words case-sensitively`);
        if (spec.spaceChangeSensitive) lose(`${flags}: space_change_sensitive cannot be combined with a float tolerance in the native format (dropped)`);
        return {
          type: 'float',
          ...(spec.floatAbsTol !== undefined ? { absTol: spec.floatAbsTol } : {}),
          ...(spec.floatRelTol !== undefined ? { relTol: spec.floatRelTol } : {}),
        };
      }
      if (spec.spaceChangeSensitive) {
        lose(`${flags} became the exact checker, which also compares letters case-sensitively and forgives a missing final newline`);
        return { type: 'exact' };
      }
      return { type: 'tokens', caseSensitive: spec.caseSensitive };
    }
  }
}

/** Whether a program can only be written with its files inline: several files, build/run scripts, or given as text. */
function needsInline(spec: Extract<CheckerSpec, { type: 'custom' }>): boolean {
  return spec.inline !== undefined || spec.language === 'script' || (spec.files !== undefined && spec.files.length > 1);
}

/**
 * A test's own checking in the native form: its checker (the closest native one, omitted when that
 * is the problem's) and its checker arguments where a program receives them — a comparator takes
 * none, so the judge ignores them and nothing is lost by leaving them out. What is lost is added to
 * `losses` once per test group (the folder of the test's name), as a sentence.
 */
function testCheckingToDocument(
  test: TestCase,
  problem: Problem,
  problemChecker: ProblemDocumentInput['checker'],
  losses: Set<string>,
): Pick<TestCaseDocument, 'checker' | 'checkerArgs'> {
  const group = test.name.includes('/') ? test.name.slice(0, test.name.lastIndexOf('/')) : test.name;
  const own = test.checker;
  if (own?.type === 'custom') {
    losses.add(`${group}: a checker program of a test's own cannot be expressed (a native test's checker is exact, tokens or float): the problem's checker judges it`);
    return {};
  }
  if (own) {
    const checker = builtInCheckerToDocument(own, (loss) => losses.add(loss), group);
    return JSON.stringify(checker) === JSON.stringify(problemChecker) ? {} : { checker };
  }
  const program = problem.checker.type === 'custom' || problem.interactor !== undefined;
  return program && test.checkerArgs && test.checkerArgs.length > 0 ? { checkerArgs: [...test.checkerArgs] } : {};
}

/** The reported groups of the scoring tree as native groups (each all or nothing), with what they lose. */
function groupsToDocument(problem: Problem, warnings: string[]): NonNullable<ProblemDocumentInput['groups']> {
  const groups = reportedGroups(problem.scoring);
  if (groups.length === 0) return [];
  const partial = groups.filter((group) => group.aggregation === 'sum' || group.aggregation === 'min');
  if (partial.length > 0) {
    warnings.push(`groups scored test by test (${partial.map((group) => `${group.name}: ${group.aggregation}`).join(', ')}) cannot be expressed: native groups score all or nothing`);
  }
  const requiring = groups.filter((group) => group.requirePass && group.requirePass.length > 0);
  if (requiring.length > 0) {
    warnings.push(`require_pass (${requiring.map((group) => `${group.name} needs ${group.requirePass?.join(', ')}`).join('; ')}) cannot be expressed: native groups are scored independently`);
  }
  if (problem.formatVersion === 'legacy') {
    warnings.push('legacy scoring (accept_score, reject_score, grader_flags, on_reject) became groups worth their maximum score, all or nothing');
  }
  return groups.map((group) => ({ name: group.name, score: group.score, tests: [...group.tests] }));
}

/** The data as text when it is small and valid UTF-8 (fit to be written inline). */
async function smallText(data: TestData): Promise<string | undefined> {
  if ('text' in data) return data.text;
  // a large file is not read just to learn that it is large
  if ((await stat(data.path)).size > INLINE_BYTES) return undefined;
  const bytes = await readTestBytes(data);
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : undefined;
}

function hostPath(data: TestData): string {
  if ('text' in data) throw new Error('inline data has no file');
  return data.path;
}

/** The most a program taken inline may hold, in bytes (a server keeps it in the problem's document). */
const INLINE_PROGRAM_BYTES = 1024 * 1024;

/**
 * A checker's or interactor's program with its files inline: for a server (which keeps no files),
 * and for program folders (several files, build/run scripts), which one `source` cannot name.
 * @throws Error when the files are too large or not text
 */
async function inlineProgram(spec: Extract<CheckerSpec, { type: 'custom' }>): Promise<{ files: InlineFile[]; language: string }> {
  if (spec.inline) return { files: spec.inline.map((file) => ({ ...file })), language: spec.language };
  const hostFiles = spec.files ?? [spec.sourcePath];
  const single = hostFiles.length === 1 && hostFiles[0] === spec.sourcePath;
  let total = 0;
  const files: InlineFile[] = [];
  for (const file of hostFiles) {
    const [bytes, stats] = await Promise.all([readFile(file), stat(file)]);
    total += bytes.length;
    if (total > INLINE_PROGRAM_BYTES) throw new Error(`${spec.sourcePath}: more than ${INLINE_PROGRAM_BYTES / 1024} KiB of program files to keep inline`);
    const content = bytes.toString('utf8');
    if (!Buffer.from(content, 'utf8').equals(bytes)) throw new Error(`${file}: not a text file (a program kept inline is text)`);
    const name = single ? path.basename(file) : path.relative(spec.sourcePath, file);
    files.push({ path: name, content, ...((stats.mode & 0o111) !== 0 ? { executable: true } : {}) });
  }
  return { files, language: spec.language };
}

