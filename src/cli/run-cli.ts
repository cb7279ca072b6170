/**
 * Parses the command line, validates the configuration and runs the command, returning how it ended.
 * It never exits and never prints errors: src/cli/main.ts maps the outcome to an exit code.
 */
import type { Command } from 'commander';
import { doctor } from './commands/doctor.js';
import { exportProblem } from './commands/export.js';
import { importPackage } from './commands/import.js';
import { list, schema, show, starter } from './commands/problems.js';
import { run } from './commands/run.js';
import { runOnServer } from './commands/run-remote.js';
import { serve } from './commands/serve.js';
import { submit } from './commands/submit.js';
import { createUser } from './commands/users.js';
import { validate } from './commands/validate.js';
import { verify } from './commands/verify.js';
import { watch } from './commands/watch.js';
import { resolveConfig, type Env } from './config.js';
import type { CommandContext, Deps, Io } from './context.js';
import { usageError, UsageErrors } from './errors.js';
import { defaultDeps } from './deps.js';
import type { CommandValue, Outcome } from './exit-codes.js';
import { createProgram, type GlobalFlags, type Invocation } from './program.js';

export interface CliRuntime {
  /** The arguments after the program name. */
  argv: string[];
  env: Env;
  io: Io;
  /** Fires on Ctrl-C. */
  signal: AbortSignal;
  version: string;
  /** @defaultValue the real judge and sandbox */
  deps?: Deps;
}

export type CliOutcome = Outcome & {
  /** For a usage error: the help to point at, e.g. "run `sonocode submit --help` for usage". */
  usageHint?: string;
};

export async function runCli(runtime: CliRuntime): Promise<CliOutcome> {
  const { io, env, signal } = runtime;
  let asked: { invocation: Invocation; globals: GlobalFlags; emptyArguments: string[] } | undefined;
  const program = createProgram({
    version: runtime.version,
    writeOut: (text) => void io.stdout.write(text),
    writeErr: (text) => void io.stderr.write(text),
    onInvoke: (invocation, globals, emptyArguments) => {
      asked = { invocation, globals, emptyArguments };
    },
  });

  try {
    await program.parseAsync(runtime.argv, { from: 'user' });
  } catch (error) {
    return { error, usageHint: usageHint(program, runtime.argv) };
  }
  if (!asked) return { value: undefined };

  const { invocation, globals, emptyArguments } = asked;
  try {
    // every usage error of the command line at once: empty arguments, then each bad flag or variable
    const usage = new UsageErrors();
    for (const name of emptyArguments) usage.add(usageError(`the <${name}> argument is empty`));
    const limits = 'limits' in invocation ? invocation.limits : {};
    const config = resolveConfig({
      flags: {
        // only commands that can talk to a server read --server/--token and SONOCODE_SERVER/TOKEN
        ...('remote' in invocation ? { remote: invocation.remote } : {}),
        ...(globals.languages !== undefined ? { languages: globals.languages } : {}),
        ...(globals.color === false ? { color: false } : {}),
        ...(globals.sandbox !== undefined ? { sandbox: globals.sandbox } : {}),
        ...(limits.timeLimitMs !== undefined ? { timeLimitMs: limits.timeLimitMs } : {}),
        ...(limits.memoryLimitMb !== undefined ? { memoryLimitMb: limits.memoryLimitMb } : {}),
        ...('jobs' in invocation && invocation.jobs !== undefined ? { jobs: invocation.jobs } : {}),
      },
      env,
      stdoutIsTTY: io.stdout.isTTY === true,
      ...(io.stdout.columns !== undefined ? { stdoutColumns: io.stdout.columns } : {}),
      usage,
    });
    usage.throwIfAny();
    const context: CommandContext = { config, io, signal, deps: runtime.deps ?? defaultDeps };
    return { value: await dispatch(invocation, context, env) };
  } catch (error) {
    return { error, interrupted: signal.aborted };
  }
}

function dispatch(invocation: Invocation, context: CommandContext, env: Env): Promise<CommandValue> {
  switch (invocation.command) {
    case 'submit':
      return submit(invocation.args, context);
    case 'run':
      return context.config.remote ? runOnServer(invocation.args, context, context.config.remote) : run(invocation.args, context);
    case 'problems list':
      return list(invocation.args, context);
    case 'problems show':
      return show(invocation.args, context);
    case 'problems starter':
      return starter(invocation.args, context);
    case 'problems validate':
      return validate(invocation.args, context);
    case 'problems schema':
      return schema(context);
    case 'problems import':
      return importPackage(invocation.args, context);
    case 'problems export':
      return exportProblem(invocation.args, context);
    case 'verify':
      return verify(invocation.args, context);
    case 'doctor':
      return doctor(invocation.args, context);
    case 'watch':
      return watch(invocation.args, context);
    case 'users create':
      return createUser(invocation.args, context);
    case 'serve':
      // the server validates its own settings (flags > SONOCODE_* > defaults) in src/server/config.ts
      return serve({ flags: invocation.flags, env }, context);
  }
}

/** "run `sonocode problems validate --help` for usage", for the deepest command named in argv. */
export function usageHint(program: Command, argv: readonly string[]): string {
  let command = program;
  const names = ['sonocode'];
  for (const arg of argv) {
    if (arg.startsWith('-')) continue;
    const sub = command.commands.find((candidate) => candidate.name() === arg || candidate.aliases().includes(arg));
    if (!sub) break;
    command = sub;
    names.push(arg);
  }
  return `run \`${names.join(' ')} --help\` for usage`;
}
