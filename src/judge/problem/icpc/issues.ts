/**
 * Issues of a package spread over many files (problem.yaml, test_group.yaml of each group, test
 * files), each naming its own file (`file:line:col: key: message`), collected so that every problem
 * of the package is reported at once; and typed reads of the package's YAML files.
 */
import { readFile } from 'node:fs/promises';
import { ProblemError, formatIssue, type ProblemErrorCode, type ProblemIssue } from '../errors.js';
import { closestName } from '../../../errors/suggest.js';
import { describeValue } from '../schema.js';
import { isRecord } from '../record.js';
import { YamlFile } from '../yaml.js';

/** A ProblemError whose lines name each issue's own file (`pkg/data/secret/a.in: …`). */
export function packageError(code: ProblemErrorCode, packagePath: string, issues: ProblemIssue[], summary = 'invalid package'): ProblemError {
  return new ProblemError(code, packagePath, summary, issues);
}

/** An issue of a package: in a file of its own, and about the file as a whole unless a `path` is given. */
export type PackageIssue = Omit<ProblemIssue, 'file' | 'path'> & { file: string; path?: string };

/** Errors and warnings of a package, each naming its own file. */
export class IssueList {
  readonly errors: ProblemIssue[] = [];
  readonly warnings: string[] = [];

  error(issue: PackageIssue): void {
    this.errors.push({ ...issue, path: issue.path ?? '' });
  }

  warn(issue: PackageIssue): void {
    this.warnings.push(formatIssue(issue.file, { ...issue, path: issue.path ?? '' }));
  }
}

/**
 * Reads a YAML file of the package; what is wrong with it goes to `issues` (and it reads as empty).
 * @returns undefined when the file does not exist
 */
export async function readPackageYaml(hostPath: string, displayPath: string, issues: IssueList): Promise<YamlFile | undefined> {
  let text: string;
  try {
    text = await readFile(hostPath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    issues.error({ file: displayPath, message: `cannot read the file: ${(error as Error).message}` });
    return YamlFile.parse('', displayPath);
  }
  const file = YamlFile.parse(text, displayPath);
  for (const error of file.syntaxErrors) {
    issues.error({ file: displayPath, line: error.line, column: error.column, message: `invalid YAML: ${error.message}` });
  }
  if (file.valueError !== undefined) issues.error({ file: displayPath, message: `invalid YAML: ${file.valueError}` });
  return file;
}

/** An issue about the value at `keys` of a package's YAML file; the path is written `limits.memory`. */
export function issueAt(file: YamlFile, keys: readonly (string | number)[], message: string): PackageIssue {
  return { file: file.file, ...file.place(keys), path: keys.join('.'), message };
}

/** Reports keys of `map` that are not in `known` as warnings (with a guess at the intended key). */
export function warnUnknownKeys(
  file: YamlFile,
  prefix: readonly string[],
  map: Record<string, unknown>,
  known: readonly string[],
  issues: IssueList,
  why = 'unknown key, ignored',
): void {
  for (const key of Object.keys(map)) {
    if (known.includes(key)) continue;
    const guess = closestName(key, known);
    issues.warn(issueAt(file, [...prefix, key], `${why}${guess ? ` (did you mean "${guess}"?)` : ''}`));
  }
}

/** Typed reads of optional values that add an issue for a value of the wrong type. */
export class Reader {
  constructor(
    readonly file: YamlFile,
    private readonly issues: IssueList,
  ) {}

  private wrong(keys: readonly (string | number)[], expected: string, value: unknown): undefined {
    this.issues.error(issueAt(this.file, keys, `expected ${expected}, got ${describeValue(value)}`));
    return undefined;
  }

  string(map: Record<string, unknown>, keys: readonly string[]): string | undefined {
    const value = map[keys[keys.length - 1]];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return this.wrong(keys, 'a string', value);
  }

  /** A finite number, greater than 0 unless another bound is given. */
  number(
    map: Record<string, unknown>,
    keys: readonly string[],
    bound: { greaterThan: number } | { atLeast: number } = { greaterThan: 0 },
  ): number | undefined {
    const value = map[keys[keys.length - 1]];
    if (value === undefined || value === null) return undefined;
    const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    if (typeof number !== 'number' || !Number.isFinite(number)) return this.wrong(keys, 'a number', value);
    if ('greaterThan' in bound ? number <= bound.greaterThan : number < bound.atLeast) {
      const what = 'greaterThan' in bound ? `greater than ${bound.greaterThan}` : `at least ${bound.atLeast}`;
      this.issues.error(issueAt(this.file, keys, `must be ${what}, got ${number}`));
      return undefined;
    }
    return number;
  }

  boolean(map: Record<string, unknown>, keys: readonly string[]): boolean | undefined {
    const value = map[keys[keys.length - 1]];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'boolean') return value;
    return this.wrong(keys, 'true or false', value);
  }

  record(map: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> | undefined {
    const value = map[keys[keys.length - 1]];
    if (value === undefined || value === null) return undefined;
    if (isRecord(value)) return value;
    return this.wrong(keys, 'a mapping', value);
  }

  /** Arguments given as a list of strings or as one space-separated string. */
  args(map: Record<string, unknown>, keys: readonly string[]): string[] | undefined {
    const value = map[keys[keys.length - 1]];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
    if (typeof value === 'number') return [String(value)];
    if (Array.isArray(value) && value.every((item) => ['string', 'number'].includes(typeof item))) return value.map(String);
    return this.wrong(keys, 'a list of strings (or one string of space-separated words)', value);
  }

  /** One or more strings: `a` or `[a, b]`. */
  strings(map: Record<string, unknown>, keys: readonly string[]): string[] | undefined {
    const value = map[keys[keys.length - 1]];
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'string') return [value];
    if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value as string[];
    return this.wrong(keys, 'a string or a list of strings', value);
  }
}
