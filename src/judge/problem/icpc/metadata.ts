/**
 * `problem.yaml` of an ICPC/Kattis package, in each of the three generations in use: legacy
 * (top-level `validation`, `validator_flags`, `limits.time_multiplier`), the 2023-07 draft and
 * 2025-09 (`type` lists, `limits.time_limit`, `limits.time_multipliers`, `time_resolution`).
 * Wrong values are errors located in the file; unknown keys are warnings (the format says
 * "should be treated as an error", but a judge that refuses a package problemtools accepts helps
 * nobody).
 */
import { LEGACY_TIME_RULE, MULTIPLE_TIME_RULE } from './timelimit.js';
import { isRecord } from '../record.js';
import type { YamlFile } from '../yaml.js';
import { issueAt, Reader, warnUnknownKeys, type IssueList } from './issues.js';
import type { TimeLimitRule } from '../types.js';

export type Generation = 'legacy' | '2023-07' | '2025-09';

export type ProblemType = 'pass-fail' | 'scoring' | 'multi-pass' | 'interactive' | 'submit-answer';
const PROBLEM_TYPES: readonly ProblemType[] = ['pass-fail', 'scoring', 'multi-pass', 'interactive', 'submit-answer'];

export interface Metadata {
  generation: Generation;
  name?: string;
  types: Set<ProblemType>;
  /** `validation: custom` (legacy), or undefined: decided by the presence of an output validator. */
  customValidation?: boolean;
  /** Arguments every output validator gets (legacy `validator_flags`). */
  validatorFlags: string[];
  /** `limits.time_limit`, in milliseconds. */
  timeLimitMs?: number;
  memoryMb?: number;
  outputMb?: number;
  timeRule: TimeLimitRule;
  /** Legacy `grading` keys that testdata.yaml of every group inherits. */
  legacyGrading: { acceptScore?: number; rejectScore?: number; range?: string; onReject?: 'break' | 'continue' };
  /** `constants` are given (not substituted by sonocode). */
  hasConstants: boolean;
}

const COMMON_KEYS = ['problem_format_version', 'type', 'name', 'uuid', 'source', 'license', 'rights_owner', 'limits', 'keywords', 'languages'];
const LEGACY_KEYS = [...COMMON_KEYS, 'author', 'source_url', 'validation', 'validator_flags', 'grading'];
const MODERN_KEYS = [...COMMON_KEYS, 'version', 'credits', 'embargo_until', 'allow_file_writing', 'constants'];
const LIMIT_KEYS = ['time_limit', 'memory', 'output', 'code', 'compilation_time', 'compilation_memory', 'validation_time', 'validation_memory', 'validation_output'];
const LEGACY_LIMIT_KEYS = [...LIMIT_KEYS, 'time_multiplier', 'time_safety_margin'];
const MODERN_LIMIT_KEYS = [...LIMIT_KEYS, 'time_multipliers', 'time_resolution', 'validation_passes'];

/** The generation a `problem_format_version` names. */
export function generationOf(version: string | undefined): Generation | undefined {
  if (version === undefined || version === 'legacy' || version === 'legacy-icpc') return 'legacy';
  if (version === '2023-07-draft' || version === '2023-07' || version === 'draft') return '2023-07';
  if (version === '2025-09' || version === '2025-09-draft') return '2025-09';
  return undefined;
}

/** problem.yaml's values, each wrong one an issue located in the file. */
export function readMetadata(file: YamlFile, issues: IssueList): Metadata {
  const read = new Reader(file, issues);
  const data = file.data ?? {};
  const metadata: Metadata = {
    generation: 'legacy',
    types: new Set(),
    validatorFlags: [],
    timeRule: LEGACY_TIME_RULE,
    legacyGrading: {},
    hasConstants: false,
  };
  if (!isRecord(data)) {
    issues.error({ file: file.file, line: 1, column: 1, message: 'problem.yaml must be a mapping of keys (name, limits, …)' });
    metadata.types.add('pass-fail');
    return metadata;
  }

  const version = read.string(data, ['problem_format_version']);
  const generation = generationOf(version);
  if (!generation) {
    issues.error(issueAt(file, ['problem_format_version'], `unknown version ${JSON.stringify(version)} (sonocode reads legacy, 2023-07-draft and 2025-09)`));
  }
  metadata.generation = generation ?? 'legacy';
  metadata.timeRule = metadata.generation === 'legacy' ? LEGACY_TIME_RULE : MULTIPLE_TIME_RULE;
  warnUnknownKeys(file, [], data, metadata.generation === 'legacy' ? LEGACY_KEYS : MODERN_KEYS, issues);

  const reading: Reading = { file, read, issues, metadata, data, legacy: metadata.generation === 'legacy' };
  readName(reading);
  readTypes(reading);
  readValidation(reading);
  readLimits(reading);
  if (reading.legacy) readLegacyGrading(reading);
  metadata.hasConstants = isRecord(data.constants) && Object.keys(data.constants).length > 0;
  return metadata;
}

/** What each part of {@link readMetadata} reads from and writes to. */
interface Reading {
  file: YamlFile;
  read: Reader;
  issues: IssueList;
  metadata: Metadata;
  data: Record<string, unknown>;
  legacy: boolean;
}

/** `name`: a string, or a map of language → name. */
function readName({ file, issues, metadata, data }: Reading): void {
  const name = data.name;
  if (typeof name === 'string' && name.trim() !== '') metadata.name = name.trim();
  else if (isRecord(name)) {
    const english = name.en ?? Object.values(name)[0];
    if (typeof english === 'string' && english.trim() !== '') metadata.name = english.trim();
  } else if (name !== undefined && name !== null) {
    issues.error(issueAt(file, ['name'], 'expected a string or a map of language codes to names'));
  }
}

/** `type`: one type (legacy), or a list or space-separated string of them. */
function readTypes({ file, issues, metadata, data, legacy }: Reading): void {
  const typeValue = data.type;
  if (typeValue === undefined || typeValue === null) {
    metadata.types.add('pass-fail');
  } else {
    const listed = typeof typeValue === 'string' ? (legacy ? [typeValue] : typeValue.split(/\s+/)) : Array.isArray(typeValue) ? typeValue : [typeValue];
    for (const [index, type] of listed.entries()) {
      const allowed = legacy ? ['pass-fail', 'scoring'] : PROBLEM_TYPES;
      if (typeof type === 'string' && (allowed as readonly string[]).includes(type)) metadata.types.add(type as ProblemType);
      else issues.error(issueAt(file, Array.isArray(typeValue) ? ['type', index] : ['type'], `must be one of ${allowed.join(', ')}, got ${JSON.stringify(type)}`));
    }
    if (metadata.types.has('pass-fail') && metadata.types.has('scoring')) issues.error(issueAt(file, ['type'], 'cannot be both pass-fail and scoring'));
    if (!metadata.types.has('scoring')) metadata.types.add('pass-fail');
  }
}

/** `validation` (legacy; tolerated in later versions) and `validator_flags`. */
function readValidation({ file, read, issues, metadata, data, legacy }: Reading): void {
  const validation = read.string(data, ['validation']);
  if (validation !== undefined) {
    const [kind, ...modifiers] = validation.trim().split(/\s+/);
    if (kind !== 'default' && kind !== 'custom') {
      issues.error(issueAt(file, ['validation'], `must start with default or custom, got ${JSON.stringify(validation)}`));
    } else {
      metadata.customValidation = kind === 'custom';
      for (const modifier of modifiers) {
        if (kind === 'custom' && modifier === 'interactive') metadata.types.add('interactive');
        else if (kind === 'custom' && modifier === 'score') {
          // the validator writes score.txt: nothing more to set up
        } else issues.error(issueAt(file, ['validation'], `unknown modifier ${JSON.stringify(modifier)} (custom may be followed by score and interactive)`));
      }
    }
    if (!legacy) issues.warn(issueAt(file, ['validation'], `a legacy key; in ${metadata.generation} the type and the output_validator folder say this (honoured)`));
  }
  const flags = read.args(data, ['validator_flags']);
  if (flags) {
    metadata.validatorFlags = flags;
    if (!legacy) issues.warn(issueAt(file, ['validator_flags'], `a legacy key; in ${metadata.generation} use output_validator_args in test_group.yaml (honoured)`));
  }
}

/** `limits`, and the rule that infers a time limit the package does not give. */
function readLimits({ file, read, issues, metadata, data, legacy }: Reading): void {
  const limits = read.record(data, ['limits']);
  if (limits) {
    warnUnknownKeys(file, ['limits'], limits, legacy ? LEGACY_LIMIT_KEYS : MODERN_LIMIT_KEYS, issues);
    const timeLimit = read.number(limits, ['limits', 'time_limit']);
    if (timeLimit !== undefined) metadata.timeLimitMs = Math.max(1, Math.round(timeLimit * 1000));
    const memory = read.number(limits, ['limits', 'memory']);
    if (memory !== undefined) metadata.memoryMb = Math.ceil(memory);
    const output = read.number(limits, ['limits', 'output']);
    if (output !== undefined) metadata.outputMb = output;
    if (legacy) {
      metadata.timeRule = {
        ...LEGACY_TIME_RULE,
        multiplier: read.number(limits, ['limits', 'time_multiplier']) ?? LEGACY_TIME_RULE.multiplier,
        safetyMargin: read.number(limits, ['limits', 'time_safety_margin']) ?? LEGACY_TIME_RULE.safetyMargin,
      };
    } else {
      const multipliers = read.record(limits, ['limits', 'time_multipliers']) ?? {};
      warnUnknownKeys(file, ['limits', 'time_multipliers'], multipliers, ['ac_to_time_limit', 'time_limit_to_tle'], issues);
      const resolution = read.number(limits, ['limits', 'time_resolution']);
      metadata.timeRule = {
        ...MULTIPLE_TIME_RULE,
        multiplier: read.number(multipliers, ['limits', 'time_multipliers', 'ac_to_time_limit'], { atLeast: 1 }) ?? MULTIPLE_TIME_RULE.multiplier,
        safetyMargin: read.number(multipliers, ['limits', 'time_multipliers', 'time_limit_to_tle'], { atLeast: 1 }) ?? MULTIPLE_TIME_RULE.safetyMargin,
        resolutionMs: resolution !== undefined ? resolution * 1000 : MULTIPLE_TIME_RULE.resolutionMs,
      };
    }
    for (const key of ['code', 'compilation_time', 'compilation_memory', 'validation_time', 'validation_memory', 'validation_output', 'validation_passes']) {
      read.number(limits, ['limits', key]);
    }
  }
}

/** Legacy `grading` keys, which every group's testdata.yaml inherits. */
function readLegacyGrading({ file, read, issues, metadata, data }: Reading): void {
  const grading = read.record(data, ['grading']);
  if (grading) {
    warnUnknownKeys(file, ['grading'], grading, ['objective', 'show_test_data_groups', 'accept_score', 'reject_score', 'range', 'on_reject'], issues);
    const acceptScore = read.number(grading, ['grading', 'accept_score'], { atLeast: -Infinity });
    const rejectScore = read.number(grading, ['grading', 'reject_score'], { atLeast: -Infinity });
    const range = read.string(grading, ['grading', 'range']);
    const onReject = read.string(grading, ['grading', 'on_reject']);
    if (acceptScore !== undefined) metadata.legacyGrading.acceptScore = acceptScore;
    if (rejectScore !== undefined) metadata.legacyGrading.rejectScore = rejectScore;
    if (range !== undefined) metadata.legacyGrading.range = range;
    if (onReject === 'first_error') metadata.legacyGrading.onReject = 'break';
    else if (onReject === 'grade') metadata.legacyGrading.onReject = 'continue';
    else if (onReject !== undefined) issues.error(issueAt(file, ['grading', 'on_reject'], `must be first_error or grade, got ${JSON.stringify(onReject)}`));
    const objective = read.string(grading, ['grading', 'objective']);
    if (objective === 'min') issues.warn(issueAt(file, ['grading', 'objective'], 'minimisation problems are scored as maximisation (the score is shown as is)'));
  }
}
