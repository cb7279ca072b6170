/**
 * Problems on the server: the API accepts the native problem document (validated by the same zod
 * schema as the YAML loader, so both accept the same thing) with inline test data; the store keeps
 * it; the worker judges it as the judge's codec reads it (`problemFromDocument`), and the client's
 * import writes it with the same codec (`documentFromProblem`); users see samples only.
 */
import { testCaseNames } from '../judge/problem/schema.js';
import { isRecord } from '../judge/problem/record.js';
import { problemErrorMap, problemSchema, type ProblemDocument } from '../judge/problem/schema.js';
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
  // A server keeps no files: a checker's or interactor's program comes with its files inline.
  for (const [key, program] of [['checker', data.checker], ['interactor', data.interactor]] as const) {
    if (isRecord(program) && (key === 'interactor' || program.type === 'custom') && program.source !== undefined) {
      issues.push({
        path: `body.${key}.source`,
        message: 'a program on the server carries its files inline (files: [{path, content}]); `sonocode problems import --server` does that for you',
      });
    }
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
      ...(test.checker ? { checker: { ...test.checker } } : {}),
      ...(test.checkerArgs ? { checkerArgs: [...test.checkerArgs] } : {}),
    })),
    codeStubs: document.codeStubs.map((stub) => ({ ...stub })),
  };
  if (document.difficulty !== undefined) data.difficulty = document.difficulty;
  if (document.interactor?.files) data.interactor = { language: document.interactor.language, files: document.interactor.files.map((file) => ({ ...file })) };
  if (document.groups !== undefined) data.groups = document.groups.map((group) => ({ ...group, tests: [...group.tests] }));
  return data;
}

/** The document's checker as the store keeps it: in the document's form, a custom one with its files inline. */
function storedChecker(checker: ProblemDocument['checker']): StoredChecker {
  if (checker.type !== 'custom') return checker;
  // parseProblemBody refuses a custom checker named by a file before it gets here
  if (!checker.files) throw new Error('a custom checker on the server has its files inline');
  return { type: 'custom', language: checker.language, files: checker.files.map((file) => ({ ...file })) };
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
    ...(problem.interactor ? { interactor: problem.interactor } : {}),
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
    // a checker's and an interactor's files are the author's, as hidden as the hidden tests
    checker: problem.checker.type === 'custom' ? { type: 'custom', language: problem.checker.language } : problem.checker,
    ...(problem.interactor ? { interactor: { language: problem.interactor.language } } : {}),
    testCases: problem.testCases.filter((test) => test.sample),
    codeStubs: problem.codeStubs.map((stub) => ({ language: stub.language, userSnippet: stub.userSnippet })),
  };
}
