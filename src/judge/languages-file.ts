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
import { z } from 'zod';
import type { CataloguedCode } from '../errors/catalogue.js';
import { BUILTIN_LANGUAGES, LanguageRegistry, type Language } from './languages.js';
import { formatIssues, type ProblemIssue } from './problem/errors.js';
import { formatPath, problemErrorMap } from './problem/schema.js';
import { YamlFile } from './problem/yaml.js';

const LANGUAGE_NAME = /^[a-z0-9+#-]+$/;
const LANGUAGE_NAME_RULE = 'lowercase letters, digits, +, # or -';

const languageSchema = z.strictObject({
  id: z.string().regex(LANGUAGE_NAME, LANGUAGE_NAME_RULE),
  aliases: z.array(z.string().regex(LANGUAGE_NAME, LANGUAGE_NAME_RULE)).optional(),
  name: z.string().min(1),
  extensions: z.array(z.string().regex(/^\.[A-Za-z0-9+]+$/, 'an extension with its dot, like .cpp')).min(1),
  sourceFile: z.string().min(1),
  compile: z.array(z.string()).min(1).optional(),
  compileChecksOnly: z.boolean().optional(),
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
  const yaml = YamlFile.parse(await readFile(file, 'utf8'), file);
  const broken = yaml.syntaxErrors.length > 0 ? yaml.syntaxErrors : yaml.valueError !== undefined ? [{ message: yaml.valueError, line: 1, column: 1 }] : [];
  if (broken.length > 0) throw new LanguagesFileError(file, broken.map((error) => ({ path: '', ...error })));

  const parsed = languagesFileSchema.safeParse(yaml.data, { error: problemErrorMap });
  if (parsed.success) return parsed.data.languages;
  // an unknown key's issue names every such key of its mapping, one message line each
  const issues: ProblemIssue[] = parsed.error.issues.flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key, i) => ({ path: formatPath(issue.path), message: issue.message.split('\n')[i] ?? `unknown key ${JSON.stringify(key)}`, ...yaml.keyPlace(issue.path, key) }))
      : [{ path: formatPath(issue.path), message: issue.message, ...yaml.place(issue.path) }],
  );
  issues.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity) || (a.column ?? 0) - (b.column ?? 0));
  throw new LanguagesFileError(file, issues);
}

/**
 * The built-ins, extended (or overridden, by id) by the languages of a YAML file.
 * @throws LanguagesFileError `LANGUAGES_INVALID`, every issue with its `file:line:col` and path
 * @throws the file system's error (`ENOENT`…) for a file that cannot be read
 */
export async function languageRegistryWithFile(path: string): Promise<LanguageRegistry> {
  return new LanguageRegistry([...BUILTIN_LANGUAGES, ...(await readLanguagesFile(path))]);
}
