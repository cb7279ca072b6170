/**
 * The native YAML problem format (SPEC §2.1) as one zod schema: the loader validates with it, the
 * server can validate problem bodies with it, and the editors' JSON Schema is generated from it.
 *
 * Cross-field rules (one test-data form per test, unique test names, groups naming real tests) are
 * checks that run even when other parts of the document are invalid, so that every error is
 * reported at once; they therefore read the value defensively.
 */
import { closestName } from '../../errors/suggest.js';
import { z } from 'zod';
import { isRecord } from './record.js';

/** The slug of a problem: what URLs, the CLI and the store use to name it. */
export const SLUG_PATTERN = /^[a-z0-9-]+$/;

/** `sample-3` or `test-3`: the default name of the n-th (1-based) test of its kind. */
export function defaultTestName(sample: boolean, n: number): string {
  return `${sample ? 'sample' : 'test'}-${n}`;
}

/**
 * The name of each test case: its `name`, or `sample-N` / `test-N` numbered in order within its
 * kind. `undefined` where an item is too broken to have a name. Works on unvalidated input.
 */
export function testCaseNames(testCases: unknown): (string | undefined)[] {
  if (!Array.isArray(testCases)) return [];
  let samples = 0;
  let tests = 0;
  return testCases.map((item: unknown) => {
    if (!isRecord(item)) return undefined;
    const n = item.sample === true ? ++samples : ++tests;
    if (item.name === undefined) return defaultTestName(item.sample === true, n);
    return typeof item.name === 'string' && item.name !== '' ? item.name : undefined;
  });
}

/** Limits a problem gets when its file says nothing. */
export const DEFAULT_LIMITS = { timeLimitMs: 2000, memoryLimitMb: 256, outputLimitKb: 65536 } as const;

/** Upper bounds of the limits a problem may ask for. */
export const MAX_LIMITS = { timeLimitMs: 60_000, memoryLimitMb: 16_384, outputLimitKb: 1_048_576 } as const;

export const CHECKER_TYPES = ['exact', 'tokens', 'float', 'custom'] as const;

/** `$id` of the generated JSON Schema. */
export const PROBLEM_JSON_SCHEMA_ID = 'https://sonocode.dev/schema/problem.schema.json';

// Checks that must run even after other issues, so that every error is reported in one go.
const ALWAYS = { when: () => true };

// ---------------------------------------------------------------------------------------------
// Messages

/** `a number (42)`, `a list`, `an empty value`: what the user wrote, for messages. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (typeof value === 'string') return `a string (${quote(value)})`;
  if (typeof value === 'number') return `a number (${value})`;
  if (typeof value === 'boolean') return `a boolean (${value})`;
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Date) return 'a date';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

function quote(text: string, max = 40): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max)}…` : text);
}

const EXPECTED_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  object: 'a mapping',
  array: 'a list',
};

/**
 * The error map for parsing problem documents: short human messages (`expected a string, got a
 * number (42)`). An `unrecognized_keys` issue gets one line per key, in the order of `keys`.
 */
export const problemErrorMap: z.core.$ZodErrorMap = (issue) => {
  const input = issue.input;
  switch (issue.code) {
    case 'invalid_type': {
      if (input === undefined) return 'is required';
      let message = `expected ${EXPECTED_NAMES[issue.expected] ?? issue.expected}, got ${describeValue(input)}`;
      if (issue.expected === 'string' && (typeof input === 'number' || typeof input === 'boolean')) {
        message += `; quote it to make it text: "${String(input)}"`;
      } else if (issue.expected === 'string' && input === null) {
        message += '; write "" for an empty string';
      } else if (
        issue.expected === 'object' &&
        typeof input === 'string' &&
        (CHECKER_TYPES as readonly string[]).includes(input)
      ) {
        message += `; write {type: ${input}}`;
      }
      return message;
    }
    case 'unrecognized_keys': {
      const shape = (issue.inst as { shape?: Record<string, unknown> } | undefined)?.shape;
      const known = shape ? Object.keys(shape) : [];
      return issue.keys
        .map((key) => {
          const guess = closestName(key, known);
          return `unknown key ${quote(key)}${guess ? ` (did you mean "${guess}"?)` : ''}`;
        })
        .join('\n');
    }
    case 'invalid_union': {
      const choices = (issue as { options?: unknown }).options;
      if (!issue.discriminator || !Array.isArray(choices)) return undefined;
      const options = choices.map(String).join(', ');
      const given = isRecord(input) ? input[issue.discriminator] : undefined;
      return given === undefined
        ? `is required: one of ${options}`
        : `must be one of ${options}, got ${describeValue(given)}`;
    }
    case 'invalid_value': {
      const values = issue.values.map(String);
      return values.length === 1
        ? `must be ${values[0]}, got ${describeValue(input)}`
        : `must be one of ${values.join(', ')}, got ${describeValue(input)}`;
    }
    case 'too_small': {
      const minimum = Number(issue.minimum);
      if (issue.origin === 'array') return `must have at least ${minimum} ${minimum === 1 ? 'item' : 'items'}`;
      if (issue.origin === 'string') return minimum === 1 ? 'must not be empty' : `must be at least ${minimum} characters`;
      return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${minimum}, got ${describeValue(input)}`;
    }
    case 'too_big': {
      const maximum = Number(issue.maximum);
      if (issue.origin === 'array') return `must have at most ${maximum} items`;
      if (issue.origin === 'string') return `must be at most ${maximum} characters`;
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${maximum}, got ${describeValue(input)}`;
    }
    case 'invalid_format':
      return `must match ${issue.pattern ?? issue.format}, got ${describeValue(input)}`;
    default:
      return undefined;
  }
};

// ---------------------------------------------------------------------------------------------
// Pieces

// Number schemas that are integers for the JSON Schema (zod sees them as refined numbers).
const INTEGER_SCHEMAS = new WeakSet<object>();

function positiveInteger(max: number, unit: string, defaultValue: number, description: string) {
  const error = (issue: z.core.$ZodRawIssue): string => {
    if (issue.code === 'too_big') return `must be at most ${max} (${unit}), got ${describeValue(issue.input)}`;
    if (issue.input === undefined) return 'is required';
    return typeof issue.input === 'number'
      ? `must be a positive integer, got ${issue.input}`
      : `must be a positive integer, got ${describeValue(issue.input)}`;
  };
  // Not `.int()`: its issue aborts the whole parse, which would hide the other errors of the file.
  const integer = z
    .number({ error })
    .positive({ error })
    .max(max, { error })
    .check(z.refine(Number.isInteger, { error, when: (payload) => payload.issues.length === 0 }));
  INTEGER_SCHEMAS.add(integer);
  return integer
    .default(defaultValue)
    .meta({ description: `${description} (${unit}, at most ${max})` });
}

export const limitsSchema = z
  .strictObject({
    timeLimitMs: positiveInteger(MAX_LIMITS.timeLimitMs, 'milliseconds', DEFAULT_LIMITS.timeLimitMs, 'CPU time per test, before the language time factor'),
    memoryLimitMb: positiveInteger(MAX_LIMITS.memoryLimitMb, 'MiB', DEFAULT_LIMITS.memoryLimitMb, 'Memory per test'),
    outputLimitKb: positiveInteger(MAX_LIMITS.outputLimitKb, 'KiB', DEFAULT_LIMITS.outputLimitKb, 'Standard output per test'),
  })
  .meta({ description: 'Limits per test. Defaults: 2000 ms, 256 MiB, 65536 KiB.' });

const tolerance = z.number().min(0);

const floatCheckerSchema = z
  .strictObject({
    type: z.literal('float'),
    absTol: tolerance.optional().meta({ description: 'Absolute tolerance for numbers (default 0 when relTol is given)' }),
    relTol: tolerance.optional().meta({ description: 'Relative tolerance for numbers (default 0 when absTol is given)' }),
  })
  .check(
    z.superRefine((value: unknown, ctx) => {
      if (isRecord(value) && value.absTol === undefined && value.relTol === undefined) {
        ctx.addIssue({ code: 'custom', message: 'a float checker needs absTol, relTol or both', input: value });
      }
    }, ALWAYS),
  )
  .meta({ description: 'Tokens; numbers pass within absTol or relTol' });

/** A path inside a program's folder: relative, of plain names, no `.` or `..` segment. */
const PROGRAM_PATH = /^(?!.*(^|\/)\.{1,2}(\/|$))[\w.+-]+(\/[\w.+-]+)*$/;
/** The most a program given inline may hold: files, and characters per file. */
const PROGRAM_FILES = 64;
const PROGRAM_FILE_CHARS = 1024 * 1024;

/**
 * A checker's or an interactor's program: a source file of the problem's folder, or its files
 * inline (what a server keeps, and what a program folder with a `build`/`run` script needs).
 */
function programFields(what: 'checker' | 'interactor') {
  return {
    source: z.string().min(1).optional().meta({ description: `The ${what}'s source file, relative to the problem's folder` }),
    files: z
      .array(
        z.strictObject({
          path: z.string().regex(PROGRAM_PATH, 'a relative path inside the program\'s folder (letters, digits, . _ + -, no ..)'),
          content: z.string().max(PROGRAM_FILE_CHARS, `at most ${PROGRAM_FILE_CHARS} characters`),
          executable: z.boolean().optional(),
        }),
      )
      .min(1)
      .max(PROGRAM_FILES)
      .optional()
      .meta({
        description: `The ${what}'s files inline (text): one source of \`language\`, several compiled together, or \`build\`/\`run\` scripts with language \`script\``,
      }),
    language: z.string().min(1).meta({ description: `Language id of the ${what} (c, cpp, java, python…), or \`script\` for build/run scripts` }),
  };
}

/** Exactly one of `source` (a file) and `files` (inline). */
function oneProgramSource(value: { source?: string | undefined; files?: unknown[] | undefined }, ctx: z.RefinementCtx): void {
  if ((value.source === undefined) === (value.files === undefined)) {
    ctx.addIssue({ code: 'custom', message: 'needs exactly one of source (a file) and files (inline)', path: [], input: value });
  }
}

/** The checkers that are comparators of the judge (no program): a test may have one of its own. */
const builtInCheckerSchemas = [
  z.strictObject({ type: z.literal('exact') }).meta({
    description: 'Byte-for-byte, forgiving a missing final newline and \\r\\n line ends',
  }),
  z.strictObject({
    type: z.literal('tokens'),
    caseSensitive: z.boolean().optional().meta({ description: 'Compare letters case-sensitively (default true)' }),
  }).meta({ description: 'Whitespace-insensitive token compare' }),
  floatCheckerSchema,
] as const;

export const checkerSchema = z
  .discriminatedUnion('type', [
    ...builtInCheckerSchemas,
    z
      .strictObject({
        type: z.literal('custom'),
        ...programFields('checker'),
      })
      .check(z.superRefine(oneProgramSource, ALWAYS))
      .meta({
        description: 'A program run as `checker input answer feedback_dir < output`; exit 42 accepts, 43 rejects',
      }),
  ])
  .meta({ description: 'How output is compared with the expected output (default: tokens)' });

/**
 * A test's own checker: a comparator only. A checker program is the problem's; a test gives it
 * arguments of its own with `checkerArgs` instead (as an ICPC package's test groups do).
 */
export const testCheckerSchema = z
  .discriminatedUnion('type', builtInCheckerSchemas, {
    error: (issue) =>
      issue.code === 'invalid_union' && isRecord(issue.input) && issue.input.type === 'custom'
        ? "a test's checker is exact, tokens or float: a checker program (custom) is the problem's, and a test gives it arguments with checkerArgs"
        : undefined,
  })
  .meta({ description: "This test's own checker instead of the problem's: exact, tokens or float (not custom)" });

export const testCaseSchema = z
  .strictObject({
    name: z.string().min(1).optional().meta({
      description: 'Unique name; default sample-N for samples and test-N otherwise',
    }),
    sample: z.boolean().optional().meta({ description: 'Shown to users (default false: hidden)' }),
    input: z.string().optional().meta({ description: 'Standard input, inline' }),
    output: z.string().optional().meta({ description: 'Expected output, inline' }),
    inputFile: z.string().min(1).optional().meta({ description: "Input file, relative to the problem's folder" }),
    outputFile: z.string().min(1).optional().meta({
      description: "Expected output file, relative to the problem's folder",
    }),
    checker: testCheckerSchema.optional(),
    checkerArgs: z.array(z.string()).optional().meta({
      description:
        "Extra arguments for the problem's custom checker (or interactor) on this test, after `input answer feedback_dir` (an ICPC test group's output_validator_args)",
    }),
  })
  .check(z.superRefine(checkTestDataForm, ALWAYS))
  .meta({ description: 'A test: {input, output} inline, or {inputFile, outputFile}' });

function checkTestDataForm(value: unknown, ctx: z.core.$RefinementCtx<unknown>): void {
  if (!isRecord(value)) return;
  const has = (key: string) => value[key] !== undefined;
  const inline = has('input') || has('output');
  const files = has('inputFile') || has('outputFile');
  const issue = (message: string, path: string[] = []) =>
    ctx.addIssue({ code: 'custom', message, path, input: value });
  if (inline && files) {
    issue('mixes inline data (input/output) with files (inputFile/outputFile); use one form');
  } else if (!inline && !files) {
    issue('needs input and output, or inputFile and outputFile');
  } else if (inline) {
    if (!has('input')) issue('is required with output', ['input']);
    if (!has('output')) issue('is required with input', ['output']);
  } else {
    if (!has('inputFile')) issue('is required with outputFile', ['inputFile']);
    if (!has('outputFile')) issue('is required with inputFile', ['outputFile']);
  }
}

export const groupSchema = z
  .strictObject({
    name: z.string().min(1),
    score: z.number().min(0).meta({ description: 'Points for passing every test of the group' }),
    tests: z.array(z.string().min(1)).min(1).meta({ description: 'Names of the tests in the group' }),
  })
  .meta({ description: 'A scoring group' });

export const codeStubSchema = z
  .strictObject({
    language: z.string().min(1),
    startSnippet: z.string().default('').meta({ description: 'Code before the user code' }),
    userSnippet: z.string().default('').meta({ description: 'What the user starts from' }),
    endSnippet: z.string().default('').meta({ description: 'Code after the user code' }),
  })
  .meta({ description: 'A function-problem stub: the judged program is startSnippet + user code + endSnippet' });

export const problemSchema = z
  .strictObject({
    title: z.string().min(1),
    slug: z
      .string()
      .regex(SLUG_PATTERN, {
        error: (issue) =>
          `must be lowercase letters, digits and hyphens ([a-z0-9-]+), got ${describeValue(issue.input)}`,
      })
      .optional()
      .meta({ description: 'URL name; default from the file or folder name' }),
    description: z.string().default('').meta({ description: 'Full statement, Markdown' }),
    difficulty: z.enum(['easy', 'medium', 'hard']).optional(),
    limits: limitsSchema.prefault({}),
    checker: checkerSchema.default(() => ({ type: 'tokens' as const })),
    interactor: z
      .strictObject(programFields('interactor'))
      .check(z.superRefine(oneProgramSource, ALWAYS))
      .optional()
      .meta({
        description:
          'Makes the problem interactive: this program runs beside each submission, in a sandbox of its own, as `interactor input answer feedback_dir`, its standard input the submission\'s output and its standard output the submission\'s input; exit 42 accepts, 43 rejects (the checker is not used)',
      }),
    testCases: z.array(testCaseSchema).min(1).meta({ description: 'Tests, judged in order' }),
    groups: z.array(groupSchema).optional(),
    codeStubs: z.array(codeStubSchema).default(() => []),
  })
  .check(z.superRefine(checkCrossReferences, ALWAYS))
  .meta({ title: 'sonocode problem' });

/** A problem document as written (defaults optional). */
export type ProblemDocumentInput = z.input<typeof problemSchema>;
/** A validated problem document, defaults applied. */
export type ProblemDocument = z.output<typeof problemSchema>;

// ---------------------------------------------------------------------------------------------
// Validation

/** Something wrong with a problem document, at a path of it. */
export interface DocumentIssue {
  /** Path of the value, e.g. `['testCases', 3, 'output']`; for an unknown key, of the mapping that holds it. */
  path: PropertyKey[];
  /** The key that is not part of the format, when the issue is one (`unknown key "titel" (did you mean "title"?)`). */
  unknownKey?: string;
  message: string;
}

/**
 * Validates a problem document (parsed YAML, or an API body) against {@link problemSchema}: the
 * document with defaults applied, or every issue at once, each with its path and a short message.
 */
export function validateProblemDocument(data: unknown): { ok: true; document: ProblemDocument } | { ok: false; issues: DocumentIssue[] } {
  const result = problemSchema.safeParse(data, { error: problemErrorMap });
  if (result.success) return { ok: true, document: result.data };
  const issues: DocumentIssue[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      // the error map gives one line per key, in the order of `keys`
      const messages = issue.message.split('\n');
      issue.keys.forEach((key, i) => issues.push({ path: issue.path, unknownKey: key, message: messages[i] ?? `unknown key ${JSON.stringify(key)}` }));
    } else {
      issues.push({ path: issue.path, message: issue.message });
    }
  }
  return { ok: false, issues };
}

/** `testCases[3].output` from `['testCases', 3, 'output']`: a document path as messages write it. */
export function formatPath(segments: readonly PropertyKey[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (typeof segment === 'string' && /^[A-Za-z_$][\w$]*$/.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(String(segment))}]`;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cross references

function checkCrossReferences(value: unknown, ctx: z.core.$RefinementCtx<unknown>): void {
  if (!isRecord(value)) return;
  const issue = (message: string, path: (string | number)[]) =>
    ctx.addIssue({ code: 'custom', message, path, input: value });

  const names = testCaseNames(value.testCases);
  const cases = Array.isArray(value.testCases) ? (value.testCases as unknown[]) : [];
  const firstUse = new Map<string, number>();
  names.forEach((name, index) => {
    if (name === undefined) return;
    const previous = firstUse.get(name);
    if (previous === undefined) {
      firstUse.set(name, index);
      return;
    }
    const explicit = isRecord(cases[index]) && cases[index].name !== undefined;
    issue(
      explicit
        ? `duplicate test name "${name}" (already used by testCases[${previous}])`
        : `this test's default name "${name}" is already used by testCases[${previous}]; give it a name`,
      explicit ? ['testCases', index, 'name'] : ['testCases', index],
    );
  });

  if (Array.isArray(value.groups)) {
    const known = [...firstUse.keys()];
    const listed = known.length <= 12 ? ` (tests: ${known.join(', ')})` : '';
    const groupNames = new Map<string, number>();
    value.groups.forEach((group: unknown, g) => {
      if (!isRecord(group)) return;
      if (typeof group.name === 'string') {
        const previous = groupNames.get(group.name);
        if (previous !== undefined) {
          issue(`duplicate group name "${group.name}" (already used by groups[${previous}])`, ['groups', g, 'name']);
        } else {
          groupNames.set(group.name, g);
        }
      }
      if (!Array.isArray(group.tests)) return;
      const seen = new Set<string>();
      group.tests.forEach((test: unknown, t) => {
        if (typeof test !== 'string') return;
        if (!firstUse.has(test)) issue(`unknown test "${test}"${listed}`, ['groups', g, 'tests', t]);
        else if (seen.has(test)) issue(`test "${test}" is listed twice`, ['groups', g, 'tests', t]);
        seen.add(test);
      });
    });
  }

  checkTestChecking(value, names, issue);

  if (Array.isArray(value.codeStubs)) {
    const languages = new Map<string, number>();
    value.codeStubs.forEach((stub: unknown, s) => {
      if (!isRecord(stub) || typeof stub.language !== 'string') return;
      const previous = languages.get(stub.language);
      if (previous !== undefined) {
        issue(`second stub for language "${stub.language}" (first at codeStubs[${previous}])`, ['codeStubs', s, 'language']);
      } else {
        languages.set(stub.language, s);
      }
    });
  }
}

/**
 * A test's own checker and arguments must reach what judges it: arguments go to a program (the
 * problem's custom checker or its interactor; a comparator takes none, and the judge would drop
 * them), and an interactive problem's interactor judges every test, whatever checker a test names.
 */
function checkTestChecking(
  value: Record<string, unknown>,
  names: (string | undefined)[],
  issue: (message: string, path: (string | number)[]) => void,
): void {
  if (!Array.isArray(value.testCases)) return;
  const interactive = value.interactor !== undefined;
  const problemChecker = isRecord(value.checker) && typeof value.checker.type === 'string' ? value.checker.type : 'tokens';
  value.testCases.forEach((test: unknown, index) => {
    if (!isRecord(test)) return;
    const label = names[index] !== undefined ? `test "${names[index]}"` : 'this test';
    if (test.checker !== undefined && interactive) {
      issue(`${label}: a test's own checker is not used in an interactive problem: its interactor judges every test`, ['testCases', index, 'checker']);
    }
    // (arguments that are no list, and a test checker of an unknown type, are errors of their own)
    if (!Array.isArray(test.checkerArgs) || interactive) return;
    if (test.checker !== undefined) {
      const own = isRecord(test.checker) ? test.checker.type : undefined;
      if (own === 'exact' || own === 'tokens' || own === 'float') {
        issue(`${label}: arguments go only to a custom checker or an interactor, and this test's own checker is ${own}`, ['testCases', index, 'checkerArgs']);
      }
    } else if (problemChecker !== 'custom') {
      issue(`${label}: arguments go only to a custom checker or an interactor, and the problem's checker is ${problemChecker}`, ['testCases', index, 'checkerArgs']);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// JSON Schema

/**
 * The JSON Schema (draft 2020-12) of the native YAML format, for editors (e.g. the YAML language
 * server's `# yaml-language-server: $schema=…`). Generated from {@link problemSchema} in input mode,
 * so fields with defaults are optional; rules zod expresses as refinements are added by hand.
 */
export function problemJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(problemSchema, {
    io: 'input',
    target: 'draft-2020-12',
    override: ({ zodSchema, jsonSchema }) => {
      if (zodSchema === testCaseSchema) {
        // Exactly one form: with additionalProperties false, both forms would match both branches.
        jsonSchema.oneOf = [
          { required: ['input', 'output'], not: { anyOf: [{ required: ['inputFile'] }, { required: ['outputFile'] }] } },
          { required: ['inputFile', 'outputFile'], not: { anyOf: [{ required: ['input'] }, { required: ['output'] }] } },
        ];
      } else if (INTEGER_SCHEMAS.has(zodSchema)) {
        jsonSchema.type = 'integer';
      } else if (zodSchema === floatCheckerSchema) {
        jsonSchema.anyOf = [{ required: ['absTol'] }, { required: ['relTol'] }];
      }
    },
  }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: PROBLEM_JSON_SCHEMA_ID,
    ...rest,
    title: 'sonocode problem',
    description: 'A problem in the sonocode native YAML format (problems/<slug>.yaml or problems/<slug>/problem.yaml)',
  };
}
