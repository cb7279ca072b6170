/**
 * JSON schemas of every body, parameter, query and response (validation by Fastify's ajv,
 * serialisation by fast-json-stringify, documentation by @fastify/swagger). Problem bodies are the
 * exception: they are validated by the native format's zod schema (the same as YAML files) and
 * documented with the JSON Schema generated from it.
 */
import { problemJsonSchema } from '../../judge/problem/schema.js';
import { VERDICT_CODES } from '../../judge/verdict.js';
import { ERROR_CODES } from '../errors.js';

export const errorSchema = {
  $id: 'Error',
  type: 'object',
  description: 'Every error: a stable code (see docs/api.md) and a message naming the field at fault',
  properties: {
    code: { type: 'string', enum: ERROR_CODES },
    message: { type: 'string' },
    issues: {
      type: 'array',
      items: { type: 'object', properties: { path: { type: 'string' }, message: { type: 'string' } }, required: ['path', 'message'] },
    },
  },
  required: ['code', 'message'],
} as const;

const errorRef = { $ref: 'Error#' } as const;

/** Error responses a route can give, by status. */
export function errors(...statuses: number[]): Record<number, typeof errorRef> {
  return Object.fromEntries(statuses.map((status) => [status, errorRef]));
}

const verdict = { type: 'string', enum: VERDICT_CODES } as const;
const status = { type: 'string', enum: ['pending', 'compiling', 'running', 'done'] } as const;
const dateTime = { type: 'string', format: 'date-time' } as const;

export const idParams = {
  type: 'object',
  properties: { id: { type: 'string', minLength: 1, maxLength: 128, description: 'Id (or, for problems, slug)' } },
  required: ['id'],
} as const;

export const pageQuery = {
  limit: { type: 'string', pattern: '^[0-9]{1,4}$', description: 'Items per page (1–500, default 50)' },
  offset: { type: 'string', pattern: '^[0-9]{1,9}$', description: 'Items to skip (default 0)' },
} as const;

const compileSchema = {
  type: 'object',
  properties: { ok: { type: 'boolean' }, timeMs: { type: 'number' }, output: { type: 'string' } },
  required: ['ok', 'timeMs', 'output'],
} as const;

const testResultSchema = {
  type: 'object',
  properties: {
    name: { type: 'string' },
    verdict,
    timeMs: { type: 'number' },
    wallMs: { type: 'number' },
    memoryKb: { type: 'number' },
    exitCode: { type: ['integer', 'null'] },
    signal: { type: ['string', 'null'] },
    message: { type: 'string', description: 'Checker or runtime message; only for sample tests (and for the admin)' },
    sample: { type: 'boolean' },
  },
  required: ['name', 'verdict', 'timeMs', 'wallMs', 'memoryKb'],
} as const;

export const judgeResultSchema = {
  type: 'object',
  description: 'The result of judging: the shape of `sonocode submit --json` (SPEC §4)',
  properties: {
    verdict,
    language: { type: 'string' },
    problem: { type: 'string' },
    compile: compileSchema,
    tests: { type: 'array', items: testResultSchema },
    timeMs: { type: 'number' },
    memoryKb: { type: 'number' },
    message: { type: 'string' },
    score: { type: 'number' },
    maxScore: { type: 'number' },
    groups: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, verdict, score: { type: 'number' }, maxScore: { type: 'number' } },
      },
    },
  },
  required: ['verdict', 'language', 'problem', 'compile', 'tests', 'timeMs', 'memoryKb'],
} as const;

const progressSchema = {
  type: 'object',
  properties: {
    rank: { type: 'integer' },
    language: { type: 'string' },
    compile: compileSchema,
    tests: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          index: { type: 'integer' },
          total: { type: 'integer' },
          name: { type: 'string' },
          verdict,
          timeMs: { type: 'number' },
          wallMs: { type: 'number' },
          memoryKb: { type: 'number' },
          sample: { type: 'boolean' },
        },
      },
    },
    current: {
      type: 'object',
      properties: { index: { type: 'integer' }, total: { type: 'integer' }, name: { type: 'string' } },
    },
  },
  required: ['rank', 'tests'],
} as const;

const submissionSummaryProperties = {
  id: { type: 'string' },
  userId: { type: 'string' },
  problemId: { type: 'string' },
  language: { type: 'string' },
  status,
  verdict,
  createdAt: dateTime,
  updatedAt: dateTime,
  finishedAt: dateTime,
} as const;

export const submissionSummarySchema = {
  type: 'object',
  properties: submissionSummaryProperties,
  required: ['id', 'userId', 'problemId', 'language', 'status', 'createdAt', 'updatedAt'],
} as const;

export const submissionSchema = {
  type: 'object',
  properties: {
    ...submissionSummaryProperties,
    code: { type: 'string' },
    progress: progressSchema,
    result: judgeResultSchema,
  },
  required: ['id', 'userId', 'problemId', 'language', 'code', 'status', 'progress', 'createdAt', 'updatedAt'],
} as const;

export const submissionBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    problemId: { type: 'string', minLength: 1, maxLength: 128, description: 'The problem: its id or its slug' },
    language: { type: 'string', minLength: 1, maxLength: 32, description: 'Language id: c, cpp, python, javascript, java' },
    code: { type: 'string', minLength: 1, description: 'Source code (at most the server limit, 64 KiB by default)' },
  },
  required: ['problemId', 'language', 'code'],
} as const;

export const acceptedSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    status: { type: 'string', enum: ['pending'] },
    problemId: { type: 'string' },
    language: { type: 'string' },
    createdAt: dateTime,
  },
  required: ['id', 'status'],
} as const;

const storedTestSchema = {
  type: 'object',
  properties: { name: { type: 'string' }, sample: { type: 'boolean' }, input: { type: 'string' }, output: { type: 'string' } },
  required: ['name', 'sample', 'input', 'output'],
} as const;

export const problemViewSchema = {
  type: 'object',
  description: 'A problem. For the admin: every test. For everyone else: samples only in testCases, hidden tests by name in testNames.',
  properties: {
    id: { type: 'string' },
    slug: { type: 'string' },
    title: { type: 'string' },
    description: { type: 'string' },
    difficulty: { type: 'string', enum: ['easy', 'medium', 'hard'] },
    limits: {
      type: 'object',
      properties: { timeLimitMs: { type: 'integer' }, memoryLimitMb: { type: 'integer' }, outputLimitKb: { type: 'integer' } },
    },
    checker: {
      type: 'object',
      properties: { type: { type: 'string' }, caseSensitive: { type: 'boolean' }, absTol: { type: 'number' }, relTol: { type: 'number' } },
    },
    testCases: { type: 'array', items: storedTestSchema },
    testNames: {
      type: 'array',
      items: { type: 'object', properties: { name: { type: 'string' }, sample: { type: 'boolean' } }, required: ['name', 'sample'] },
    },
    testCount: { type: 'integer' },
    hiddenTestCount: { type: 'integer' },
    codeStubs: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          language: { type: 'string' },
          startSnippet: { type: 'string' },
          userSnippet: { type: 'string' },
          endSnippet: { type: 'string' },
        },
      },
    },
    groups: {
      type: 'array',
      items: {
        type: 'object',
        properties: { name: { type: 'string' }, score: { type: 'number' }, tests: { type: 'array', items: { type: 'string' } } },
      },
    },
    createdAt: dateTime,
    updatedAt: dateTime,
  },
  required: ['id', 'slug', 'title', 'description', 'limits', 'checker', 'testCases', 'testNames', 'testCount', 'codeStubs', 'createdAt', 'updatedAt'],
} as const;

export const problemSummarySchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    slug: { type: 'string' },
    title: { type: 'string' },
    difficulty: { type: 'string', enum: ['easy', 'medium', 'hard'] },
    testCount: { type: 'integer' },
    sampleCount: { type: 'integer' },
    createdAt: dateTime,
  },
  required: ['id', 'slug', 'title', 'testCount', 'sampleCount', 'createdAt'],
} as const;

/** The native problem document, for the OpenAPI document (validation is zod's). */
export function problemDocumentSchema(): Record<string, unknown> {
  const { $schema: _schema, $id: _id, ...schema } = problemJsonSchema();
  return { ...schema, description: 'A problem in the native format (the YAML document as JSON), test data inline' };
}

export const userBodySchema = {
  type: 'object',
  additionalProperties: false,
  properties: { name: { type: 'string', minLength: 1, maxLength: 100, description: 'Display name' } },
  required: ['name'],
} as const;

export const userCreatedSchema = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    token: { type: 'string', description: 'The bearer token of the user; shown once, stored only as a hash' },
    createdAt: dateTime,
  },
  required: ['id', 'name', 'token'],
} as const;

export const userSchema = {
  type: 'object',
  properties: { id: { type: 'string' }, name: { type: 'string' }, createdAt: dateTime },
  required: ['id', 'name'],
} as const;

export const healthSchema = {
  type: 'object',
  properties: {
    status: { type: 'string', enum: ['ok', 'degraded', 'draining'] },
    role: { type: 'string' },
    instanceId: { type: 'string' },
    checks: { type: 'object', additionalProperties: { type: 'string' } },
  },
  required: ['status', 'checks'],
} as const;
