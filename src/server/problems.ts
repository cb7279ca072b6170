/**
 * Problems on the server: the API accepts the native YAML document (the same zod schema the YAML
 * loader uses, so both accept the same thing) with inline test data; the store keeps it; the worker
 * turns it into the judge's Problem; users see samples only.
 */
import { readFile } from 'node:fs/promises';
import {
  problemErrorMap,
  problemSchema,
  testCaseNames,
  type ProblemDocument,
  type ProblemDocumentInput,
} from '../judge/problem/schema.js';
import { isRecord } from '../judge/problem/record.js';
import { reportedGroups, scoringFromGroups } from '../judge/problem/scoring.js';
import type { CheckerSpec, Problem, TestData } from '../judge/problem/types.js';
import type { FieldIssue, ProblemView } from '../protocol/index.js';
import { validationError } from './errors.js';
import type { ProblemData, StoredChecker, StoredProblem } from './store/types.js';
import { fieldIssues } from './validation.js';

/** `Two Sum!` → `two-sum`. */
export function slugFromTitle(title: string): string {
  return title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}

/** Issues of a document the server cannot keep even when the schema accepts it. */
function serverIssues(data: unknown): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (!isRecord(data)) return issues;
  if (Array.isArray(data.testCases)) {
    data.testCases.forEach((test: unknown, index) => {
      if (!isRecord(test)) return;
      for (const key of ['inputFile', 'outputFile']) {
        if (test[key] !== undefined) {
          issues.push({
            path: `body.testCases[${index}].${key}`,
            message: 'test data must be inline on the server (input and output); `sonocode problems import` reads the files for you',
          });
        }
      }
    });
  }
  if (isRecord(data.checker) && data.checker.type === 'custom') {
    issues.push({ path: 'body.checker.type', message: 'custom checkers are not supported by the server yet; use exact, tokens or float' });
  }
  return issues;
}

/**
 * Validates a problem body; returns what the store keeps (defaults applied, every test named).
 *
 * @throws ApiError SONO_VALIDATION listing every issue, each naming its field (`body.testCases[0].output`)
 */
export function parseProblemBody(body: unknown): ProblemData {
  const issues: FieldIssue[] = [];
  if (!isRecord(body)) {
    throw validationError([{ path: 'body', message: 'expected a JSON object (a problem document)' }]);
  }
  const parsed = problemSchema.safeParse(body, { error: problemErrorMap });
  if (!parsed.success) issues.push(...fieldIssues(parsed.error.issues, 'body'));
  issues.push(...serverIssues(body));
  let slug: string | undefined;
  if (parsed.success) {
    slug = parsed.data.slug ?? slugFromTitle(parsed.data.title);
    if (!slug) issues.push({ path: 'body.slug', message: 'is required: the title gives no usable slug ([a-z0-9-]+)' });
  }
  if (issues.length > 0 || !parsed.success || !slug) throw validationError(issues);
  return toProblemData(parsed.data, slug);
}

function toProblemData(document: ProblemDocument, slug: string): ProblemData {
  const names = testCaseNames(document.testCases);
  const data: ProblemData = {
    slug,
    title: document.title,
    description: document.description,
    limits: { ...document.limits },
    checker: storedChecker(document.checker),
    testCases: document.testCases.map((test, index) => ({
      name: names[index] ?? `test-${index + 1}`,
      sample: test.sample ?? false,
      input: test.input ?? '',
      output: test.output ?? '',
    })),
    codeStubs: document.codeStubs.map((stub) => ({ ...stub })),
  };
  if (document.difficulty !== undefined) data.difficulty = document.difficulty;
  if (document.groups !== undefined) data.groups = document.groups.map((group) => ({ ...group, tests: [...group.tests] }));
  return data;
}

function storedChecker(checker: ProblemDocument['checker']): StoredChecker {
  switch (checker.type) {
    case 'exact':
      return { type: 'exact' };
    case 'tokens':
      return checker.caseSensitive === undefined ? { type: 'tokens' } : { type: 'tokens', caseSensitive: checker.caseSensitive };
    case 'float':
      return { type: 'float', ...(checker.absTol !== undefined ? { absTol: checker.absTol } : {}), ...(checker.relTol !== undefined ? { relTol: checker.relTol } : {}) };
    case 'custom':
      // parseProblemBody rejects these before they get here
      throw new Error('custom checkers are not supported by the server');
  }
}

/** The judge's view of a stored problem. */
export function toJudgeProblem(stored: StoredProblem | ProblemData): Problem {
  const checker: CheckerSpec =
    stored.checker.type === 'float'
      ? { type: 'float', absTol: stored.checker.absTol ?? 0, relTol: stored.checker.relTol ?? 0 }
      : { ...stored.checker };
  const problem: Problem = {
    slug: stored.slug,
    title: stored.title,
    description: stored.description,
    limits: { ...stored.limits },
    checker,
    testCases: stored.testCases.map((test) => ({
      name: test.name,
      sample: test.sample,
      input: { text: test.input },
      output: { text: test.output },
    })),
    codeStubs: stored.codeStubs.map((stub) => ({ ...stub })),
    format: 'native',
  };
  if (stored.difficulty) problem.difficulty = stored.difficulty;
  const scoring = scoringFromGroups(stored.groups);
  if (scoring) problem.scoring = scoring;
  return problem;
}

// ---------------------------------------------------------------------------------------------
// Views

/** What the admin sees: the whole document, hidden tests included. */
export function adminProblemView(problem: StoredProblem): ProblemView {
  return {
    id: problem.id,
    slug: problem.slug,
    title: problem.title,
    description: problem.description,
    ...(problem.difficulty ? { difficulty: problem.difficulty } : {}),
    limits: problem.limits,
    checker: problem.checker,
    testCases: problem.testCases,
    codeStubs: problem.codeStubs,
    ...(problem.groups ? { groups: problem.groups } : {}),
    testNames: problem.testCases.map((test) => ({ name: test.name, sample: test.sample })),
    testCount: problem.testCases.length,
    hiddenTestCount: problem.testCases.filter((test) => !test.sample).length,
    createdAt: problem.createdAt.toISOString(),
    updatedAt: problem.updatedAt.toISOString(),
  };
}

/** What everyone else sees: samples only (hidden tests by name), the user's part of each stub. */
export function publicProblemView(problem: StoredProblem): ProblemView {
  return {
    ...adminProblemView(problem),
    testCases: problem.testCases.filter((test) => test.sample),
    codeStubs: problem.codeStubs.map((stub) => ({ language: stub.language, userSnippet: stub.userSnippet })),
  };
}

// ---------------------------------------------------------------------------------------------
// Import

export interface ImportedDocument {
  document: ProblemDocumentInput;
  /** What could not be carried over exactly (per-test checkers, ICPC validator flags). */
  warnings: string[];
}

async function inlineText(data: TestData): Promise<string> {
  return 'text' in data ? data.text : readFile(data.path, 'utf8');
}

/**
 * A loaded problem (native YAML or ICPC package) as a document the API accepts: test files read
 * into inline `input`/`output`. Custom checkers cannot be carried (the server does not run them yet).
 *
 * @throws Error naming what cannot be imported
 */
export async function problemDocumentFromProblem(problem: Problem): Promise<ImportedDocument> {
  const warnings: string[] = [];
  let checker: ProblemDocumentInput['checker'];
  const spec = problem.checker;
  switch (spec.type) {
    case 'exact':
    case 'tokens':
      checker = { ...spec };
      break;
    case 'float':
      checker = { type: 'float', absTol: spec.absTol, relTol: spec.relTol };
      break;
    case 'icpc-default':
      if (spec.floatAbsTol !== undefined || spec.floatRelTol !== undefined) {
        checker = { type: 'float', absTol: spec.floatAbsTol ?? 0, relTol: spec.floatRelTol ?? 0 };
        if (!spec.caseSensitive) warnings.push('case-insensitive float comparison became case-sensitive');
      } else if (spec.spaceChangeSensitive) {
        checker = { type: 'exact' };
        warnings.push('space_change_sensitive became the exact checker');
      } else {
        checker = { type: 'tokens', caseSensitive: spec.caseSensitive };
      }
      break;
    case 'custom':
      throw new Error(`${problem.slug}: problems with a custom checker (${spec.sourcePath}) cannot be imported to a server yet`);
  }
  const testCases = [];
  for (const test of problem.testCases) {
    if (test.checker || test.checkerArgs) warnings.push(`test ${test.name}: its own checker settings were dropped`);
    testCases.push({ name: test.name, sample: test.sample, input: await inlineText(test.input), output: await inlineText(test.output) });
  }
  const document: ProblemDocumentInput = {
    title: problem.title,
    slug: problem.slug,
    description: problem.description,
    limits: { ...problem.limits },
    checker,
    testCases,
    codeStubs: problem.codeStubs.map((stub) => ({ ...stub })),
  };
  if (problem.difficulty) document.difficulty = problem.difficulty;
  const groups = reportedGroups(problem.scoring);
  if (groups.length > 0) document.groups = groups.map((group) => ({ ...group, tests: [...group.tests] }));
  return { document, warnings };
}
