/**
 * Validation at the server's edges — request bodies, parameters and queries, problem documents,
 * WebSocket frames and `serve` settings — all with zod, and one way from zod's issues to what the
 * user reads: {@link fieldIssues} (`{path: 'body.language', message: 'is required'}`), then
 * {@link validationError} for `{code, message, issues}`.
 */
import type { FastifySchemaCompiler } from 'fastify';
import type { z } from 'zod';
import { didYouMean } from '../errors/suggest.js';
import { describeValue } from '../judge/problem/schema.js';
import type { FieldIssue } from '../protocol/errors.js';
import { validationError } from './errors.js';

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'an object',
  array: 'an array',
  null: 'null',
};

/**
 * Unknown keys get one line each, in the order of `keys` (split again by {@link fieldIssues}), with
 * the known field a key most likely meant (`lang`: did you mean "language"?).
 */
const UNKNOWN_KEY = 'is not a known field';

/** The fields an object schema knows: the shape of the schema that raised the issue. */
function knownFields(issue: { inst?: unknown }): string[] {
  const shape = (issue.inst as { _zod?: { def?: { shape?: unknown } } } | undefined)?._zod?.def?.shape;
  return typeof shape === 'object' && shape !== null ? Object.keys(shape) : [];
}

/**
 * Short messages that say what was sent (`expected a string, got a number (42)`, `is required`,
 * `must not be empty`), for requests, frames and settings. Problem documents have their own map
 * (judge/problem/schema.ts), with the same shape of messages.
 */
export const validationErrorMap: z.core.$ZodErrorMap = (issue) => {
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type':
      if (input === undefined) return 'is required';
      return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${describeValue(input)}`;
    case 'unrecognized_keys':
      return issue.keys.map((key) => `${UNKNOWN_KEY}${didYouMean(key, knownFields(issue))}`).join('\n');
    case 'invalid_value':
      return `must be one of ${issue.values.map(String).join(', ')}, got ${describeValue(input)}`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown }).options;
      if (!issue.discriminator || !Array.isArray(options)) return undefined;
      return `must be one of ${options.map(String).join(', ')}`;
    }
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'string') return minimum === 1 ? 'must not be empty' : `must be at least ${minimum} characters`;
      return `must be at least ${minimum}, got ${describeValue(input)}`;
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'string') return `must be at most ${maximum} characters`;
      return `must be at most ${maximum}, got ${describeValue(input)}`;
    }
    case 'invalid_format':
      return `has the wrong form (expected ${issue.pattern ?? issue.format})`;
    default:
      return undefined;
  }
};

/** `['testCases', 0, 'output']` under `body` → `body.testCases[0].output`. */
export function issuePath(base: string, segments: readonly PropertyKey[]): string {
  let out = base;
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(String(segment))) out += out ? `.${String(segment)}` : String(segment);
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

/**
 * zod's issues as field issues under `base` (`body`, `querystring`, `params`; '' for frames and
 * settings): one per unknown key, duplicates dropped, messages as the error map made them.
 */
export function fieldIssues(issues: readonly z.core.$ZodIssue[], base: string): FieldIssue[] {
  const out: FieldIssue[] = [];
  const seen = new Set<string>();
  const add = (issue: FieldIssue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(issue);
  };
  for (const issue of issues) {
    const path = issuePath(base, issue.path);
    if (issue.code === 'unrecognized_keys') {
      const lines = issue.message.split('\n');
      issue.keys.forEach((key, i) => add({ path: issuePath(path, [key]), message: lines[i] ?? UNKNOWN_KEY }));
    } else {
      add({ path, message: issue.message });
    }
  }
  return out;
}

/**
 * Fastify's validator for routes whose schemas are zod: a request part that does not parse is
 * answered `400 SONO_VALIDATION` naming every field (`querystring.limit: has the wrong form …`).
 */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const parsed = schema.safeParse(data, { error: validationErrorMap });
    if (parsed.success) return { value: parsed.data };
    return { error: validationError(fieldIssues(parsed.error.issues, httpPart ?? 'body')) };
  };
