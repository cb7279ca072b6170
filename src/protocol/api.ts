/**
 * The HTTP API's bodies, parameters and views (docs/api.md), as zod schemas: the server validates
 * requests with them and documents every route with the JSON Schema made from them (OpenAPI at
 * `/openapi.json`), and their inferred types are what the server's views build and what
 * `SonocodeClient` returns. Responses are never filtered by these schemas: a field the server adds
 * (a new result field, say) reaches the client even before a schema names it.
 */
import { z } from 'zod';
import { judgeResultSchema, verdictSchema } from '../judge/result.js';
import type { Difficulty } from '../judge/problem/types.js';
import { progressSchema } from './progress.js';
import { submissionStatusSchema } from './status.js';

const dateTime = z.string().meta({ format: 'date-time', description: 'ISO 8601 date and time' });
const id = z.string().meta({ description: 'A 24-character hexadecimal id' });
const DIFFICULTIES = ['easy', 'medium', 'hard'] as const satisfies readonly Difficulty[];

// ---------------------------------------------------------------------------------------------
// Parameters and queries

export const idParamsSchema = z.strictObject({
  id: z.string().min(1).max(128).meta({ description: 'Id (or, for problems, slug)', examples: ['a-plus-b'] }),
});

/** Paging, as typed in the query string (the route turns it into numbers). */
export const pageQuerySchema = z.strictObject({
  limit: z
    .string()
    .regex(/^(?:[1-9][0-9]?|[1-4][0-9]{2}|500)$/, 'a whole number from 1 to 500')
    .optional()
    .meta({ description: 'Items per page (1–500, default 50)', examples: ['50'] }),
  offset: z.string().regex(/^[0-9]{1,9}$/, 'a whole number from 0 to 999999999').optional().meta({ description: 'Items to skip (default 0)', examples: ['0'] }),
});

export const submissionsQuerySchema = pageQuerySchema.extend({
  userId: z.string().min(1).max(128).optional().meta({ description: "Whose (the admin's filter; a user may name only themselves)" }),
  problemId: z.string().min(1).max(128).optional().meta({ description: 'Problem id or slug', examples: ['a-plus-b'] }),
});

// ---------------------------------------------------------------------------------------------
// Submissions

export const submissionBodySchema = z.strictObject({
  problemId: z.string().min(1).max(128).meta({ description: 'The problem: its id or its slug' }),
  language: z.string().min(1).max(32).meta({ description: 'Language id: c, cpp, python, javascript, java' }),
  code: z.string().min(1).meta({ description: 'Source code (at most the server limit, 64 KiB by default)' }),
}).meta({ examples: [{ problemId: 'a-plus-b', language: 'python', code: 'a, b = map(int, input().split())\nprint(a + b)\n' }] });
export type SubmitInput = z.infer<typeof submissionBodySchema>;

export const acceptedSchema = z.object({
  id,
  status: z.literal('pending'),
  problemId: id,
  language: z.string(),
  createdAt: dateTime,
});
export type Accepted = z.infer<typeof acceptedSchema>;

export const submissionSummarySchema = z.object({
  id,
  userId: id,
  problemId: id,
  language: z.string(),
  status: submissionStatusSchema,
  verdict: verdictSchema.optional(),
  createdAt: dateTime,
  updatedAt: dateTime,
  finishedAt: dateTime.optional(),
});
export type SubmissionSummary = z.infer<typeof submissionSummarySchema>;

export const submissionViewSchema = submissionSummarySchema
  .extend({
    code: z.string(),
    progress: progressSchema,
    result: judgeResultSchema.optional().meta({ description: "With `done`; for the owner, hidden tests show verdict, time and memory only" }),
  })
  .meta({ id: 'Submission' });
export type SubmissionView = z.infer<typeof submissionViewSchema>;

// ---------------------------------------------------------------------------------------------
// Problems (the body is the native problem document: judge/problem/schema.ts)

export const problemSummarySchema = z.object({
  id,
  slug: z.string(),
  title: z.string(),
  difficulty: z.enum(DIFFICULTIES).optional(),
  testCount: z.number().int(),
  sampleCount: z.number().int(),
  status: z
    .enum(['solved', 'tried'])
    .optional()
    .meta({ description: "With a user token: `solved` once one of the user's submissions was accepted, else `tried`; absent when the user never submitted" }),
  createdAt: dateTime,
});
export type ProblemSummaryView = z.infer<typeof problemSummarySchema>;

/** The checkers that compare outputs without a program: the problem's, or a test's own. */
const comparatorViews = [
  z.object({ type: z.literal('exact') }),
  z.object({ type: z.literal('tokens'), caseSensitive: z.boolean().optional() }),
  z.object({ type: z.literal('float'), absTol: z.number().optional(), relTol: z.number().optional() }),
] as const;

const storedTestSchema = z.object({
  name: z.string(),
  sample: z.boolean(),
  input: z.string(),
  output: z.string(),
  checker: z.discriminatedUnion('type', comparatorViews).optional().meta({ description: "The test's own checker, instead of the problem's" }),
  checkerArgs: z.array(z.string()).optional().meta({ description: "Extra arguments for the problem's custom checker (or interactor) on this test" }),
});

/** A checker's or an interactor's program: its language, and its files for the admin only. */
const programView = {
  language: z.string(),
  files: z
    .array(z.object({ path: z.string(), content: z.string(), executable: z.boolean().optional() }))
    .optional()
    .meta({ description: "The program's files (the admin only)" }),
};

export const problemViewSchema = z
  .object({
    id,
    slug: z.string(),
    title: z.string(),
    description: z.string(),
    difficulty: z.enum(DIFFICULTIES).optional(),
    limits: z.object({ timeLimitMs: z.number().int(), memoryLimitMb: z.number().int(), outputLimitKb: z.number().int() }),
    checker: z.discriminatedUnion('type', [...comparatorViews, z.object({ type: z.literal('custom'), ...programView })]),
    interactor: z
      .object(programView)
      .optional()
      .meta({ description: 'Present on an interactive problem: the program talks with the interactor instead of reading a file' }),
    testCases: z.array(storedTestSchema).meta({ description: 'Every test for the admin; the samples only for everyone else' }),
    testNames: z.array(z.object({ name: z.string(), sample: z.boolean() })).meta({ description: 'Every test by name, hidden ones included' }),
    testCount: z.number().int(),
    hiddenTestCount: z.number().int(),
    codeStubs: z
      .array(z.object({ language: z.string(), userSnippet: z.string(), startSnippet: z.string().optional(), endSnippet: z.string().optional() }))
      .meta({ description: 'Whole stubs for the admin; the user part (`userSnippet`) for everyone else' }),
    groups: z.array(z.object({ name: z.string(), score: z.number(), tests: z.array(z.string()) })).optional(),
    createdAt: dateTime,
    updatedAt: dateTime,
  })
  .meta({ id: 'Problem', description: 'A problem. For the admin: every test. For everyone else: samples only in testCases, hidden tests by name in testNames.' });
export type ProblemView = z.infer<typeof problemViewSchema>;

export const importQuerySchema = z.strictObject({
  name: z.string().min(1).max(255).meta({ description: 'The file name, e.g. `two-sum.yaml` or `sum-package.zip` (the slug comes from it when the problem gives none)', examples: ['a-plus-b.zip'] }),
  replace: z.enum(['true', 'false']).optional().meta({ description: '`true`: replace a problem with the same slug', examples: ['false'] }),
});

export const importedSchema = z.object({
  problem: problemViewSchema,
  warnings: z.array(z.string()).meta({ description: 'What could not be carried over exactly (ICPC validator flags without a native equal, scoring native groups cannot express)' }),
});
export type Imported = z.infer<typeof importedSchema>;

// ---------------------------------------------------------------------------------------------
// Users

export const userBodySchema = z
  .strictObject({
    name: z.string().min(1).max(100).meta({ description: 'Display name' }),
  })
  .meta({ examples: [{ name: 'ann' }] });

export const userViewSchema = z.object({ id, name: z.string(), createdAt: dateTime });
export type UserView = z.infer<typeof userViewSchema>;

/** Who a token is (`GET /api/v1/whoami`): the admin, or a user with their id and name. */
export const whoamiViewSchema = z.object({
  role: z.enum(['admin', 'user']),
  id: id.optional().meta({ description: "The user's id (users only)" }),
  name: z.string().optional().meta({ description: "The user's name (users only)" }),
});
export type WhoamiView = z.infer<typeof whoamiViewSchema>;

export const createdUserSchema = userViewSchema.extend({
  token: z.string().meta({ description: 'The bearer token of the user; shown once, stored only as a hash' }),
});
export type CreatedUser = z.infer<typeof createdUserSchema>;

// ---------------------------------------------------------------------------------------------
// Operations

export const healthSchema = z.object({
  status: z.enum(['ok', 'degraded', 'draining']),
  role: z.string(),
  instanceId: z.string(),
  checks: z.record(z.string(), z.string()).meta({ description: 'Each dependency (store, redis): `ok`, or why not' }),
});
export type Health = z.infer<typeof healthSchema>;
