/** `sonocode submit <problem> <file>`: judge a solution on every test, as the judge would. */
import type { JudgeResult } from '../../judge/result.js';
import type { CommandContext } from '../context.js';
import { createReporter, reporterKind } from '../reporters/index.js';
import { loadSubmission, openSandbox } from './shared.js';

export interface SubmitArgs {
  /** A problem: `<slug>.yaml`, or a folder with problem.yaml. */
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
}

export async function submit(args: SubmitArgs, ctx: CommandContext): Promise<SubmitValue> {
  const { config, deps, io, signal } = ctx;
  const { problem, language, languages, source } = await loadSubmission(ctx, args);
  // Said before anything is shown: a package without a time limit cannot be judged as it is.
  if (problem.timeLimitSource === 'unknown' && config.limits.timeLimitMs === undefined) {
    const { TimeLimitUnknownError } = await import('../../judge/pipeline.js');
    throw new TimeLimitUnknownError(problem.slug);
  }

  const reporter = await createReporter(reporterKind(config, args.json), io, config);
  reporter.begin({
    problem: { slug: problem.slug, title: problem.title },
    language: { id: language.id, name: language.name },
    file: args.file,
    tests: problem.testCases.map((test) => test.name),
  });
  let result: JudgeResult;
  try {
    const sandbox = await openSandbox(ctx);
    result = await deps.judgeSubmission({ problem, source, language }, sandbox, {
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
