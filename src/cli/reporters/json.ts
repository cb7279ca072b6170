/**
 * `--json`: exactly one JSON object, the JudgeResult, on stdout when judging ends — nothing else.
 * On an error nothing is written to stdout; the error goes to stderr like every other error.
 */
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

/** Resolves once the chunk is handed to the OS, so that the process may exit right after. */
export function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(text, (error) => (error ? reject(error) : resolve()));
  });
}
