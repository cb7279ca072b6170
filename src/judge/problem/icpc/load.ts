/**
 * Loads an ICPC/Kattis problem package (legacy, 2023-07 draft or 2025-09) into the judge's
 * `Problem`, without converting it: tests from data/sample then data/secret (groups in
 * lexicographic order, symbolic links followed), the default output validator's flags or the
 * custom output validator per test, limits, the scoring tree of scoring problems, the statement.
 *
 * Every problem of the package is collected before anything is thrown, each naming its file
 * (`pkg/data/secret/03.in: no answer file …`). What sonocode reads but does not do is a warning.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { ProblemError } from '../errors.js';
import { DEFAULT_LIMITS, MAX_LIMITS } from '../schema.js';
import { scoringGroup } from '../scoring.js';
import type { CheckerSpec, Problem, ScoringGroup, TestCase } from '../types.js';
import { isRecord } from '../record.js';
import { YamlFile } from '../yaml.js';
import { parseDefaultValidatorFlags } from './flags.js';
import { issueAt, IssueList, packageError, Reader, readPackageYaml, warnUnknownKeys, type PackageIssue } from './issues.js';
import { readMetadata, type Generation, type Metadata } from './metadata.js';
import { readStatement } from './statement.js';
import { groupsOf, readDataFolder, testsOf, type GroupNode, type TestNode } from './testdata.js';
import { findOutputValidator, validatorFolders } from './validators.js';

export const ICPC_PROBLEM_FILE = 'problem.yaml';

/** Memory and output limits of a package that does not give them (the format's typical system defaults). */
export const PACKAGE_DEFAULTS = Object.freeze({ memoryMb: 2048, outputMb: 8 });

export interface IcpcLoadOptions {
  /**
   * Load interactive, multi-pass and submit-answer problems too (for `problems import`, which
   * warns); judging them is not supported, so by default they are a PROBLEM_FORMAT error.
   */
  allowUnsupported?: boolean;
}

/** Keys of a group's settings file (test_group.yaml / testdata.yaml), all generations. */
const GROUP_KEYS = [
  // legacy
  'on_reject', 'grading', 'grader_flags', 'input_validator_flags', 'output_validator_flags', 'accept_score', 'reject_score', 'range',
  // 2023-07 draft
  'scoring', 'output_validator_args', 'input_validator_args', 'static_validation', 'full_feedback', 'hint', 'description', 'args',
  // 2025-09
  'max_score', 'score_aggregation', 'static_validation_score', 'require_pass', 'static_validator_args', 'input_visualizer_args', 'output_visualizer_args',
];
const TEST_KEYS = ['args', 'input_validator_args', 'output_validator_args', 'input_visualizer_args', 'output_visualizer_args', 'full_feedback', 'hint', 'description'];
const LEGACY_SCORING_KEYS = ['accept_score', 'reject_score', 'range', 'grader_flags', 'on_reject'];
const MODERN_SCORING_KEYS = ['scoring', 'max_score', 'score_aggregation', 'require_pass'];

/**
 * A folder with problem.yaml that is an ICPC package rather than a native problem: problem.yaml
 * has no `testCases`, and the folder has data/ (or problem.yaml has package keys and no `title`).
 */
export async function isIcpcPackage(directory: string): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(path.join(directory, ICPC_PROBLEM_FILE), 'utf8');
  } catch {
    return false;
  }
  const hasData = (await stat(path.join(directory, 'data')).catch(() => null))?.isDirectory() ?? false;
  const file = YamlFile.parse(text, ICPC_PROBLEM_FILE);
  if (file.syntaxErrors.length > 0) return hasData;
  if (file.hasTopLevelKey('testCases')) return false;
  if (hasData || file.valueError !== undefined) return hasData;
  const contents = file.data;
  if (contents === null || contents === undefined) return false;
  if (!isRecord(contents) || 'title' in contents) return false;
  return ['problem_format_version', 'name', 'validation', 'validator_flags', 'uuid', 'author', 'source', 'rights_owner'].some((key) => key in contents);
}

export async function loadIcpcPackage(packagePath: string, options: IcpcLoadOptions = {}): Promise<Problem> {
  const packageDir = path.resolve(packagePath);
  const display = packagePath.replace(/\/+$/, '') || packagePath;
  const stats = await stat(packageDir).catch(() => null);
  if (!stats?.isDirectory()) {
    throw new ProblemError('PROBLEM_NOT_FOUND', packagePath, stats ? 'not a folder: an ICPC package is a folder with problem.yaml and data/' : 'no such file or folder');
  }
  const issues = new IssueList();
  const problemFile = await readPackageYaml(path.join(packageDir, ICPC_PROBLEM_FILE), path.join(display, ICPC_PROBLEM_FILE), issues);
  if (!problemFile) throw new ProblemError('PROBLEM_NOT_FOUND', packagePath, `no ${ICPC_PROBLEM_FILE} in this folder`);
  const metadata = readMetadata(problemFile, issues);
  const data = await readDataFolder({ packageDir, display, issues });

  const checker = await readValidation(packageDir, display, metadata, problemFile, issues);
  // An interactive problem's output validator is its interactor (`validation: custom interactive`, `type: interactive`).
  const interactive = metadata.types.has('interactive');
  if (interactive && !checker.custom && !issues.errors.some((issue) => issue.path === 'validation')) {
    const folder = metadata.generation === '2025-09' ? 'output_validator/' : 'output_validators/';
    issues.error(issueAt(problemFile, metadata.generation === 'legacy' ? ['validation'] : ['type'], `is interactive, but the package has no interactor (its output validator, in ${folder})`));
  }
  const testCases = data ? buildTests(data, metadata, checker, issues) : [];
  const scoring = data && metadata.types.has('scoring') ? buildScoring(data, metadata, issues) : undefined;
  if (data && !metadata.types.has('scoring')) warnScoringKeys(data, issues);
  if (data) warnSubmissionArgs(data, issues);

  const statement = await readStatement(packageDir).catch(() => undefined);
  const timeLimit = await readTimeLimitFile(packageDir, display, issues);

  if (issues.errors.length > 0) {
    throw packageError('PROBLEM_INVALID', display, issues.errors);
  }
  const unsupported = ['multi-pass', 'submit-answer'].filter((type) => metadata.types.has(type as never));
  if (unsupported.length > 0) {
    const what = `${unsupported.join(' and ')} problems are not supported by sonocode's judge`;
    if (!options.allowUnsupported) throw new ProblemError('PROBLEM_FORMAT', display, what);
    issues.warn({ file: problemFile.file, message: what });
  }
  if (metadata.hasConstants) issues.warn(issueAt(problemFile, ['constants'], 'constants are not substituted into validators, test_group.yaml or statements'));
  if ((await stat(path.join(packageDir, 'include')).catch(() => null))?.isDirectory()) {
    issues.warn({ file: path.join(display, 'include/'), message: 'included files are not added to submissions by sonocode' });
  }

  const slug = slugOf(path.basename(packageDir));
  const problem: Problem = {
    slug,
    title: metadata.name ?? statement?.name ?? path.basename(packageDir),
    description: statement?.text ?? '',
    limits: {
      timeLimitMs: Math.min(metadata.timeLimitMs ?? timeLimit?.ms ?? DEFAULT_LIMITS.timeLimitMs, MAX_LIMITS.timeLimitMs),
      memoryLimitMb: Math.min(metadata.memoryMb ?? PACKAGE_DEFAULTS.memoryMb, MAX_LIMITS.memoryLimitMb),
      outputLimitKb: Math.min(Math.ceil((metadata.outputMb ?? PACKAGE_DEFAULTS.outputMb) * 1024), MAX_LIMITS.outputLimitKb),
    },
    checker: checker.problemSpec,
    testCases,
    codeStubs: [],
    directory: packageDir,
    format: 'icpc',
    formatVersion: metadata.generation,
    timeLimitSource: metadata.timeLimitMs !== undefined ? 'problem' : timeLimit ? 'timelimit-file' : 'unknown',
    timeLimitRule: metadata.timeRule,
  };
  const givenMs = metadata.timeLimitMs ?? timeLimit?.ms;
  if (givenMs !== undefined && givenMs > MAX_LIMITS.timeLimitMs) {
    issues.warn({ file: problemFile.file, message: `the time limit ${givenMs / 1000} s is over sonocode's most, ${MAX_LIMITS.timeLimitMs / 1000} s: judged with that` });
  }
  if (metadata.timeLimitMs !== undefined && timeLimit && timeLimit.ms !== metadata.timeLimitMs) {
    issues.warn({ file: timeLimit.file, message: `ignored: problem.yaml's limits.time_limit (${metadata.timeLimitMs / 1000} s) wins` });
  }
  if (scoring) problem.scoring = scoring;
  if (interactive && checker.problemSpec.type === 'custom') problem.interactor = checker.problemSpec;
  if (issues.warnings.length > 0) problem.warnings = [...issues.warnings];
  return problem;
}

// ---------------------------------------------------------------------------------------------
// Output validation

interface Validation {
  /** The problem's checker: the custom validator, or the default one with the problem's flags. */
  problemSpec: CheckerSpec;
  custom: boolean;
}

async function readValidation(packageDir: string, display: string, metadata: Metadata, problemFile: YamlFile, issues: IssueList): Promise<Validation> {
  const folders = await validatorFolders(packageDir, metadata.generation);
  const wantsCustom = metadata.customValidation ?? folders.length > 0;
  if (wantsCustom) {
    if (folders.length === 0) {
      issues.error(issueAt(problemFile, ['validation'], `is custom, but the package has no output validator (${metadata.generation === '2025-09' ? 'output_validator/' : 'output_validators/'})`));
      return { problemSpec: { type: 'icpc-default', caseSensitive: false, spaceChangeSensitive: false }, custom: false };
    }
    if (folders.length > 1) issues.warn({ file: path.join(display, folders[1]), message: `ignored: the output validator is read from ${folders[0]}/` });
    const spec = await findOutputValidator(packageDir, display, folders[0], issues);
    if (spec) return { problemSpec: spec, custom: true };
    return { problemSpec: { type: 'icpc-default', caseSensitive: false, spaceChangeSensitive: false }, custom: false };
  }
  if (folders.length > 0) {
    issues.warn({ file: path.join(display, folders[0]), message: 'ignored: problem.yaml says validation: default' });
  }
  const parsed = parseDefaultValidatorFlags(metadata.validatorFlags);
  if ('error' in parsed) {
    issues.error(issueAt(problemFile, ['validator_flags'], parsed.error));
    return { problemSpec: { type: 'icpc-default', caseSensitive: false, spaceChangeSensitive: false }, custom: false };
  }
  return { problemSpec: parsed.spec, custom: false };
}

/** Where a test's output validator arguments come from. */
interface ArgsSource {
  args: string[];
  file: YamlFile;
  key: string[];
}

function buildTests(data: GroupNode, metadata: Metadata, validation: Validation, issues: IssueList): TestCase[] {
  const tests: TestCase[] = [];
  const parsedFlags = new Map<string, CheckerSpec | null>();
  const visit = (group: GroupNode, inherited: ArgsSource | undefined) => {
    const own = groupArgs(group, issues);
    const groupSource = own ?? inherited;
    if (group.name !== 'data' && group.items.length === 0) {
      // an empty placeholder folder: nothing to judge in it
      issues.warn({ file: group.display, message: `the test group ${group.name} holds no test` });
    }
    for (const item of group.items) {
      if (item.kind === 'group') {
        visit(item, groupSource);
        continue;
      }
      const source = testArgs(item, issues) ?? groupSource;
      const args = [...metadata.validatorFlags, ...(source?.args ?? [])];
      const test: TestCase = { name: item.name, sample: item.name.startsWith('sample/'), input: { path: item.input }, output: { path: item.answer } };
      if (validation.custom) {
        if (args.length > 0) test.checkerArgs = args;
      } else if (source && source.args.length > 0) {
        const key = JSON.stringify(args);
        let spec = parsedFlags.get(key);
        if (spec === undefined) {
          const parsed = parseDefaultValidatorFlags(args);
          spec = 'error' in parsed ? null : parsed.spec;
          if ('error' in parsed) issues.error(issueAt(source.file, source.key, parsed.error));
          parsedFlags.set(key, spec);
        }
        if (spec && JSON.stringify(spec) !== JSON.stringify(validation.problemSpec)) test.checker = spec;
      }
      tests.push(test);
    }
  };
  visit(data, undefined);
  return tests;
}

/** A group's own output validator arguments (inherited by its tests and subgroups). */
function groupArgs(group: GroupNode, issues: IssueList): ArgsSource | undefined {
  const file = group.settings;
  if (!file || !isRecord(file.data)) {
    if (file && file.data !== null && file.data !== undefined) issues.error({ file: file.file, line: 1, column: 1, message: 'must be a mapping of keys' });
    return undefined;
  }
  warnUnknownKeys(file, [], file.data, GROUP_KEYS, issues);
  const read = new Reader(file, issues);
  const settings = file.data;
  if (settings.output_validator_args !== undefined) {
    const args = read.args(settings, ['output_validator_args']);
    if (settings.output_validator_flags !== undefined) issues.warn(issueAt(file, ['output_validator_flags'], 'ignored: output_validator_args is given too'));
    return args ? { args, file, key: ['output_validator_args'] } : undefined;
  }
  const flags = settings.output_validator_flags;
  if (flags === undefined || flags === null) return undefined;
  if (isRecord(flags)) {
    // legacy: {name, flags}
    const args = read.args(flags, ['output_validator_flags', 'flags']);
    return args ? { args, file, key: ['output_validator_flags', 'flags'] } : undefined;
  }
  const args = read.args(settings, ['output_validator_flags']);
  return args ? { args, file, key: ['output_validator_flags'] } : undefined;
}

/** A test's own output validator arguments (`<test>.yaml`, 2025-09). */
function testArgs(test: TestNode, issues: IssueList): ArgsSource | undefined {
  const file = test.settings;
  if (!file || !isRecord(file.data)) return undefined;
  warnUnknownKeys(file, [], file.data, TEST_KEYS, issues);
  const args = new Reader(file, issues).args(file.data, ['output_validator_args']);
  return args ? { args, file, key: ['output_validator_args'] } : undefined;
}

function warnSubmissionArgs(data: GroupNode, issues: IssueList): void {
  const files = [...groupsOf(data).map((group) => group.settings), ...testsOf(data).map((test) => test.settings)];
  for (const file of files) {
    if (file && isRecord(file.data) && Array.isArray(file.data.args) && file.data.args.length > 0) {
      issues.warn(issueAt(file, ['args'], 'command-line arguments are not passed to submissions by sonocode'));
    }
  }
}

function warnScoringKeys(data: GroupNode, issues: IssueList): void {
  for (const group of groupsOf(data)) {
    const file = group.settings;
    if (!file || !isRecord(file.data)) continue;
    for (const key of [...MODERN_SCORING_KEYS, 'accept_score', 'reject_score', 'range']) {
      if (file.data[key] !== undefined) issues.warn(issueAt(file, [key], 'ignored: the problem is not of type scoring'));
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Scoring

function settingsOf(group: GroupNode): Record<string, unknown> {
  return group.settings && isRecord(group.settings.data) ? group.settings.data : {};
}

function buildScoring(data: GroupNode, metadata: Metadata, issues: IssueList): ScoringGroup {
  const groups = groupsOf(data);
  const usesModern = groups.some((group) => MODERN_SCORING_KEYS.some((key) => settingsOf(group)[key] !== undefined));
  const usesLegacy = groups.some((group) => LEGACY_SCORING_KEYS.some((key) => settingsOf(group)[key] !== undefined));
  const legacyStyle = metadata.generation === 'legacy' || (!usesModern && usesLegacy);
  const root = legacyStyle ? legacyGroup(data, undefined, metadata, issues) : modernRoot(data, issues);
  checkRequirements(root, groups, issues);
  return root;
}

interface LegacySettings {
  onReject: string;
  graderFlags: string[];
  acceptScore: number;
  rejectScore: number;
  range?: string;
  grading: string;
}

/** A legacy test data group: testdata.yaml inherited from the closest ancestor, graded by the default grader. */
function legacyGroup(node: GroupNode, parent: LegacySettings | undefined, metadata: Metadata, issues: IssueList): ScoringGroup {
  const file = node.settings;
  const own = settingsOf(node);
  const read = file ? new Reader(file, issues) : undefined;
  const settings: LegacySettings = {
    onReject: (read?.string(own, ['on_reject']) ?? parent?.onReject ?? 'break').trim(),
    graderFlags: read?.args(own, ['grader_flags']) ?? parent?.graderFlags ?? [],
    acceptScore: read?.number(own, ['accept_score'], { atLeast: -Infinity }) ?? parent?.acceptScore ?? 1,
    rejectScore: read?.number(own, ['reject_score'], { atLeast: -Infinity }) ?? parent?.rejectScore ?? 0,
    range: read?.string(own, ['range']) ?? parent?.range,
    grading: read?.string(own, ['grading']) ?? parent?.grading ?? 'default',
  };
  // problem.yaml's deprecated grading keys win, as in problemtools
  const legacy = metadata.legacyGrading;
  if (legacy.acceptScore !== undefined) settings.acceptScore = legacy.acceptScore;
  if (legacy.rejectScore !== undefined) settings.rejectScore = legacy.rejectScore;
  if (legacy.range !== undefined) settings.range = legacy.range;
  if (legacy.onReject !== undefined) settings.onReject = legacy.onReject;

  if (settings.onReject !== 'break' && settings.onReject !== 'continue' && file) {
    issues.error(issueAt(file, ['on_reject'], `must be break or continue, got ${JSON.stringify(settings.onReject)}`));
  }
  if (settings.grading === 'custom' && file && own.grading !== undefined) {
    issues.warn(issueAt(file, ['grading'], 'custom graders are not supported: the default grader is used'));
  }
  let aggregation: ScoringGroup['aggregation'] = 'sum';
  for (const flag of settings.graderFlags) {
    if (flag === 'sum' || flag === 'min' || flag === 'max' || flag === 'avg') aggregation = flag;
    else if ((flag === 'always_accept' || flag === 'accept_if_any_accepted') && file && own.grader_flags !== undefined) {
      issues.warn(issueAt(file, ['grader_flags'], `${flag} is not supported: verdicts are those of the first failing test`));
    } else if (!['first_error', 'worst_error', 'ignore_sample', 'always_accept', 'accept_if_any_accepted'].includes(flag) && file && own.grader_flags !== undefined) {
      issues.error(issueAt(file, ['grader_flags'], `unknown grader flag ${JSON.stringify(flag)}`));
    }
  }
  // The range is inherited like every legacy key, but only a group's own range says its maximum.
  let maxScore: number | undefined;
  const ownRange = own.range !== undefined || (node.name === 'data' && legacy.range !== undefined);
  if (settings.range !== undefined && ownRange) {
    const parts = settings.range.trim().split(/\s+/).map((part) => Number(part.replace(/^\+?inf$/i, 'Infinity').replace(/^-inf$/i, '-Infinity')));
    if (parts.length !== 2 || parts.some((part) => Number.isNaN(part)) || parts[0] > parts[1]) {
      if (file && own.range !== undefined) issues.error(issueAt(file, ['range'], `must be two numbers "min max", got ${JSON.stringify(settings.range)}`));
    } else if (Number.isFinite(parts[1])) {
      maxScore = parts[1];
    }
  }
  const group: ScoringGroup = {
    name: node.name,
    aggregation,
    acceptScore: settings.acceptScore,
    rejectScore: settings.rejectScore,
    stopOnReject: settings.onReject !== 'continue',
    requirePass: [],
    reported: node.name !== 'data',
    items: node.items.map((item) => (item.kind === 'test' ? { test: item.name } : { group: legacyGroup(item, settings, metadata, issues) })),
  };
  if (maxScore !== undefined) group.maxScore = maxScore;
  if (node.name === 'data' && settings.graderFlags.includes('ignore_sample') && node.items[0]?.name === 'sample') group.ignoreFirst = true;
  return group;
}

/** 2023-07 / 2025-09: `data` sums `secret` (the score) and an unscored, pass-fail `sample`. */
function modernRoot(data: GroupNode, issues: IssueList): ScoringGroup {
  const root = scoringGroup({ name: 'data' });
  for (const item of data.items) {
    if (item.kind !== 'group') continue;
    if (item.name === 'sample') {
      root.items.push({
        group: scoringGroup({
          name: 'sample',
          aggregation: 'pass-fail',
          maxScore: 0,
          stopOnReject: true,
          items: testsOf(item).map((test) => ({ test: test.name })),
        }),
      });
    } else {
      root.items.push({ group: modernGroup(item, { maxScore: 100, aggregation: 'sum' }, issues) });
    }
  }
  return root;
}

interface ModernSettings {
  maxScore?: number | 'unbounded';
  aggregation?: 'pass-fail' | 'sum' | 'min';
  requirePass: string[];
}

function modernSettings(node: GroupNode, issues: IssueList): ModernSettings {
  const file = node.settings;
  const own = settingsOf(node);
  const settings: ModernSettings = { requirePass: [] };
  if (!file) return settings;
  const read = new Reader(file, issues);
  // 2023-07 draft: a `scoring` map; 2025-09: top-level keys
  const scoring = read.record(own, ['scoring']);
  const prefix = scoring ? ['scoring'] : [];
  const source = scoring ?? own;
  if (scoring) warnUnknownKeys(file, ['scoring'], scoring, ['score', 'aggregation', 'require_pass'], issues);
  const scoreKey = scoring ? 'score' : 'max_score';
  const aggregationKey = scoring ? 'aggregation' : 'score_aggregation';
  const score = source[scoreKey];
  if (score === 'unbounded') settings.maxScore = 'unbounded';
  else if (score !== undefined && score !== null) {
    const value = read.number(source, [...prefix, scoreKey], { atLeast: 0 });
    if (value !== undefined) settings.maxScore = value;
  }
  const aggregation = read.string(source, [...prefix, aggregationKey]);
  if (aggregation === 'pass-fail' || aggregation === 'sum' || aggregation === 'min') settings.aggregation = aggregation;
  else if (aggregation !== undefined) issues.error(issueAt(file, [...prefix, aggregationKey], `must be pass-fail, sum or min, got ${JSON.stringify(aggregation)}`));
  settings.requirePass = read.strings(source, [...prefix, 'require_pass']) ?? [];
  return settings;
}

/** A secret group: its maximum from its settings or shared out by its parent, its tests' scores from it. */
function modernGroup(node: GroupNode, defaults: { maxScore?: number; aggregation: 'pass-fail' | 'sum' | 'min' }, issues: IssueList): ScoringGroup {
  const settings = modernSettings(node, issues);
  const maxScore = settings.maxScore === 'unbounded' ? undefined : (settings.maxScore ?? defaults.maxScore);
  const aggregation = settings.aggregation ?? defaults.aggregation;
  const subgroups = node.items.filter((item): item is GroupNode => item.kind === 'group');
  const tests = node.items.filter((item) => item.kind === 'test');
  const explicit = new Map(subgroups.map((group) => [group, modernSettings(group, new IssueList()).maxScore]));
  // The leftover of a sum group is shared evenly by its tests and the subgroups without a score.
  let share: number | undefined = maxScore;
  if (aggregation === 'sum' && maxScore !== undefined) {
    const given = [...explicit.values()].reduce<number>((sum, value) => sum + (typeof value === 'number' ? value : 0), 0);
    const sharing = tests.length + [...explicit.values()].filter((value) => value === undefined).length;
    if (given > maxScore && node.settings) {
      issues.error(issueAt(node.settings, [], `the scores of the subgroups of ${node.name} add up to ${given}, more than its ${maxScore}`));
    }
    share = sharing > 0 ? Math.max(0, maxScore - given) / sharing : 0;
  }
  if (maxScore === undefined && tests.length > 0 && node.settings) {
    issues.warn(issueAt(node.settings, [], `${node.name} has an unbounded score: its tests score only what the output validator writes in score.txt`));
  }
  const group: ScoringGroup = {
    name: node.name,
    aggregation,
    acceptScore: aggregation === 'pass-fail' ? 0 : (share ?? 0),
    rejectScore: 0,
    // a failed pass-fail or min group scores 0 whatever follows
    stopOnReject: aggregation !== 'sum',
    requirePass: settings.requirePass.map((name) => resolveGroupName(name, node.name)),
    reported: node.name !== 'secret' || subgroups.length === 0,
    items: node.items.map((item) =>
      item.kind === 'test'
        ? { test: item.name }
        : { group: modernGroup(item, { maxScore: aggregation === 'pass-fail' ? 0 : share, aggregation: 'pass-fail' }, issues) },
    ),
  };
  if (maxScore !== undefined) group.maxScore = maxScore;
  return group;
}

/** `group1` beside `secret/group2` is `secret/group1`; `sample` and full names stay. */
function resolveGroupName(name: string, from: string): string {
  if (name === 'sample' || name === 'secret' || name.startsWith('secret/') || name.startsWith('sample/')) return name;
  const parent = from.includes('/') ? from.slice(0, from.lastIndexOf('/')) : from;
  return `${parent}/${name}`;
}

function checkRequirements(root: ScoringGroup, nodes: GroupNode[], issues: IssueList): void {
  const names = new Set<string>();
  const collect = (group: ScoringGroup) => {
    names.add(group.name);
    for (const item of group.items) if ('group' in item) collect(item.group);
  };
  collect(root);
  const visit = (group: ScoringGroup) => {
    for (const required of group.requirePass) {
      const node = nodes.find((candidate) => candidate.name === group.name);
      const where = (message: string): PackageIssue =>
        node?.settings
          ? issueAt(node.settings, isRecord(node.settings.data) && isRecord(node.settings.data.scoring) ? ['scoring', 'require_pass'] : ['require_pass'], message)
          : { file: node?.display ?? group.name, message };
      if (!names.has(required)) issues.error(where(`unknown group ${JSON.stringify(required)}`));
      else if (!(required < group.name) || group.name.startsWith(`${required}/`)) {
        issues.error(where(`${JSON.stringify(required)} must come before ${group.name} (groups are judged in lexicographic order)`));
      }
    }
    for (const item of group.items) if ('group' in item) visit(item.group);
  };
  visit(root);
}

// ---------------------------------------------------------------------------------------------
// Odds and ends

/** The `.timelimit` file (seconds) that DOMjudge and BAPCtools keep beside problem.yaml. */
async function readTimeLimitFile(packageDir: string, display: string, issues: IssueList): Promise<{ ms: number; file: string } | undefined> {
  const file = path.join(display, '.timelimit');
  let text: string;
  try {
    text = await readFile(path.join(packageDir, '.timelimit'), 'utf8');
  } catch {
    return undefined;
  }
  const seconds = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(seconds) || seconds <= 0) {
    issues.error({ file, line: 1, column: 1, message: `must hold the time limit in seconds (a positive number), got ${JSON.stringify(text.trim().slice(0, 40))}` });
    return undefined;
  }
  return { ms: Math.max(1, Math.round(seconds * 1000)), file };
}

function slugOf(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'problem'
  );
}

export type { Generation };
