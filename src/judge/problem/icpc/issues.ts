/**
 * Issues of a package spread over many files (problem.yaml, testdata.yaml of each group, test
 * files), each located as `file:line:col: key: message`, collected so that every problem of the
 * package is reported at once; and the YAML reading that locates them.
 */
import { readFile } from 'node:fs/promises';
import {
  isAlias,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  type Document,
  type Node as YamlNode,
} from 'yaml';
import { ProblemError, type ProblemErrorCode } from '../errors.js';
import { closestKey, describeValue } from '../schema.js';

export interface PackageIssue {
  /** The file as the user would name it (the package path joined with the file's path in it). */
  file: string;
  line?: number;
  column?: number;
  /** The key in the file, e.g. `limits.memory`; empty for the file as a whole. */
  key?: string;
  message: string;
}

export function formatPackageIssue(issue: PackageIssue): string {
  let where = issue.file;
  if (issue.line !== undefined) where += `:${issue.line}${issue.column !== undefined ? `:${issue.column}` : ''}`;
  return issue.key ? `${where}: ${issue.key}: ${issue.message}` : `${where}: ${issue.message}`;
}

/** A ProblemError whose lines name each issue's own file (`pkg/data/secret/a.in: …`). */
export function packageError(code: ProblemErrorCode, packagePath: string, issues: PackageIssue[], summary = 'invalid package'): ProblemError {
  const error = new ProblemError(
    code,
    packagePath,
    summary,
    issues.map((issue) => ({ path: issue.key ?? '', message: issue.message, line: issue.line, column: issue.column })),
  );
  const text = issues.length > 0 ? issues.map(formatPackageIssue).join('\n') : `${packagePath}: ${summary}`;
  Object.defineProperty(error, 'message', { value: text, enumerable: false, writable: true, configurable: true });
  return error;
}

export class IssueList {
  readonly errors: PackageIssue[] = [];
  readonly warnings: string[] = [];

  error(issue: PackageIssue): void {
    this.errors.push(issue);
  }

  warn(issue: PackageIssue): void {
    this.warnings.push(formatPackageIssue(issue));
  }
}

/** A YAML file read for its values, with the position of each key for messages. */
export class YamlFile {
  private constructor(
    readonly file: string,
    readonly data: unknown,
    private readonly doc: Document | null,
    private readonly lines: LineCounter,
  ) {}

  /**
   * Reads and parses a YAML file; syntax errors go to `issues` (and give an empty document).
   * @returns undefined when the file does not exist
   */
  static async read(hostPath: string, displayPath: string, issues: IssueList): Promise<YamlFile | undefined> {
    let text: string;
    try {
      text = await readFile(hostPath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      issues.error({ file: displayPath, message: `cannot read the file: ${(error as Error).message}` });
      return new YamlFile(displayPath, null, null, new LineCounter());
    }
    const lines = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const { line, col } = lines.linePos(error.pos[0]);
        issues.error({ file: displayPath, line, column: col, message: `invalid YAML: ${error.message.replace(/\s+/g, ' ').trim()}` });
      }
      return new YamlFile(displayPath, null, null, lines);
    }
    let data: unknown = null;
    try {
      data = doc.toJS();
    } catch (error) {
      issues.error({ file: displayPath, message: `invalid YAML: ${(error as Error).message}` });
    }
    return new YamlFile(displayPath, data, doc, lines);
  }

  /** Line and column of the value at `keys` (or of the deepest part of it that exists). */
  position(keys: readonly (string | number)[]): { line?: number; column?: number } {
    if (!this.doc) return {};
    let node = this.doc.contents as YamlNode | null;
    for (const key of keys) {
      if (isAlias(node)) node = node.resolve(this.doc) ?? node;
      let next: YamlNode | null | undefined;
      if (isMap(node)) {
        const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(key));
        next = pair ? ((pair.value as YamlNode | null) ?? (pair.key as YamlNode)) : undefined;
      } else if (isSeq(node) && typeof key === 'number') {
        next = node.items[key] as YamlNode | undefined;
      }
      if (!next) break;
      node = next;
    }
    const offset = node?.range?.[0];
    if (offset === undefined) return {};
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  /** An issue about the value at `keys`. */
  at(keys: readonly (string | number)[], message: string): PackageIssue {
    return { file: this.file, ...this.position(keys), key: keys.join('.'), message };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
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
    const guess = closestKey(key, known);
    issues.warn(file.at([...prefix, key], `${why}${guess ? ` (did you mean "${guess}"?)` : ''}`));
  }
}

/** Typed reads of optional values that add an issue for a value of the wrong type. */
export class Reader {
  constructor(
    readonly file: YamlFile,
    private readonly issues: IssueList,
  ) {}

  private wrong(keys: readonly (string | number)[], expected: string, value: unknown): undefined {
    this.issues.error(this.file.at(keys, `expected ${expected}, got ${describeValue(value)}`));
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
      this.issues.error(this.file.at(keys, `must be ${what}, got ${number}`));
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
