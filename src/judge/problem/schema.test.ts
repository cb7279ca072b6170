import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LIMITS,
  PROBLEM_JSON_SCHEMA_ID,
  problemErrorMap,
  problemJsonSchema,
  problemSchema,
  validateProblemDocument,
} from './schema.js';

type JsonObject = Record<string, any>;

describe('problemSchema', () => {
  it('applies the defaults of SPEC §2.1', () => {
    const parsed = problemSchema.parse({ title: 'T', testCases: [{ input: '', output: '' }] });
    expect(parsed).toEqual({
      title: 'T',
      description: '',
      limits: DEFAULT_LIMITS,
      checker: { type: 'tokens' },
      testCases: [{ input: '', output: '' }],
      codeStubs: [],
    });
  });

  it('does not share default objects between parses', () => {
    const a = problemSchema.parse({ title: 'A', testCases: [{ input: '', output: '' }] });
    a.codeStubs.push({ language: 'c', startSnippet: '', userSnippet: '', endSnippet: '' });
    const b = problemSchema.parse({ title: 'B', testCases: [{ input: '', output: '' }] });
    expect(b.codeStubs).toEqual([]);
  });

  it('reports cross-field errors together with type errors (every error at once)', () => {
    const result = problemSchema.safeParse(
      {
        title: 1,
        limits: { timeLimitMs: 2.5 },
        testCases: [{ name: 'a', input: '', output: '' }, { name: 'a', input: '', output: 3 }],
        groups: [{ name: 'g', score: 1, tests: ['b'] }],
      },
      { error: problemErrorMap },
    );
    expect(result.success).toBe(false);
    const issues = result.error!.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        'title: expected a string, got a number (1); quote it to make it text: "1"',
        'limits.timeLimitMs: must be a positive integer, got 2.5',
        'testCases.1.output: expected a string, got a number (3); quote it to make it text: "3"',
        'testCases.1.name: duplicate test name "a" (already used by testCases[0])',
        'groups.0.tests.0: unknown test "b" (tests: a)',
      ]),
    );
    expect(issues).toHaveLength(5);
  });

  it('rejects two stubs for one language', () => {
    const result = problemSchema.safeParse({
      title: 'T',
      testCases: [{ input: '', output: '' }],
      codeStubs: [{ language: 'cpp' }, { language: 'cpp' }],
    });
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['codeStubs.1.language']);
  });
});

describe('validateProblemDocument', () => {
  it('gives every issue with its path, an unknown key apart from the path of its mapping', () => {
    const result = validateProblemDocument({ titel: 'T', limits: { timeLimitMs: -1 }, testCases: [{ input: 'a' }] });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issues).toEqual(
      expect.arrayContaining([
        { path: [], unknownKey: 'titel', message: 'unknown key "titel" (did you mean "title"?)' },
        { path: ['limits', 'timeLimitMs'], message: 'must be a positive integer, got -1' },
        { path: ['testCases', 0, 'output'], message: 'is required with input' },
      ]),
    );
  });

  it('gives the document with its defaults when it is valid', () => {
    const result = validateProblemDocument({ title: 'T', testCases: [{ input: '', output: '' }] });
    expect(result.ok && result.document).toMatchObject({ checker: { type: 'tokens' }, limits: DEFAULT_LIMITS, codeStubs: [] });
  });
});

describe('problemJsonSchema', () => {
  const schema = problemJsonSchema() as JsonObject;

  it('is a draft 2020-12 schema with an $id and a title', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.$id).toBe(PROBLEM_JSON_SCHEMA_ID);
    expect(schema.title).toBe('sonocode problem');
    expect(schema.type).toBe('object');
    expect(schema.additionalProperties).toBe(false);
  });

  it('describes every top-level field, requiring only title and testCases (input mode)', () => {
    expect(Object.keys(schema.properties).sort()).toEqual(
      ['checker', 'codeStubs', 'description', 'difficulty', 'groups', 'interactor', 'limits', 'slug', 'testCases', 'title'].sort(),
    );
    expect(schema.required).toEqual(['title', 'testCases']);
    expect(schema.properties.limits.properties.timeLimitMs).toMatchObject({
      type: 'integer',
      default: 2000,
      maximum: 60000,
    });
    expect(schema.properties.testCases).toMatchObject({ type: 'array', minItems: 1 });
  });

  it('says that a test has exactly one data form and a float checker needs a tolerance', () => {
    const item = schema.properties.testCases.items;
    expect(item.additionalProperties).toBe(false);
    expect(item.oneOf).toHaveLength(2);
    const float = schema.properties.checker.oneOf.find((option: JsonObject) => option.properties.type.const === 'float');
    expect(float.anyOf).toEqual([{ required: ['absTol'] }, { required: ['relTol'] }]);
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});
