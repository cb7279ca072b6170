/**
 * A problem's own submissions, in the ICPC layout: `submissions/<expected outcome>/<file>`
 * beside the problem. Used by `problems validate`, `verify` and the test suite.
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Verdict } from './verdict.js';

/** Folder names and the verdict each promises (ICPC names, plus the rest of the closed set). */
export const EXPECTED_BY_FOLDER: Readonly<Record<string, Verdict>> = Object.freeze({
  accepted: 'AC',
  wrong_answer: 'WA',
  time_limit_exceeded: 'TLE',
  run_time_error: 'RE',
  memory_limit_exceeded: 'MLE',
  output_limit_exceeded: 'OLE',
  compile_error: 'CE',
});

export interface ProblemSubmission {
  /** Path relative to the problem folder, e.g. `submissions/accepted/sol.cpp`. */
  name: string;
  path: string;
  expected: Verdict;
}

export async function listSubmissions(problemDirectory: string): Promise<ProblemSubmission[]> {
  const root = join(problemDirectory, 'submissions');
  const found: ProblemSubmission[] = [];
  for (const [folder, expected] of Object.entries(EXPECTED_BY_FOLDER)) {
    let entries: string[];
    try {
      entries = (await readdir(join(root, folder), { withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => entry.name);
    } catch {
      continue;
    }
    for (const file of entries.sort()) {
      found.push({ name: `submissions/${folder}/${file}`, path: join(root, folder, file), expected });
    }
  }
  return found;
}
