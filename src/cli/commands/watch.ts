/**
 * `sonocode watch <submission-id> --server URL --token T`: follows a submission on a server with
 * the reporters of `submit`, from wherever it is now (a finished one shows its result at once).
 */
import type { Language } from '../../judge/languages.js';
import type { JudgeResult } from '../../judge/result.js';
import type { CommandContext } from '../context.js';
import { usageError } from '../errors.js';
import { ask, connect, reportRemote, requireRemote } from './remote.js';

export interface WatchArgs {
  /** The id `submit --server` printed (`submissionId` in its JSON). */
  id: string;
  json: boolean;
}

export interface WatchValue {
  kind: 'watch';
  result: JudgeResult;
  submissionId: string;
}

export async function watch(args: WatchArgs, ctx: CommandContext): Promise<WatchValue> {
  const remote = requireRemote(ctx, 'watch', 'sonocode watch 6b081e3f27d6fefe4cbbed75 --server http://127.0.0.1:3000 --token $TOKEN');
  const id = args.id.trim();
  if (id === '' || /[\s/?#]/.test(id)) throw usageError(`not a submission id: ${JSON.stringify(args.id)}`, 'use the id `sonocode submit --server` printed');

  const client = await connect(ctx, remote);
  const subject = { token: 'user' as const, submission: id };
  const submission = await ask(remote, subject, () => client.getSubmission(id));
  // the problem only names the view's tests; a problem deleted since is no reason to fail
  const problem = await client.getProblem(submission.problemId).catch(() => undefined);
  const languages = await ctx.deps.languages(ctx.config.languagesFile);
  let language: Language | undefined;
  try {
    language = languages.get(submission.language);
  } catch {
    language = undefined;
  }

  const { result } = await ask(remote, subject, () =>
    reportRemote(
      ctx,
      args.json,
      {
        problem: { slug: problem?.slug ?? submission.problemId, title: problem?.title ?? submission.problemId },
        language: { id: submission.language, name: language?.name ?? submission.language },
        file: `submission ${id}`,
        tests: (problem?.testNames ?? []).map((test) => test.name),
        server: remote.server,
      },
      async (onEvent) => ({ id, result: await client.watch(id, onEvent, { signal: ctx.signal, language: submission.language }) }),
    ),
  );
  return { kind: 'watch', result, submissionId: id };
}
