/**
 * `problems export --format kattis`: a Problem (native or ICPC) as a 2025-09 Kattis problem package
 * folder — problem.yaml, statement/, data/sample and data/secret (groups for scoring problems),
 * output validator arguments per group or per test, output_validator/ for a custom checker, and the
 * problem's submissions/ (whole programs: a function problem's are wrapped in its stubs, as the
 * judge wraps them) — with what the package format cannot express named in warnings.
 */
import { randomUUID } from 'node:crypto';
import { chmod, copyFile, cp, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { ErrorCode } from '../../../errors/catalogue.js';
import { LanguageRegistry } from '../../languages.js';
import { assembleProgram } from '../../source.js';
import { defaultValidatorFlags } from '../icpc/flags.js';
import { reportedGroups } from '../scoring.js';
import type { CheckerSpec, Problem, TestCase, TestData, TestGroup } from '../types.js';

export interface KattisExport {
  /** Files written, relative to the package folder. */
  files: string[];
  warnings: string[];
}

const NAME_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,254}$/;

export interface KattisExportOptions {
  /** The languages a function problem's submissions are told apart by (file extension). @defaultValue the built-in ones */
  languages?: LanguageRegistry;
}

/**
 * Writes the package into `outDir`, which must not exist or be empty.
 * @throws Error with code `USAGE` when `outDir` holds files, or when a function problem keeps a
 *   submission that cannot be made a whole program (a folder of files); nothing is written then
 */
export async function exportKattisPackage(problem: Problem, outDir: string, options: KattisExportOptions = {}): Promise<KattisExport> {
  const existing = await readdir(outDir).catch(() => null);
  if (existing && existing.length > 0) {
    throw Object.assign(new Error(`${outDir} is not empty: export into a new folder`), { code: 'USAGE' satisfies ErrorCode });
  }
  const submissions = await planSubmissions(problem, options.languages ?? new LanguageRegistry());
  const warnings: string[] = [];
  const out = new PackageFolder(outDir);

  // Where each test goes, and the groups of a scoring problem.
  const layout = planLayout(problem, warnings);
  await out.write('problem.yaml', stringify(packageMetadata(problem, layout.groups.length > 0, warnings), { lineWidth: 0 }));
  await out.write('statement/problem.en.md', `${problem.description.trim()}\n`);
  if (problem.difficulty) warnings.push(`difficulty (${problem.difficulty}) is not part of the package format`);
  if (problem.codeStubs.length > 0) {
    const wrapped = submissions.wrapped.length;
    warnings.push(
      `code stubs (${problem.codeStubs.map((stub) => stub.language).join(', ')}) cannot be expressed: submissions must be whole programs` +
        (wrapped > 0 ? ` (the ${wrapped === 1 ? 'submission was' : `${wrapped} submissions were`} wrapped in ${wrapped === 1 ? 'its stub' : 'their stubs'})` : ''),
    );
  }
  await writeTestData(out, problem, layout, warnings);
  await copyCustomValidator(out, problem, warnings);

  // The problem's own submissions.
  if (submissions.folder) {
    await cp(submissions.folder, path.join(outDir, 'submissions'), { recursive: true, dereference: true });
    for (const file of submissions.wrapped) await writeFile(path.join(outDir, 'submissions', file.relative), file.program);
    out.written.push('submissions/');
  }
  return { files: out.written, warnings };
}

/** The package folder being written, and what was written to it. */
class PackageFolder {
  /** Files written, relative to the folder. */
  readonly written: string[] = [];

  constructor(private readonly dir: string) {}

  async write(relative: string, content: string | Buffer, executable = false): Promise<void> {
    await mkdir(path.dirname(path.join(this.dir, relative)), { recursive: true });
    await writeFile(path.join(this.dir, relative), content);
    if (executable) await chmod(path.join(this.dir, relative), 0o755);
    this.written.push(relative);
  }

  async copy(from: string, relative: string): Promise<void> {
    await mkdir(path.dirname(path.join(this.dir, relative)), { recursive: true });
    await copyFile(from, path.join(this.dir, relative));
    this.written.push(relative);
  }

  async writeData(data: TestData, relative: string): Promise<void> {
    if ('text' in data) await this.write(relative, data.text);
    else await this.copy(data.path, relative);
  }
}

/** problem.yaml: name, type and limits (a time limit, or how to infer one). */
function packageMetadata(problem: Problem, scoring: boolean, warnings: string[]): Record<string, unknown> {
  const limits: Record<string, unknown> = {};
  if (problem.timeLimitSource !== 'unknown') limits.time_limit = problem.limits.timeLimitMs / 1000;
  else if (problem.timeLimitRule?.kind === 'multiple') {
    limits.time_multipliers = { ac_to_time_limit: problem.timeLimitRule.multiplier, time_limit_to_tle: problem.timeLimitRule.safetyMargin };
    if (problem.timeLimitRule.resolutionMs !== 1000) limits.time_resolution = problem.timeLimitRule.resolutionMs / 1000;
  } else {
    warnings.push('the legacy time_multiplier rule has no 2025-09 equivalent: the package infers its time limit with the 2025-09 defaults');
  }
  limits.memory = problem.limits.memoryLimitMb;
  limits.output = Math.max(1, Math.ceil(problem.limits.outputLimitKb / 1024));
  if (problem.limits.outputLimitKb % 1024 !== 0) warnings.push(`output limit ${problem.limits.outputLimitKb} KiB rounded up to ${limits.output} MiB`);
  return {
    problem_format_version: '2025-09',
    name: problem.title,
    uuid: randomUUID(),
    // an interactive problem's interactor is its output validator (output_validator/)
    type: problem.interactor ? (scoring ? ['scoring', 'interactive'] : 'interactive') : scoring ? 'scoring' : 'pass-fail',
    credits: 'exported by sonocode',
    license: 'unknown',
    limits,
  };
}

/** data/: the tests where the layout puts them, each group's test_group.yaml, the output validator's arguments where they apply. */
async function writeTestData(out: PackageFolder, problem: Problem, layout: Layout, warnings: string[]): Promise<void> {
  const argsOf = (test: TestCase) => validatorArgs(test, problem.checker, warnings);
  const byFolder = new Map<string, { test: TestCase; path: string }[]>();
  for (const placed of layout.tests) {
    const folder = path.posix.dirname(placed.path);
    const list = byFolder.get(folder) ?? [];
    list.push(placed);
    byFolder.set(folder, list);
    await out.writeData(placed.test.input, `data/${placed.path}.in`);
    await out.writeData(placed.test.output, `data/${placed.path}.ans`);
  }
  const groupSettings = new Map<string, Record<string, unknown>>();
  for (const group of layout.groups) {
    const settings: Record<string, unknown> = { max_score: group.score };
    if (group.aggregation && group.aggregation !== 'pass-fail') settings.score_aggregation = group.aggregation;
    if (group.requirePass.length > 0) settings.require_pass = group.requirePass;
    groupSettings.set(group.folder, settings);
  }
  if (layout.groups.length > 0) {
    const total = layout.groups.reduce((sum, group) => sum + group.score, 0);
    if (total !== 100) groupSettings.set('secret', { ...(groupSettings.get('secret') ?? {}), max_score: total });
  }
  for (const [folder, placed] of byFolder) {
    const args = placed.map((entry) => JSON.stringify(argsOf(entry.test)));
    if (new Set(args).size === 1) {
      const shared = argsOf(placed[0].test);
      if (shared.length > 0) groupSettings.set(folder, { ...(groupSettings.get(folder) ?? {}), output_validator_args: shared });
    } else {
      for (const entry of placed) {
        const own = argsOf(entry.test);
        if (own.length > 0) await out.write(`data/${entry.path}.yaml`, stringify({ output_validator_args: own }));
      }
    }
  }
  for (const [folder, settings] of groupSettings) await out.write(`data/${folder}/test_group.yaml`, stringify(settings, { lineWidth: 0 }));
}

/** output_validator/: the custom checker's files (an interactive problem's interactor), when the problem has one. */
async function copyCustomValidator(out: PackageFolder, problem: Problem, warnings: string[]): Promise<void> {
  const custom =
    problem.interactor ??
    [problem.checker, ...problem.testCases.map((test) => test.checker)].find((spec): spec is Extract<CheckerSpec, { type: 'custom' }> => spec?.type === 'custom');
  if (!custom) return;
  if (custom.inline) {
    // a program given as text (a native problem's `files`): written out, build and run scripts executable
    for (const file of custom.inline) {
      await out.write(`output_validator/${file.path}`, file.content, file.executable === true || file.path === 'build' || file.path === 'run');
    }
  } else {
    const files = custom.files ?? [custom.sourcePath];
    const single = files.length === 1 && files[0] === custom.sourcePath;
    for (const file of files) await out.copy(file, `output_validator/${single ? path.basename(file) : path.relative(custom.sourcePath, file)}`);
  }
  if (!['c', 'cpp', 'python', 'script'].includes(custom.language)) {
    warnings.push(`the checker is in ${custom.language}: the package format builds only C, C++ and Python validators (or a build/run script)`);
  }
}

interface PlannedSubmissions {
  /** The problem's submissions/ folder, when it has one. */
  folder?: string;
  /** Submissions (`accepted/sol.cpp`, relative to the folder) written as the whole program instead of as they are. */
  wrapped: { relative: string; program: string }[];
}

/**
 * The problem's submissions as whole programs. A function problem's submission in a language with a
 * stub is the user's part only: the judge wraps it in the stub, so the package gets it wrapped the
 * same way (any other file is copied as it is, and judged as it is). A folder (a multi-file
 * submission) of a function problem cannot be wrapped: the export is refused.
 */
async function planSubmissions(problem: Problem, languages: LanguageRegistry): Promise<PlannedSubmissions> {
  if (!problem.directory) return { wrapped: [] };
  const folder = path.join(problem.directory, 'submissions');
  if (!(await stat(folder).catch(() => null))?.isDirectory()) return { wrapped: [] };
  if (problem.codeStubs.length === 0) return { folder, wrapped: [] };
  const wrapped: PlannedSubmissions['wrapped'] = [];
  for (const expected of await readdir(folder)) {
    if (!(await stat(path.join(folder, expected))).isDirectory()) continue;
    for (const entry of await readdir(path.join(folder, expected))) {
      if (entry.startsWith('.')) continue;
      const relative = `${expected}/${entry}`;
      const hostPath = path.join(folder, relative);
      if ((await stat(hostPath)).isDirectory()) {
        throw Object.assign(
          new Error(
            `submissions/${relative} is a folder: a function problem's submission is made a whole program by wrapping one file in its language's stub, ` +
              'so a multi-file submission cannot be exported; make it one file, or move it out of submissions/',
          ),
          { code: 'USAGE' satisfies ErrorCode },
        );
      }
      const language = languageOf(languages, entry);
      if (!language || !problem.codeStubs.some((stub) => stub.language === language.id)) continue;
      wrapped.push({ relative, program: assembleProgram(problem, await readFile(hostPath, 'utf8'), language).source });
    }
  }
  return { folder, wrapped };
}

function languageOf(languages: LanguageRegistry, file: string) {
  try {
    return languages.resolve(file);
  } catch {
    return undefined;
  }
}

interface PlannedGroup {
  /** Folder under data/, e.g. `secret/group1`. */
  folder: string;
  score: number;
  aggregation?: 'pass-fail' | 'sum' | 'min';
  requirePass: string[];
}

interface Layout {
  /** Each test's path under data/ without extension (a test may be placed more than once). */
  tests: { test: TestCase; path: string }[];
  groups: PlannedGroup[];
}

/** Test paths under data/: the problem's own names when they already are package paths, else numbered ones. */
function planLayout(problem: Problem, warnings: string[]): Layout {
  const groups = reportedGroups(problem.scoring);
  if (packageNamed(problem) && groupsAreFolders(problem, groups)) {
    const planned = groups.map((group) => ({
      folder: group.name,
      score: group.score,
      ...(group.aggregation ? { aggregation: group.aggregation } : {}),
      requirePass: group.requirePass ?? [],
    }));
    return { tests: problem.testCases.map((test) => ({ test, path: test.name })), groups: planned };
  }
  const width = String(problem.testCases.length).length;
  const number = (index: number) => String(index + 1).padStart(Math.max(2, width), '0');
  const samples = problem.testCases.filter((test) => test.sample);
  const tests: Layout['tests'] = samples.map((test, index) => ({ test, path: `sample/${number(index)}-${segment(test.name)}` }));
  const secret = problem.testCases.filter((test) => !test.sample);
  if (groups.length === 0) {
    secret.forEach((test, index) => tests.push({ test, path: `secret/${number(index)}-${segment(test.name)}` }));
    return { tests, groups: [] };
  }
  const groupWidth = Math.max(2, String(groups.length + 1).length);
  const folders = new Map(groups.map((group, index) => [group.name, `secret/${String(index + 1).padStart(groupWidth, '0')}-${segment(group.name)}`]));
  const placedIn = new Map<string, number>();
  const planned: PlannedGroup[] = groups.map((group) => {
    const folder = folders.get(group.name) as string;
    group.tests.forEach((name) => {
      const test = problem.testCases.find((candidate) => candidate.name === name);
      if (!test) return;
      placedIn.set(name, (placedIn.get(name) ?? 0) + 1);
      tests.push({ test, path: `${folder}/${number(problem.testCases.indexOf(test))}-${segment(test.name)}` });
    });
    return {
      folder,
      score: group.score,
      ...(group.aggregation ? { aggregation: group.aggregation } : {}),
      requirePass: (group.requirePass ?? []).map((name) => folders.get(name) ?? name),
    };
  });
  const shared = [...placedIn.entries()].filter(([, count]) => count > 1).map(([name]) => name);
  if (shared.length > 0) warnings.push(`tests in more than one group (${shared.join(', ')}) were copied into each group's folder`);
  const loose = secret.filter((test) => !placedIn.has(test.name));
  if (loose.length > 0) {
    const folder = `secret/${String(groups.length + 1).padStart(groupWidth, '0')}-ungrouped`;
    loose.forEach((test) => tests.push({ test, path: `${folder}/${number(problem.testCases.indexOf(test))}-${segment(test.name)}` }));
    planned.push({ folder, score: 0, requirePass: [] });
    warnings.push(`tests in no group (${loose.map((test) => test.name).join(', ')}) went to the group ${folder}, worth 0 points`);
  }
  return { tests, groups: planned };
}

/** The tests are already named like package paths (`sample/1`, `secret/group1/03`) in judging order. */
function packageNamed(problem: Problem): boolean {
  const names = problem.testCases.map((test) => test.name);
  const valid = problem.testCases.every(
    (test) =>
      test.name.split('/').every((part) => NAME_SEGMENT.test(part)) &&
      (test.sample ? /^sample\/[^/]+$/.test(test.name) : /^secret\//.test(test.name)),
  );
  if (!valid || new Set(names).size !== names.length) return false;
  // the order the package would be judged in must be the problem's
  const sorted = [...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (!sorted.every((name, index) => name === names[index])) return false;
  // a folder holds tests or groups, not both (2025-09)
  const folders = new Set(names.map((name) => name.slice(0, name.lastIndexOf('/'))));
  return ![...folders].some((folder) => [...folders].some((other) => other.startsWith(`${folder}/`)) && names.some((name) => name.slice(0, name.lastIndexOf('/')) === folder));
}

/** Each group is a folder `secret/<name>` holding exactly its tests (or there are no groups). */
function groupsAreFolders(problem: Problem, groups: readonly TestGroup[]): boolean {
  if (groups.length === 0) return true;
  const grouped = new Set<string>();
  for (const group of groups) {
    if (!/^secret\/[^/]+$/.test(group.name)) return false;
    const below = problem.testCases.filter((test) => test.name.startsWith(`${group.name}/`)).map((test) => test.name);
    if (below.length !== group.tests.length || below.some((name, index) => name !== group.tests[index])) return false;
    for (const name of below) grouped.add(name);
  }
  return problem.testCases.every((test) => test.sample || grouped.has(test.name));
}

function segment(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]+/g, '-').replace(/^[-.]+/, '').slice(0, 80) || 'test';
}

/** The output validator arguments that judge a test as the problem does. */
function validatorArgs(test: TestCase, problemChecker: CheckerSpec, warnings: string[]): string[] {
  const spec = test.checker ?? problemChecker;
  switch (spec.type) {
    case 'icpc-default':
      return defaultValidatorFlags(spec);
    case 'tokens':
      return spec.caseSensitive === false ? [] : ['case_sensitive'];
    case 'exact':
      if (!warnings.some((warning) => warning.startsWith('the exact checker'))) {
        warnings.push('the exact checker became case_sensitive space_change_sensitive (which does not forgive a missing final newline)');
      }
      return ['case_sensitive', 'space_change_sensitive'];
    case 'float': {
      const args: string[] = [];
      if (spec.absTol > 0 || spec.relTol === 0) args.push('float_absolute_tolerance', String(spec.absTol));
      if (spec.relTol > 0) args.push('float_relative_tolerance', String(spec.relTol));
      if (spec.caseSensitive !== false) args.push('case_sensitive');
      return args;
    }
    case 'custom':
      return test.checkerArgs ?? [];
  }
}
