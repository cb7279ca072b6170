/**
 * The worker's side of Run: a run job judged with the judge flow's own stages — compiled once
 * (`openJudge`), then each sample judged with what the program wrote (`judgeSample`), or the
 * user's input run unchecked (`runOnInput`). Every change of the run's view is put on the board
 * and sent to the user's sockets, in order. Only samples run: nothing of a hidden test can reach
 * the view. A run that cannot be judged (the sandbox fails) ends as IE at once, not retried.
 */
import type { CompileCache } from '../../judge/compile-cache.js';
import type { LanguageRegistry } from '../../judge/languages.js';
import { openJudge } from '../../judge/pipeline.js';
import { problemFromDocument } from '../../judge/problem/document.js';
import type { TestResult } from '../../judge/result.js';
import type { Verdict } from '../../judge/verdict.js';
import { shownRunText, type RunOutput, type RunSample, type RunView } from '../../protocol/runs.js';
import type { SandboxBackend } from '../../sandbox/types.js';
import type { StatusBus } from '../events/types.js';
import { findLanguage } from '../languages.js';
import type { Logger } from '../logger.js';
import type { RunJob } from '../queue/types.js';
import type { Store } from '../store/types.js';
import type { RunBoard } from './board.js';

export interface RunJudgeDeps {
  store: Store;
  board: RunBoard;
  bus: StatusBus;
  sandbox: SandboxBackend;
  languages: LanguageRegistry;
  logger: Logger;
  compileCache?: CompileCache | null;
  /** The compile stage. @defaultValue the engine's openJudge (a test may give another) */
  openJudge?: typeof openJudge;
}

/** The view of a run the api has just taken: pending, nothing judged. */
export function pendingRunView(job: RunJob, sampleCount: number): RunView {
  return {
    id: job.runId,
    problemId: job.problemId,
    language: job.language,
    mode: job.input === undefined ? 'samples' : 'input',
    status: 'pending',
    version: 0,
    sampleCount: job.input === undefined ? sampleCount : 0,
    ...(job.input !== undefined ? { input: shownRunText(job.input).text } : {}),
    samples: [],
    createdAt: job.createdAt,
  };
}

/**
 * Puts each change of a run's view on the board, then to the user's sockets, one after another
 * (so that they arrive in order). Failures are logged: the next change carries everything again.
 */
class RunPublisher {
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private view: RunView,
    private readonly userId: string,
    private readonly deps: Pick<RunJudgeDeps, 'board' | 'bus' | 'logger'>,
  ) {}

  update(change: Partial<RunView>): void {
    this.view = { ...this.view, ...change, version: this.view.version + 1 };
    const view = this.view;
    this.chain = this.chain.then(async () => {
      try {
        await this.deps.board.put({ userId: this.userId, view });
        await this.deps.bus.publish({ userId: this.userId, message: { type: 'run', run: view } });
      } catch (error) {
        this.deps.logger.warn(`run ${view.id} not published: ${(error as Error).message}`);
      }
    });
  }

  finish(verdict: Verdict, change: Partial<RunView> = {}): Promise<RunView> {
    this.update({ ...change, status: 'done', verdict, finishedAt: new Date().toISOString() });
    return this.chain.then(() => this.view);
  }
}

/** Judges a run job to its end; resolves with the final view (also put on the board and sent). */
export async function judgeRun(job: RunJob, deps: RunJudgeDeps): Promise<RunView> {
  const { store, languages, logger } = deps;
  const stored = await store.getProblem(job.problemId);
  const samples = stored?.testCases.filter((test) => test.sample) ?? [];
  // the view the api showed first (version 0), rebuilt: the job carries all it is made of
  const run = new RunPublisher(pendingRunView(job, samples.length), job.userId, deps);
  const language = findLanguage(languages, job.language);
  if (!stored) return run.finish('IE', { message: 'the problem was deleted before the run was judged' });
  if (!language) return run.finish('IE', { message: `this worker does not know the language "${job.language}"` });
  // the samples alone (scoring groups name hidden tests, and a run scores nothing)
  const { groups: _groups, ...shown } = stored;
  const problem = problemFromDocument({ ...shown, testCases: samples }, { slug: stored.slug });
  try {
    await using judge = await (deps.openJudge ?? openJudge)({ problem, source: job.code, language }, deps.sandbox, {
      languages,
      compileCache: deps.compileCache ?? null,
      onEvent: (event) => {
        if (event.type === 'compile-started') run.update({ status: 'compiling' });
      },
    });
    if (!judge.ok) return run.finish('CE', { compile: judge.compile });
    run.update({ status: 'running', compile: judge.compile });
    if (job.input !== undefined) {
      const program = await judge.runOnInput({ text: job.input });
      const stdout = shownRunText(program.stdout);
      const stderr = shownRunText(program.stderr);
      const output: RunOutput = {
        verdict: program.verdict,
        ...(program.message ? { message: program.message } : {}),
        timeMs: program.timeMs,
        wallMs: program.wallMs,
        memoryKb: program.memoryKb,
        exitCode: program.exitCode,
        signal: program.signal,
        stdout: stdout.text,
        stderr: stderr.text,
        ...(stdout.truncated || stderr.truncated ? { truncated: true } : {}),
      };
      return run.finish(program.verdict, { output });
    }
    const judged: RunSample[] = [];
    for (const [index, test] of problem.testCases.entries()) {
      const { result, output } = await judge.judgeSample(test);
      judged.push(shownSample(result, samples[index], output));
      run.update({ samples: [...judged] });
    }
    return run.finish(judged.find((sample) => sample.verdict !== 'AC')?.verdict ?? 'AC');
  } catch (error) {
    const reason = `${(error as { code?: string }).code ?? 'ERROR'}: ${(error as Error).message}`;
    logger.error(`run ${job.runId} failed: ${reason}`);
    return run.finish('IE', { message: `the run could not be judged: ${reason}` });
  }
}

/** A judged sample as the view shows it: its figures, its data and what the program wrote, each cut. */
function shownSample(result: TestResult, test: { input: string; output: string }, output: { stdout: string; stderr: string; exchange?: boolean }): RunSample {
  const texts = { input: shownRunText(test.input), expected: shownRunText(test.output), stdout: shownRunText(output.stdout), stderr: shownRunText(output.stderr) };
  return {
    name: result.name,
    verdict: result.verdict,
    timeMs: result.timeMs,
    wallMs: result.wallMs,
    memoryKb: result.memoryKb,
    ...(result.exitCode !== undefined ? { exitCode: result.exitCode } : {}),
    ...(result.signal !== undefined ? { signal: result.signal } : {}),
    ...(result.message ? { message: result.message } : {}),
    input: texts.input.text,
    expected: texts.expected.text,
    stdout: texts.stdout.text,
    stderr: texts.stderr.text,
    ...(output.exchange ? { exchange: true } : {}),
    ...(Object.values(texts).some((text) => text.truncated) ? { truncated: true } : {}),
  };
}
