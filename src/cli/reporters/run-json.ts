/**
 * `sonocode run --json`: the object `run` prints, with `submit --json`'s fields where they apply
 * (SPEC §4: `verdict`, `language`, `problem`, `compile`, `tests`, `timeMs`, `memoryKb`, `sandbox`),
 * so that a script reads both the same way:
 *
 * - on the samples, `tests` holds each sample's result as `submit` gives it, plus `difference`
 *   (`{line, expected, got}`, the first differing line) for a wrong answer; `verdict` is the first
 *   failing sample's, or AC;
 * - on `--input`, `tests` holds the one run, named `input` (`AC` when the program exited normally:
 *   its output is not checked), and `stdout`, `stderr` what it wrote;
 * - `mode` says which (`samples` | `input`); `sandbox` is the backend that judged here (absent
 *   when a server did: `run --server`).
 */
import { aggregate } from '../../judge/aggregate.js';
import type { JudgeResult, TestResult } from '../../judge/result.js';
import type { RunValue, SampleOutcome } from './types.js';
import { write } from '../io.js';

export type RunJson = JudgeResult & { mode: 'samples'; tests: SampleOutcome[] } | (JudgeResult & { mode: 'input'; stdout?: string; stderr?: string });

export function runJson(value: RunValue): RunJson {
  const common = { problem: value.problem, language: value.language, compile: value.compile };
  if (value.mode === 'samples') {
    return { ...aggregate({ ...common, tests: value.samples, totalTests: value.totalSamples }), ...sandboxOf(value), mode: 'samples', tests: value.samples };
  }
  const { run } = value;
  const tests: TestResult[] = run
    ? [
        {
          name: 'input',
          verdict: run.verdict,
          timeMs: run.timeMs,
          wallMs: run.wallMs,
          memoryKb: run.memoryKb,
          exitCode: run.exitCode,
          signal: run.signal,
          ...(run.message ? { message: run.message } : {}),
        },
      ]
    : [];
  return {
    ...aggregate({ ...common, tests, totalTests: 1 }),
    ...sandboxOf(value),
    mode: 'input',
    ...(run ? { stdout: run.stdout, stderr: run.stderr } : {}),
  };
}

/** The object, on one line: all that `run --json` prints. */
export async function printRunJson(value: RunValue, stdout: NodeJS.WritableStream): Promise<void> {
  await write(stdout, `${JSON.stringify(runJson(value))}\n`);
}

function sandboxOf(value: RunValue): { sandbox?: string } {
  return value.sandbox === undefined ? {} : { sandbox: value.sandbox };
}
