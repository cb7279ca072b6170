/**
 * Loads a problem in the native YAML format (SPEC §2.1) into the judge's `Problem`.
 *
 * Every problem with the file is collected before anything is thrown — YAML syntax, schema, missing
 * test files — each located as `file:line:col` with its document path (`testCases[3].output`).
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { problemFromDocument } from './document.js';
import { ProblemError, type ProblemIssue } from './errors.js';
import { isIcpcPackage, loadIcpcPackage } from './icpc/load.js';
import { formatPath, SLUG_PATTERN, validateProblemDocument } from './schema.js';
import type { Problem } from './types.js';
import { isRecord } from './record.js';
import { YamlFile, type YamlPath } from './yaml.js';

/** The file a native problem folder holds. */
export const NATIVE_PROBLEM_FILE = 'problem.yaml';

/**
 * Loads a problem from `<slug>.yaml` / `<slug>.yml`, from a folder holding `problem.yaml`, or from an
 * ICPC/Kattis package (a folder with `problem.yaml` and `data/` whose problem.yaml has no
 * `testCases`), which goes to the ICPC package loader.
 *
 * @throws ProblemError `PROBLEM_NOT_FOUND` (nothing there), `PROBLEM_FORMAT` (not a problem sonocode
 *   can judge) or `PROBLEM_INVALID` (with every issue found).
 */
export async function loadProblem(problemPath: string): Promise<Problem> {
  const packagePath = await icpcPackagePath(problemPath);
  if (packagePath !== undefined) return loadIcpcPackage(packagePath);
  return loadNativeProblem(problemPath);
}

/** The package folder when `problemPath` names an ICPC package (or its problem.yaml). */
export async function icpcPackagePath(problemPath: string): Promise<string | undefined> {
  const stats = await stat(problemPath).catch(() => null);
  if (!stats) return undefined;
  if (stats.isDirectory()) return (await isIcpcPackage(problemPath)) ? problemPath : undefined;
  if (path.basename(problemPath) === NATIVE_PROBLEM_FILE) {
    const directory = path.dirname(problemPath);
    return (await isIcpcPackage(directory)) ? directory : undefined;
  }
  return undefined;
}

/** {@link loadProblem} for the native YAML format only. */
export async function loadNativeProblem(problemPath: string): Promise<Problem> {
  const located = await locateProblemFile(problemPath);
  const { file, displayFile, directory } = located;

  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new ProblemError('PROBLEM_NOT_FOUND', displayFile, `cannot read the file: ${(error as Error).message}`, [], {
      cause: error,
    });
  }

  const yaml = YamlFile.parse(text, displayFile);
  if (yaml.syntaxErrors.length > 0) {
    const issues = yaml.syntaxErrors.map((error) => ({ path: '', message: error.message, line: error.line, column: error.column }));
    throw new ProblemError('PROBLEM_INVALID', displayFile, 'invalid YAML', issues);
  }
  if (yaml.empty) {
    throw new ProblemError('PROBLEM_INVALID', displayFile, 'empty file', [
      { path: '', message: 'the file is empty; a problem needs at least title and testCases', line: 1, column: 1 },
    ]);
  }
  if (yaml.valueError !== undefined) {
    throw new ProblemError('PROBLEM_INVALID', displayFile, 'invalid YAML', [{ path: '', message: yaml.valueError, line: 1, column: 1 }]);
  }

  const data = yaml.data;
  const validated = validateProblemDocument(data);
  const issues: ProblemIssue[] = validated.ok
    ? []
    : validated.issues.map((issue) => ({
        path: formatPath(issue.path),
        message: issue.message,
        ...(issue.unknownKey !== undefined ? yaml.keyPlace(issue.path, issue.unknownKey) : yaml.place(issue.path)),
      }));

  // Files are checked on the raw data, so that a missing file is reported next to schema errors.
  for (const check of fileReferences(data)) {
    const problem = await checkFile(path.resolve(directory, check.relative), check.relative, directory);
    if (problem) {
      issues.push({
        path: formatPath(check.path),
        message: `${problem}: ${JSON.stringify(check.relative)} (looked for ${path.resolve(directory, check.relative)})`,
        ...yaml.place(check.path),
      });
    }
  }

  const slugGiven = isRecord(data) && data.slug !== undefined;
  if (!slugGiven && !SLUG_PATTERN.test(located.defaultSlug)) {
    issues.push({
      path: 'slug',
      message:
        `not given, and the ${located.slugFrom} name ${JSON.stringify(located.defaultSlug)} is not a valid slug ` +
        `([a-z0-9-]+); add "slug: ${suggestSlug(located.defaultSlug)}" or rename the ${located.slugFrom}`,
    });
  }

  if (issues.length > 0 || !validated.ok) {
    throw new ProblemError('PROBLEM_INVALID', displayFile, 'invalid problem', sortIssues(issues));
  }
  return problemFromDocument(validated.document, { slug: validated.document.slug ?? located.defaultSlug, directory });
}

// ---------------------------------------------------------------------------------------------
// Finding the file

interface LocatedProblem {
  /** Absolute path of the YAML file. */
  file: string;
  /** The file as the user named it, for messages. */
  displayFile: string;
  /** Absolute path of the folder relative file names are resolved against. */
  directory: string;
  defaultSlug: string;
  slugFrom: 'file' | 'folder';
}

async function locateProblemFile(problemPath: string): Promise<LocatedProblem> {
  const stats = await stat(problemPath).catch((error: NodeJS.ErrnoException) => {
    const reason = error.code === 'ENOENT' ? 'no such file or folder' : error.message;
    throw new ProblemError('PROBLEM_NOT_FOUND', problemPath, reason, [], { cause: error });
  });

  if (stats.isDirectory()) {
    const displayFile = path.join(problemPath, NATIVE_PROBLEM_FILE);
    const file = path.resolve(displayFile);
    if (!(await isFile(file))) {
      throw new ProblemError('PROBLEM_NOT_FOUND', problemPath, `no ${NATIVE_PROBLEM_FILE} in this folder`);
    }
    const directory = path.resolve(problemPath);
    await rejectIcpcPackage(directory, file, displayFile);
    return { file, displayFile, directory, defaultSlug: path.basename(directory), slugFrom: 'folder' };
  }

  const extension = path.extname(problemPath).toLowerCase();
  if (extension !== '.yaml' && extension !== '.yml') {
    throw new ProblemError(
      'PROBLEM_FORMAT',
      problemPath,
      'not a problem file: expected a .yaml or .yml file, or a folder with problem.yaml',
    );
  }
  const file = path.resolve(problemPath);
  const directory = path.dirname(file);
  const base = path.basename(file, path.extname(file));
  if (base === 'problem') {
    // problems/<slug>/problem.yaml named directly: the same problem as its folder.
    await rejectIcpcPackage(directory, file, problemPath);
    return { file, displayFile: problemPath, directory, defaultSlug: path.basename(directory), slugFrom: 'folder' };
  }
  return { file, displayFile: problemPath, directory, defaultSlug: base, slugFrom: 'file' };
}

/**
 * A folder with problem.yaml and data/ is an ICPC/Kattis package, unless its problem.yaml is plainly
 * native (has testCases): a native problem may keep its test files in data/ too.
 */
async function rejectIcpcPackage(directory: string, file: string, displayFile: string): Promise<void> {
  const data = await stat(path.join(directory, 'data')).catch(() => null);
  if (!data?.isDirectory()) return;
  const text = await readFile(file, 'utf8').catch(() => '');
  if (!YamlFile.parse(text, displayFile).hasTopLevelKey('testCases')) {
    throw new ProblemError(
      'PROBLEM_FORMAT',
      displayFile,
      'this is an ICPC/Kattis problem package (problem.yaml with data/); it is read by the ICPC package loader, not the native one',
    );
  }
}

async function isFile(file: string): Promise<boolean> {
  return (await stat(file).catch(() => null))?.isFile() ?? false;
}

/** Why a referenced file is unusable, or null when it is fine. */
/**
 * What is wrong with a file a problem names, or null. A problem reads only files inside its own
 * folder (links included: where they lead counts), so that a problem from an untrusted source — an
 * upload, an archive — cannot make the judge read, and show, anything else of the machine.
 */
async function checkFile(file: string, written: string, directory: string): Promise<string | null> {
  if (path.isAbsolute(written)) return "must be relative to the problem's folder";
  try {
    const stats = await stat(file);
    if (!stats.isFile()) return 'not a file';
    const [real, folder] = await Promise.all([realpath(file), realpath(directory)]);
    if (!real.startsWith(folder + path.sep)) return `leads outside the problem's folder (to ${real})`;
    return null;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `cannot read the file (${(error as Error).message})`;
  }
}

function fileReferences(data: unknown): { path: YamlPath; relative: string }[] {
  const references: { path: YamlPath; relative: string }[] = [];
  if (!isRecord(data)) return references;
  if (Array.isArray(data.testCases)) {
    data.testCases.forEach((item: unknown, index) => {
      if (!isRecord(item)) return;
      for (const key of ['inputFile', 'outputFile']) {
        const value = item[key];
        if (typeof value === 'string' && value !== '') references.push({ path: ['testCases', index, key], relative: value });
      }
    });
  }
  const checker = data.checker;
  if (isRecord(checker) && checker.type === 'custom' && typeof checker.source === 'string' && checker.source !== '') {
    references.push({ path: ['checker', 'source'], relative: checker.source });
  }
  const interactor = data.interactor;
  if (isRecord(interactor) && typeof interactor.source === 'string' && interactor.source !== '') {
    references.push({ path: ['interactor', 'source'], relative: interactor.source });
  }
  return references;
}

// ---------------------------------------------------------------------------------------------
// Messages

function sortIssues(issues: ProblemIssue[]): ProblemIssue[] {
  return issues
    .map((issue, index) => ({ issue, index }))
    .sort(
      (a, b) =>
        (a.issue.line ?? Infinity) - (b.issue.line ?? Infinity) ||
        (a.issue.column ?? 0) - (b.issue.column ?? 0) ||
        a.index - b.index,
    )
    .map(({ issue }) => issue);
}

function suggestSlug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'my-problem'
  );
}
