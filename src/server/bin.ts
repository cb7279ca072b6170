#!/usr/bin/env node
/**
 * A standalone entry for the server roles until the CLI's `serve` command calls runServe:
 *
 *   node dist/server/bin.js [--role api|worker|socket|all] [--redis URL] [--mongo URL] [--db PATH]
 *                           [--port N] [--host H] [--admin-token T] [--workers-concurrency N] …
 *
 * Prints one line when ready (`sonocode serve: <role> listening on http://host:port`, or
 * `sonocode serve: worker ready`). SIGTERM/SIGINT drain; a second one stops at once. Exit codes
 * follow the CLI: 0 stopped cleanly, 2 bad flags, 3 could not start (Redis, store, sandbox).
 */
import { parseServeArgs } from './args.js';
import { ServeConfigError, type ServeOptions } from './config.js';
import { runServe } from './main.js';

async function main(): Promise<number> {
  let options: ServeOptions;
  try {
    options = parseServeArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`sonocode serve: ${(error as Error).message}\n`);
    return 2;
  }
  const controller = new AbortController();
  let signals = 0;
  const onSignal = (name: NodeJS.Signals) => {
    signals++;
    if (signals > 1) {
      process.stderr.write(`sonocode serve: ${name} again, stopping now\n`);
      process.exit(name === 'SIGTERM' ? 143 : 130);
    }
    process.stderr.write(`sonocode serve: ${name}, draining (send it again to stop now)\n`);
    controller.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  let server;
  try {
    server = await runServe(options, controller.signal);
  } catch (error) {
    if (error instanceof ServeConfigError) {
      process.stderr.write(`sonocode serve: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`sonocode serve: cannot start: ${(error as Error).message}\n`);
    const hint = (error as { hint?: string }).hint;
    if (hint) process.stderr.write(`  hint: ${hint}\n`);
    return 3;
  }
  if (server.adminTokenGenerated) {
    process.stderr.write(`sonocode serve: no admin token given (--admin-token or SONOCODE_ADMIN_TOKEN); this run's admin token is ${server.adminToken}\n`);
  }
  process.stdout.write(
    server.url ? `sonocode serve: ${server.role} listening on ${server.url}\n` : `sonocode serve: ${server.role} ready\n`,
  );
  await server.closed;
  return 0;
}

process.exitCode = await main();
// Everything is closed; a handle some library forgot must not keep a stopped server alive.
setTimeout(() => process.exit(), 3000).unref();
