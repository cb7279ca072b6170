/**
 * The `--languages` YAML file: languages that extend or override the built-ins, checked as problem
 * files are — every issue reported at once, each with its `file:line:col` and the field's path
 * (`languages[0].run: expected a list, got a string ("python3 {src}")`). Loaded only when a
 * languages file is given.
 *
 * ```yaml
 * languages:
 *   - id: pypy
 *     aliases: [pypy3]
 *     name: PyPy 3
 *     extensions: [.pypy]
 *     sourceFile: main.py
 *     run: [/usr/bin/pypy3, "{src}"]
 *     timeFactor: 2
 * ```
 */
import { readFile } from 'node:fs/promises';
import { isMap, isScalar, LineCounter, parseDocument, type Document } from 'yaml';
import { z } from 'zod';
import type { CataloguedCode } from '../errors/catalogue.js';
import type { Language } from './languages.js';
import { formatIssues, type ProblemIssue } from './problem/errors.js';
import { formatPath } from './problem/load.js';
import { problemErrorMap } from './problem/schema.js';

const LANGUAGE_NAME = /^[a-z0-9+#-]+$/;
const LANGUAGE_NAME_RULE = 'lowercase letters, digits, +, # or -';

const languageSchema = z.strictObject({
  id: z.string().regex(LANGUAGE_NAME, LANGUAGE_NAME_RULE),
  aliases: z.array(z.string().regex(LANGUAGE_NAME, LANGUAGE_NAME_RULE)).optional(),
  name: z.string().min(1),
  extensions: z.array(z.string().regex(/^\.[A-Za-z0-9+]+$/, 'an extension with its dot, like .cpp')).min(1),
  sourceFile: z.string().min(1),
  compile: z.array(z.string()).min(1).optional(),
  run: z.array(z.string()).min(1),
  timeFactor: z.number().positive().default(1),
  image: z.string().optional(),
  kind: z.literal('java').optional(),
  precompiledHeader: z.string().regex(/^[\w./+-]+$/, 'a header name like bits/stdc++.h').optional(),
});

const languagesFileSchema = z.strictObject({ languages: z.array(languageSchema) });

/** A languages file with errors: each issue located in the file, as problem files' are. */
export class LanguagesFileError extends Error {
  readonly code: CataloguedCode<'LANGUAGES_INVALID'> = 'LANGUAGES_INVALID';
  /** The file as the user named it. */
  readonly file: string;
  /** Every issue, in file order. */
  readonly issues: ProblemIssue[];

  constructor(file: string, issues: ProblemIssue[]) {
    const count = issues.length === 1 ? '1 error' : `${issues.length} errors`;
    super(`invalid languages file ${file} (${count}):\n${formatIssues(file, issues)}`);
    this.name = 'LanguagesFileError';
    this.file = file;
    this.issues = issues;
  }
}

/**
 * The languages of a YAML file.
 * @throws LanguagesFileError `LANGUAGES_INVALID` for invalid YAML or fields, every issue located
 * @throws the file system's error (`ENOENT`, `EISDIR`…) when the file cannot be read
 */
export async function readLanguagesFile(file: string): Promise<Language[]> {
  const text = await readFile(file, 'utf8');
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined): Pick<ProblemIssue, 'line' | 'column'> => {
    if (offset === undefined) return {};
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  if (doc.errors.length > 0) {
    throw new LanguagesFileError(
      file,
      doc.errors.map((error) => ({ path: '', message: error.message.replace(/\s+/g, ' ').trim(), ...at(error.pos[0]) })),
    );
  }

  const parsed = languagesFileSchema.safeParse(doc.toJS(), { error: problemErrorMap });
  if (parsed.success) return parsed.data.languages;
  const issues: ProblemIssue[] = parsed.error.issues.flatMap((issue) => {
    if (issue.code !== 'unrecognized_keys') return [{ path: formatPath(issue.path), message: issue.message, ...at(offsetOf(doc, issue.path)) }];
    const messages = issue.message.split('\n');
    return issue.keys.map((key, i) => ({
      path: formatPath(issue.path),
      message: messages[i] ?? `unknown key ${JSON.stringify(key)}`,
      ...at(keyOffsetOf(doc, issue.path, key)),
    }));
  });
  issues.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));
  throw new LanguagesFileError(file, issues);
}

/** Where the value at `segments` starts, or its deepest ancestor that exists (a missing field: its mapping). */
function offsetOf(doc: Document, segments: readonly PropertyKey[]): number | undefined {
  for (let depth = segments.length; depth >= 0; depth--) {
    const node: unknown = depth === 0 ? doc.contents : doc.getIn(segments.slice(0, depth), true);
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    if (range) return range[0];
  }
  return undefined;
}

/** Where an unknown key of the mapping at `mapPath` is written. */
function keyOffsetOf(doc: Document, mapPath: readonly PropertyKey[], key: string): number | undefined {
  const map: unknown = mapPath.length === 0 ? doc.contents : doc.getIn(mapPath, true);
  if (isMap(map)) {
    const pair = map.items.find((item) => isScalar(item.key) && String(item.key.value) === key);
    if (isScalar(pair?.key) && pair.key.range) return pair.key.range[0];
  }
  return offsetOf(doc, mapPath);
}
