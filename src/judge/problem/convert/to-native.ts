/**
 * `problems import`: a Problem (an ICPC package, as loaded) as a document of the native YAML format
 * (SPEC §2.1), with what the native format cannot express named in warnings. Small tests are kept
 * inline; larger ones are copied beside the YAML file (when it is written to a file).
 */
import { copyFile, cp, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { ProblemDocumentInput } from '../schema.js';
import type { CheckerSpec, Problem, TestData } from '../types.js';
import { defaultValidatorFlags } from '../icpc/flags.js';
import { reportedGroups } from '../scoring.js';

/** Tests up to this size (each of input and answer, in bytes) are written inline. */
export const INLINE_BYTES = 4096;

export interface NativeConversion {
  document: ProblemDocumentInput;
  /** Files to copy: host path → path relative to the YAML file's folder. */
  files: { from: string; to: string }[];
  /** Folders to copy (the package's submissions/, beside a problem.yaml). */
  folders: { from: string; to: string }[];
  warnings: string[];
}

export interface ToNativeOptions {
  /**
   * The YAML file that will be written; test and checker files go beside it. Without one
   * (printing to stdout) every test is inline and files are referred to where they are.
   */
  outFile?: string;
}

/** The folder test files are copied to, relative to the YAML file: `tests/` beside problem.yaml, `<stem>-tests/` beside `<stem>.yaml`. */
export function filesFolder(outFile: string): string {
  const base = path.basename(outFile, path.extname(outFile));
  return base === 'problem' ? 'tests' : `${base}-tests`;
}

export async function problemToNative(problem: Problem, options: ToNativeOptions = {}): Promise<NativeConversion> {
  const warnings = [...(problem.warnings ?? [])];
  const files: { from: string; to: string }[] = [];
  const folders: { from: string; to: string }[] = [];
  const outDir = options.outFile ? path.dirname(path.resolve(options.outFile)) : undefined;
  const folder = options.outFile ? filesFolder(options.outFile) : undefined;

  if (problem.timeLimitSource === 'unknown') {
    warnings.push(
      `the package gives no time limit: the native problem gets ${problem.limits.timeLimitMs} ms; ` +
        'run `sonocode verify` on the package to infer one, then set limits.timeLimitMs',
    );
  }
  const checker = convertChecker(problem.checker, warnings, (from, name) => {
    if (!outDir || !folder) return from;
    const to = `${folder}/checker/${name}`;
    files.push({ from, to });
    return to;
  });
  describePerTestChecking(problem, warnings);

  const testCases: NonNullable<ProblemDocumentInput['testCases']> = [];
  for (const test of problem.testCases) {
    const entry: NonNullable<ProblemDocumentInput['testCases']>[number] = { name: test.name };
    if (test.sample) entry.sample = true;
    const [input, output] = await Promise.all([inlineText(test.input), inlineText(test.output)]);
    if (input !== undefined && output !== undefined) {
      entry.input = input;
      entry.output = output;
    } else if (!outDir || !folder) {
      entry.input = input ?? (await readText(test.input));
      entry.output = output ?? (await readText(test.output));
    } else {
      entry.inputFile = `${folder}/${test.name}.in`;
      entry.outputFile = `${folder}/${test.name}.ans`;
      files.push({ from: hostPath(test.input), to: entry.inputFile }, { from: hostPath(test.output), to: entry.outputFile });
    }
    testCases.push(entry);
  }

  const document: ProblemDocumentInput = {
    title: problem.title,
    slug: problem.slug,
    ...(problem.description ? { description: problem.description } : {}),
    ...(problem.difficulty ? { difficulty: problem.difficulty } : {}),
    limits: { ...problem.limits },
    checker,
    testCases,
  };
  const groups = reportedGroups(problem.scoring);
  if (groups.length > 0) {
    document.groups = groups.map((group) => ({ name: group.name, score: group.score, tests: [...group.tests] }));
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
  }
  if (problem.codeStubs.length > 0) document.codeStubs = problem.codeStubs.map((stub) => ({ ...stub }));
  // A problem folder keeps its reference solutions beside it, as a package does (sonocode verify reads both).
  if (options.outFile && path.basename(options.outFile) === 'problem.yaml' && problem.directory) {
    const submissions = path.join(problem.directory, 'submissions');
    if ((await stat(submissions).catch(() => null))?.isDirectory()) folders.push({ from: submissions, to: 'submissions' });
  }
  return { document, files, folders, warnings };
}

/** The native YAML text of a conversion. */
export function nativeYaml(conversion: NativeConversion, source?: string): string {
  const header = source ? `# Imported from ${source} by \`sonocode problems import\`.\n` : '';
  return header + stringify(conversion.document, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** Writes the YAML file and copies the files beside it. */
export async function writeNative(conversion: NativeConversion, outFile: string, source?: string): Promise<void> {
  const outDir = path.dirname(path.resolve(outFile));
  for (const folder of conversion.folders) {
    await cp(folder.from, path.join(outDir, folder.to), { recursive: true, dereference: true });
  }
  for (const file of conversion.files) {
    const target = path.join(outDir, file.to);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(file.from, target);
  }
  await mkdir(outDir, { recursive: true });
  await writeFile(outFile, nativeYaml(conversion, source));
}

function convertChecker(spec: CheckerSpec, warnings: string[], place: (from: string, name: string) => string): ProblemDocumentInput['checker'] {
  switch (spec.type) {
    case 'exact':
      return { type: 'exact' };
    case 'tokens':
      return spec.caseSensitive === undefined ? { type: 'tokens' } : { type: 'tokens', caseSensitive: spec.caseSensitive };
    case 'float':
      return { type: 'float', absTol: spec.absTol, relTol: spec.relTol };
    case 'icpc-default': {
      const flags = defaultValidatorFlags(spec).join(' ') || 'none';
      if (spec.floatAbsTol !== undefined || spec.floatRelTol !== undefined) {
        if (!spec.caseSensitive) warnings.push(`validator flags "${flags}": the native float checker compares words case-sensitively`);
        if (spec.spaceChangeSensitive) warnings.push(`validator flags "${flags}": space_change_sensitive cannot be combined with a float tolerance in the native format (dropped)`);
        return {
          type: 'float',
          ...(spec.floatAbsTol !== undefined ? { absTol: spec.floatAbsTol } : {}),
          ...(spec.floatRelTol !== undefined ? { relTol: spec.floatRelTol } : {}),
        };
      }
      if (spec.spaceChangeSensitive) {
        warnings.push(
          `validator flags "${flags}" became the exact checker, which also compares letters case-sensitively and forgives a missing final newline`,
        );
        return { type: 'exact' };
      }
      return { type: 'tokens', caseSensitive: spec.caseSensitive };
    }
    case 'custom': {
      const files = spec.files ?? [spec.sourcePath];
      const language = spec.language;
      if (language === 'script') {
        warnings.push(`the output validator ${spec.sourcePath} is built by a build/run script: the native custom checker is one source file (checker left at tokens)`);
        return { type: 'tokens', caseSensitive: false };
      }
      const main = files.length === 1 ? files[0] : mainSource(files, language);
      if (files.length > 1) {
        warnings.push(
          `the output validator ${spec.sourcePath} has ${files.length} files: the native custom checker compiles one source file (${path.basename(main)}); ` +
            'the others were copied beside it but are not compiled with it',
        );
        for (const file of files) if (file !== main) place(file, path.basename(file));
      }
      return { type: 'custom', source: place(main, path.basename(main)), language };
    }
  }
}

function mainSource(files: string[], language: string): string {
  const extensions: Record<string, RegExp> = { c: /\.c$/, cpp: /\.(cpp|cc|cxx|c\+\+|C)$/, python: /\.py$/, java: /\.java$/ };
  const sources = files.filter((file) => extensions[language]?.test(file));
  return sources.find((file) => /validat|check|main/i.test(path.basename(file))) ?? sources[0] ?? files[0];
}

/** Tests with their own checker settings (per-group flags or arguments), which one native checker cannot give. */
function describePerTestChecking(problem: Problem, warnings: string[]): void {
  const byGroup = new Map<string, string>();
  for (const test of problem.testCases) {
    if (!test.checker && !test.checkerArgs) continue;
    const group = test.name.includes('/') ? test.name.slice(0, test.name.lastIndexOf('/')) : test.name;
    const what = test.checker?.type === 'icpc-default' ? defaultValidatorFlags(test.checker).join(' ') || 'no flags' : (test.checkerArgs ?? []).join(' ');
    byGroup.set(group, what);
  }
  if (byGroup.size === 0) return;
  const listed = [...byGroup.entries()].map(([group, what]) => `${group}: ${what}`).join('; ');
  warnings.push(`per-group output validator flags or arguments (${listed}) cannot be expressed: the native format has one checker for every test`);
}

async function inlineText(data: TestData): Promise<string | undefined> {
  if ('text' in data) return data.text;
  const bytes = await readFile(data.path);
  if (bytes.length > INLINE_BYTES) return undefined;
  const text = bytes.toString('utf8');
  return Buffer.from(text, 'utf8').equals(bytes) ? text : undefined;
}

async function readText(data: TestData): Promise<string> {
  return 'text' in data ? data.text : readFile(data.path, 'utf8');
}

function hostPath(data: TestData): string {
  if ('text' in data) throw new Error('inline data has no file');
  return data.path;
}

