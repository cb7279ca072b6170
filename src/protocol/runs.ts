/**
 * LeetCode's Run on a server (`POST /api/v1/runs`): the code judged on the problem's samples, or
 * run on an input of the user's, without storing a submission. A run is one {@link RunView} that
 * grows as the worker goes (compiled, each sample, done); the same view is the POST's answer, what
 * `GET /api/v1/runs/:id` returns and what every `run` message on the WebSocket carries, so a client
 * only ever replaces what it shows. A run holds sample data and what the program wrote, never
 * anything of a hidden test: hidden tests are not run.
 */
import { z } from 'zod';
import { compileResultSchema, testResultSchema, verdictSchema } from '../judge/result.js';
import { submissionStatusSchema } from './status.js';

const dateTime = z.string().meta({ format: 'date-time', description: 'ISO 8601 date and time' });

/** Text a run shows (input, expected output, what the program wrote) is cut at this size, in KiB. */
export const RUN_SHOWN_TEXT_KB = 64;

export const runBodySchema = z.strictObject({
  problemId: z.string().min(1).max(128).meta({ description: 'The problem: its id or its slug' }),
  language: z.string().min(1).max(32).meta({ description: 'Language id: c, cpp, python, javascript, java' }),
  code: z.string().min(1).meta({ description: 'Source code (at most the server limit, 64 KiB by default)' }),
  input: z
    .string()
    .optional()
    .meta({ description: "Standard input to run the program on instead of the samples (at most 1 MiB); its output is shown, not checked" }),
}).meta({ examples: [{ problemId: 'a-plus-b', language: 'python', code: 'a, b = map(int, input().split())\nprint(a + b)\n', input: '20 22\n' }] });
export type RunInput = z.infer<typeof runBodySchema>;

/** Shown text: cut at {@link RUN_SHOWN_TEXT_KB} when `truncated`. */
const shownText = z.string();

/** A sample as a run shows it: the test's result (as a submission would get it), its data and what the program wrote. */
export const runSampleSchema = testResultSchema
  .pick({ name: true, verdict: true, timeMs: true, wallMs: true, memoryKb: true, exitCode: true, signal: true, message: true })
  .extend({
    input: shownText,
    expected: shownText.meta({ description: 'The expected output' }),
    stdout: shownText.meta({ description: 'What the program wrote on standard output' }),
    stderr: shownText.meta({ description: 'What the program wrote on standard error' }),
    exchange: z.boolean().optional().meta({ description: 'An interactive problem: `stdout` is the exchange (`> ` the program\'s lines, `< ` the interactor\'s), not an output to compare' }),
    truncated: z.boolean().optional().meta({ description: 'A text above was cut' }),
  });
export type RunSample = z.infer<typeof runSampleSchema>;

/** The program run on the user's input: how it ended and what it wrote, unchecked. */
export const runOutputSchema = testResultSchema
  .pick({ timeMs: true, wallMs: true, memoryKb: true, message: true })
  .extend({
    verdict: verdictSchema.meta({ description: 'AC when the program ran and exited normally (its output is not checked); else RE, TLE, MLE or OLE' }),
    exitCode: z.number().int().nullable(),
    signal: z.string().nullable(),
    stdout: shownText,
    stderr: shownText,
    truncated: z.boolean().optional(),
  });
export type RunOutput = z.infer<typeof runOutputSchema>;

export const RUN_MODES = ['samples', 'input'] as const;
export type RunMode = (typeof RUN_MODES)[number];

export const runViewSchema = z
  .object({
    id: z.string(),
    problemId: z.string(),
    language: z.string(),
    mode: z.enum(RUN_MODES).meta({ description: '`samples` (judged on the samples) or `input` (run on the given input)' }),
    status: submissionStatusSchema,
    version: z.number().int().meta({ description: 'Grows with every change: a view with a lower version is older' }),
    sampleCount: z.number().int().meta({ description: 'Samples to run (0 in `input` mode)' }),
    input: shownText.optional().meta({ description: 'In `input` mode: the input' }),
    compile: compileResultSchema.optional(),
    samples: z.array(runSampleSchema).meta({ description: 'Samples run so far, in order' }),
    output: runOutputSchema.optional().meta({ description: 'In `input` mode, once run' }),
    verdict: verdictSchema.optional().meta({ description: "With `done`: CE, the first failing sample's verdict or AC; in `input` mode the run's; IE when it could not run" }),
    message: z.string().optional().meta({ description: 'Why the run is IE, when it is' }),
    createdAt: dateTime,
    finishedAt: dateTime.optional(),
  })
  .meta({ id: 'Run', description: 'A run (LeetCode’s Run): never stored as a submission; kept for an hour' });
export type RunView = z.infer<typeof runViewSchema>;

/** The WebSocket message of a run: its whole view, each time it changes (to its user only). */
export const runMessageSchema = z.object({ type: z.literal('run'), run: runViewSchema });
export type RunMessage = z.infer<typeof runMessageSchema>;

/** `text` cut at {@link RUN_SHOWN_TEXT_KB} (on a character boundary), and whether it was. */
export function shownRunText(text: string): { text: string; truncated: boolean } {
  const maxChars = RUN_SHOWN_TEXT_KB * 1024;
  // characters, not bytes: a browser-safe approximation that never splits a character
  if (text.length <= maxChars) return { text, truncated: false };
  return { text: text.slice(0, maxChars), truncated: true };
}
