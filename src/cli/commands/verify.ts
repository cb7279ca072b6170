/**
 * `sonocode verify <problem>`: judges every submission the problem keeps under
 * `submissions/<expected outcome>/` (ICPC packages and native problem folders alike) and reports
 * expected vs got, live. Exit 0 only when every submission got what its folder promises.
 */
import type { VerifyReport } from '../../judge/verify.js';
import type { CommandContext } from '../context.js';
import { createStyle } from '../format.js';
import { reporterKind } from '../reporters/index.js';
import { writeJunit } from '../reporters/junit.js';
import { createVerifyReporter } from '../reporters/verify.js';
import { displayPath, loadProblemNamed, openSandbox, submissionsDirOf } from './shared.js';

export interface VerifyArgs {
  /** A package folder, a native problem folder, or a problem.yaml. */
  problem: string;
  json: boolean;
  /** Also write a JUnit XML report to this file (src/cli/reporters/junit.ts). */
  junit?: string;
}

export interface VerifyValue {
  kind: 'verify';
  report: VerifyReport;
}

export async function verify(args: VerifyArgs, ctx: CommandContext): Promise<VerifyValue> {
  const { deps, io, config, signal } = ctx;
  const jobs = config.jobs ?? 1;
  const languages = await deps.languages(config.languagesFile);
  const problem = await loadProblemNamed(ctx, args.problem);
  signal.throwIfAborted();
  const style = createStyle(config.color && io.stderr.isTTY === true);
  if (!args.json) {
    for (const warning of problem.warnings ?? []) io.stderr.write(`${style.yellow('warning:')} ${warning}\n`);
  }

  const submissionsDir = await submissionsDirOf(args.problem, problem);

  const reporter = await createVerifyReporter(reporterKind(config, args.json), io, config);
  reporter.begin({
    problem: { slug: problem.slug, title: problem.title },
    format: problem.format === 'icpc' ? `icpc ${problem.formatVersion ?? ''}`.trim() : 'native',
    tests: problem.testCases.length,
  });
  let report: VerifyReport;
  try {
    const sandbox = await openSandbox(ctx);
    report = await deps.verifyProblem(problem, {
      sandbox,
      languages,
      judge: (input, backend, options) => deps.judgeSubmission(input, backend, options),
      jobs,
      submissionsDir,
      signal,
      onEvent: (event) => reporter.onEvent(event),
      display: displayPath,
    });
  } catch (error) {
    await reporter.end({ error });
    throw error;
  }
  await reporter.end({ report });
  if (args.junit !== undefined) await writeJunit(args.junit, 'sonocode verify', [{ name: args.problem, outcomes: report.submissions }]);
  return { kind: 'verify', report };
}
