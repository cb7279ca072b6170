/**
 * What judging returns: the shape of `sonocode submit --json` (SPEC §4). The zod schemas are the
 * one source: the types are inferred from them, and the server documents its API with the JSON
 * Schema made from them (src/protocol), so a field added here reaches every transport at once.
 * Browser-safe: zod and the verdict table only.
 */
import { z } from 'zod';
import { VERDICT_CODES } from './verdict.js';

export const verdictSchema = z.enum(VERDICT_CODES).meta({ description: 'AC, WA, TLE, MLE, OLE, RE, CE or IE (docs/cli.md)' });

export const compileResultSchema = z.object({
  ok: z.boolean(),
  timeMs: z.number().meta({ description: 'Compile time, in milliseconds' }),
  output: z.string().meta({ description: "The compiler's messages (capped), empty when it said nothing" }),
  cached: z.boolean().optional().meta({ description: 'The program came from the compile cache (the same source compiled before): no compile ran' }),
});
export type CompileResult = z.infer<typeof compileResultSchema>;

export const testResultSchema = z.object({
  name: z.string(),
  verdict: verdictSchema,
  timeMs: z.number().meta({ description: 'CPU time, in milliseconds' }),
  wallMs: z.number().meta({ description: 'Wall-clock time, in milliseconds' }),
  memoryKb: z.number().meta({ description: 'Peak memory, in KiB' }),
  exitCode: z.number().int().nullable().optional(),
  signal: z.string().nullable().optional(),
  message: z.string().optional().meta({ description: 'What the checker or the sandbox said (first lines), for WA/RE/IE' }),
  sample: z.boolean().optional(),
  score: z.number().optional().meta({ description: 'The score the output validator gave an accepted test (`score.txt`), for scoring problems' }),
});
export type TestResult = z.infer<typeof testResultSchema>;

/** A scoring group's outcome (problems with groups only). */
export const groupResultSchema = z.object({
  name: z.string().meta({ description: 'e.g. `secret/group1`, or a native group’s name' }),
  verdict: verdictSchema.meta({ description: "The first failing test's verdict in the group; AC when every test passed" }),
  score: z.number(),
  maxScore: z.number(),
});
export type GroupResult = z.infer<typeof groupResultSchema>;

export const judgeResultSchema = z
  .object({
    verdict: verdictSchema,
    language: z.string(),
    problem: z.string(),
    compile: compileResultSchema,
    tests: z.array(testResultSchema),
    timeMs: z.number().meta({ description: 'The largest CPU time of any test, in milliseconds' }),
    memoryKb: z.number().meta({ description: 'The largest peak memory of any test, in KiB' }),
    message: z.string().optional().meta({ description: 'Why the submission is IE, when it is' }),
    score: z.number().optional().meta({ description: 'The total score, for problems with scoring groups' }),
    maxScore: z.number().optional().meta({ description: 'The most the problem can score (absent when unbounded)' }),
    groups: z.array(groupResultSchema).optional().meta({ description: 'Every scoring group, in judging order' }),
    sandbox: z.string().optional().meta({ description: 'The sandbox backend that judged: docker or native' }),
  })
  .meta({ description: 'The result of judging: the shape of `sonocode submit --json` (SPEC §4)' });
export type JudgeResult = z.infer<typeof judgeResultSchema>;
