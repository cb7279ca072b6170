/**
 * The process boundary of the CLI and the only place that calls process.exit: wires the real
 * streams, environment and Ctrl-C to runCli, prints errors as `sonocode: <message>` (never a stack
 * trace for a known error) and exits with the code src/cli/exit-codes.ts maps the outcome to.
 */
import { readFileSync } from 'node:fs';
import { truthy } from './config.js';
import { conclude, describeError, EXIT } from './exit-codes.js';
import { runCli } from './run-cli.js';

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

const controller = new AbortController();
let signalled: NodeJS.Signals | undefined;
const onSignal = (name: NodeJS.Signals) => {
  if (signalled) {
    // a second Ctrl-C: stop now; the sandbox's leftovers are reaped at the next start
    process.stderr.write('\nsonocode: interrupted\n');
    process.exit(name === 'SIGTERM' ? 143 : EXIT.INTERRUPTED);
  }
  signalled = name;
  // the command stops at its next step and releases its sandbox (CommandContext.signal); `serve`
  // drains and then returns, so a server stopped by SIGTERM exits 0 after a clean drain
  controller.abort();
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

// read here too: it must work when the configuration itself is what failed
const debug = truthy(process.env.SONOCODE_DEBUG);
let exitCode: number;
try {
  const outcome = await runCli({
    argv: process.argv.slice(2),
    env: process.env,
    io: { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin },
    signal: controller.signal,
    version: packageVersion(),
  });
  const end = conclude(outcome, { debug, interrupted: controller.signal.aborted });
  if (end.stderr) process.stderr.write(end.stderr);
  exitCode = end.exitCode;
} catch (error) {
  // runCli returns the errors of commands; reaching here is a bug in the CLI itself
  process.stderr.write(describeError(error, { debug }));
  exitCode = EXIT.SYSTEM;
}
if (exitCode === EXIT.INTERRUPTED && signalled === 'SIGTERM') exitCode = 143;
process.exit(exitCode);
