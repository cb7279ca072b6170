/**
 * `sonocode submit <problem> <file>`: judge a solution on every test, as the judge would — here in
 * the sandbox, or with `--server` on a sonocode server, shown live through its WebSocket.
 */
import { basename } from 'node:path';
import type { JudgeResult } from '../../judge/result.js';
import type { RemoteConfig } from '../config.js';
import type { CommandContext } from '../context.js';
import { usageError } from '../errors.js';
import { createStyle } from '../format.js';
import { createReporter, reporterKind } from '../reporters/index.js';
import { ask, connect, reportRemote } from './remote.js';
import { loadSubmission, openSandbox, readSource } from './shared.js';

export interface SubmitArgs {
  /** A problem: `<slug>.yaml`, or a folder with problem.yaml; with a server, the problem's slug (or id) there. */
  problem: string;
  /** The source file. */
  file: string;
  /** Language id; from the file extension when omitted. */
  lang?: string;
  /** Print one JSON object (the JudgeResult) on stdout instead of progress. */
  json: boolean;
  /** Run every test instead of stopping at the first failure. */
  all: boolean;
}

export interface SubmitValue {
  kind: 'submit';
  result: JudgeResult;
  /** The submission's id, when a server judged it. */
  submissionId?: string;
}

export async function submit(args: SubmitArgs, ctx: CommandContext): Promise<SubmitValue> {
  if (ctx.config.remote) return submitToServer(args, ctx, ctx.config.remote);
  const { config, deps, io, signal } = ctx;
  const { problem, language, languages, source } = await loadSubmission(ctx, args, { slugOnServer: true });

  // Opened first: the view says which sandbox judges (`--sandbox auto` picks one here).
  const sandbox = await openSandbox(ctx);
  const reporter = await createReporter(reporterKind(config, args.json), io, config);
  reporter.begin({
    problem: { slug: problem.slug, title: problem.title },
    language: { id: language.id, name: language.name },
    file: args.file,
    tests: problem.testCases.map((test) => test.name),
    sandbox: sandbox.name,
  });
  let result: JudgeResult;
  try {
    result = await deps.judgeSubmission({ problem, source, language, fileName: basename(args.file) }, sandbox, {
      all: args.all,
      ...config.limits,
      onEvent: (event) => reporter.onEvent(event),
      signal,
      languages,
    });
  } catch (error) {
    await reporter.end({ error });
    throw error;
  }
  await reporter.end({ result });
  return { kind: 'submit', result };
}

/**
 * Submits to a server and follows the submission over its WebSocket until the verdict, shown by
 * the reporters of local judging.
 */
async function submitToServer(args: SubmitArgs, ctx: CommandContext, remote: RemoteConfig): Promise<SubmitValue> {
  if (args.all) {
    throw usageError('--all cannot be used with a server: the server stops at the first failing test', 'drop --all, or judge locally without --server');
  }
  // everything that can be wrong here is said before the server is asked
  const languages = await ctx.deps.languages(ctx.config.languagesFile);
  const code = await readSource(args.file);
  const language = languages.resolve(args.file, args.lang);
  ctx.signal.throwIfAborted();

  const client = await connect(ctx, remote);
  const subject = { token: 'user' as const, problem: args.problem };
  const problem = await ask(remote, subject, () => client.getProblem(args.problem));
  const style = createStyle(ctx.config.color && ctx.io.stderr.isTTY === true);
  let submitted: string | undefined;
  try {
    const { id, result } = await ask(remote, subject, () =>
      reportRemote(
        ctx,
        args.json,
        {
          problem: { slug: problem.slug, title: problem.title },
          language: { id: language.id, name: language.name },
          file: args.file,
          tests: (problem.testNames ?? []).map((test) => test.name),
          server: remote.server,
        },
        async (onEvent) => {
          // Submitted first, then followed: the stored state the socket sends on subscribe fills
          // in whatever happened before it connected, so nothing is missed. (submitAndWatch
          // connects first, but an error frame that arrives before its POST is answered — the
          // admin's token refused by the socket, Ctrl-C — rejects a promise nobody awaits yet,
          // and the process dies with a stack trace.)
          const { id } = await client.submit({ problemId: problem.id, language: language.id, code });
          submitted = id;
          return { id, result: await client.watch(id, onEvent, { signal: ctx.signal, language: language.id }) };
        },
      ),
    );
    if (!args.json) ctx.io.stderr.write(`${style.dim(`submission ${id} on ${remote.server}`)}\n`);
    return { kind: 'submit', result, submissionId: id };
  } catch (error) {
    // stopped watching (Ctrl-C, the socket lost): the submission itself goes on
    if (submitted !== undefined) {
      ctx.io.stderr.write(`submission ${submitted} goes on on the server; follow it with: sonocode watch ${submitted} --server ${remote.server}\n`);
    }
    throw error;
  }
}
