/**
 * A checker program run in its own sandbox session (never in the submission's, which must not
 * see the answers): `checker input answer feedback_dir [args] < program_output`, the ICPC output
 * validator interface. Exit 42 accepts, 43 rejects; anything else is an internal error of the problem.
 */
import { readFile } from 'node:fs/promises';
import type { SandboxBackend, SandboxSession } from '../../sandbox/types.js';
import { compileProgram } from '../compile.js';
import type { LanguageRegistry } from '../languages.js';
import type { TestData } from '../problem/types.js';

export const CHECKER_ACCEPT_EXIT = 42;
export const CHECKER_REJECT_EXIT = 43;

const CHECKER_LIMITS = { cpuTimeMs: 30_000, wallTimeMs: 60_000, memoryMb: 1024, outputKb: 64, stderrKb: 64 };

export interface CustomCheckOutcome {
  verdict: 'AC' | 'WA' | 'IE';
  message?: string;
}

/** The problem's checker could not be built: every submission of the problem is IE. */
export class CheckerError extends Error {
  readonly code = 'CHECKER_FAILED';
}

export class CustomChecker {
  private constructor(
    private readonly session: SandboxSession,
    private readonly argv: string[],
  ) {}

  static async prepare(
    spec: { sourcePath: string; language: string },
    sandbox: SandboxBackend,
    languages: LanguageRegistry,
  ): Promise<CustomChecker> {
    const language = languages.get(spec.language);
    const source = await readFile(spec.sourcePath, 'utf8');
    const session = await sandbox.prepare({ maxMemoryMb: CHECKER_LIMITS.memoryMb, labels: { 'dev.sonocode.role': 'checker' } });
    try {
      const compiled = await compileProgram(session, language, source);
      if (!compiled.compile.ok) {
        throw new CheckerError(`the checker ${spec.sourcePath} does not compile:\n${compiled.compile.output}`);
      }
      return new CustomChecker(session, compiled.runArgv(CHECKER_LIMITS.memoryMb));
    } catch (error) {
      await session.dispose();
      throw error;
    }
  }

  async check(test: { input: TestData; expected: TestData; args?: string[] }, outputPath: string): Promise<CustomCheckOutcome> {
    await this.session.writeFiles([
      { path: 'judge/input', content: await dataOf(test.input) },
      { path: 'judge/answer', content: await dataOf(test.expected) },
    ]);
    const run = await this.session.run({
      // a fresh feedback dir per test, then the checker itself
      argv: ['/bin/sh', '-c', 'rm -rf feedback && mkdir feedback && exec "$@"', 'sh', ...this.argv, 'judge/input', 'judge/answer', 'feedback/', ...(test.args ?? [])],
      stdin: { path: outputPath },
      limits: CHECKER_LIMITS,
    });
    if (run.status === 'exited' && run.exitCode === CHECKER_ACCEPT_EXIT) return { verdict: 'AC' };
    const feedback = await this.feedback();
    if (run.status === 'exited' && run.exitCode === CHECKER_REJECT_EXIT) {
      return { verdict: 'WA', message: feedback || undefined };
    }
    const how = run.status === 'exited' ? `exit code ${run.exitCode}` : run.status === 'signaled' ? `signal ${run.signal}` : run.status;
    const detail = [feedback, run.stderr.trim()].filter(Boolean).join('\n');
    return { verdict: 'IE', message: `the checker failed (${how}; expected exit ${CHECKER_ACCEPT_EXIT} or ${CHECKER_REJECT_EXIT})${detail ? `: ${detail}` : ''}` };
  }

  /** The checker's judgemessage.txt, read inside the sandbox as the sandbox user. */
  private async feedback(): Promise<string> {
    const run = await this.session.run({
      argv: ['/bin/cat', 'feedback/judgemessage.txt'],
      limits: { ...CHECKER_LIMITS, outputKb: 16 },
    });
    return run.status === 'exited' && run.exitCode === 0 ? run.stdout.toString('utf8').trim() : '';
  }

  async dispose(): Promise<void> {
    await this.session.dispose();
  }
}

async function dataOf(data: TestData): Promise<Buffer> {
  return 'text' in data ? Buffer.from(data.text) : readFile(data.path);
}
