/**
 * `--json`: exactly one JSON object, the JudgeResult, on stdout when judging ends — nothing else.
 * On an error nothing is written to stdout; the error goes to stderr like every other error.
 */
import { write } from '../io.js';
import type { Reporter } from './types.js';

export function createJsonReporter(stdout: NodeJS.WritableStream): Reporter {
  let written = false;
  return {
    begin() {},
    onEvent() {},
    async end(outcome) {
      if (written || !('result' in outcome)) return;
      written = true;
      await write(stdout, `${JSON.stringify(outcome.result)}\n`);
    },
  };
}

