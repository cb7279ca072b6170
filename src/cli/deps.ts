/** The real dependencies of the commands, each module loaded on first use. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Deps } from './context.js';
import { fileError, usageError } from './errors.js';

export const defaultDeps: Deps = {
  async loadProblem(path) {
    const { loadProblem } = await import('../judge/problem/load.js');
    return loadProblem(path);
  },

  async languages(file) {
    const { LanguageRegistry } = await import('../judge/languages.js');
    if (file === undefined) return new LanguageRegistry();
    try {
      return await LanguageRegistry.withFile(file);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'LANGUAGES_INVALID') throw error;
      if (typeof code === 'string' && code.startsWith('E')) throw fileError('languages file', file, error);
      // YAML syntax errors and the like
      throw usageError(`invalid languages file ${file}: ${(error as Error).message.split('\n')[0]}`);
    }
  },

  async createSandbox() {
    const { createSandbox } = await import('../sandbox/select.js');
    return createSandbox();
  },

  async judgeSubmission(input, sandbox, options) {
    const { judgeSubmission } = await import('../judge/pipeline.js');
    return judgeSubmission(input, sandbox, options);
  },

  async runProgram(input, sandbox, options) {
    const { runProgram } = await import('../judge/run-program.js');
    return runProgram(input, sandbox, options);
  },

  async outputChecker(problem, sandbox, languages) {
    const { OutputJudge } = await import('../judge/check/judge-output.js');
    const judge = new OutputJudge(problem.checker, sandbox, languages);
    const scratch = await mkdtemp(join(tmpdir(), 'sonocode-run-'));
    let count = 0;
    return {
      async check(test, output) {
        const outputPath = join(scratch, `out-${count++}`);
        await writeFile(outputPath, output);
        try {
          return await judge.check(test, outputPath);
        } catch (error) {
          // A checker that cannot be built is the problem's fault: the judge says IE, so do we.
          if ((error as { code?: unknown }).code === 'CHECKER_FAILED') return { verdict: 'IE', message: (error as Error).message };
          throw error;
        } finally {
          await rm(outputPath, { force: true });
        }
      },
      async [Symbol.asyncDispose]() {
        await Promise.allSettled([judge[Symbol.asyncDispose](), rm(scratch, { recursive: true, force: true })]);
      },
    };
  },

  async diagnose() {
    const { diagnose } = await import('../sandbox/doctor.js');
    return diagnose();
  },

  async problemJsonSchema() {
    const { problemJsonSchema } = await import('../judge/problem/schema.js');
    return problemJsonSchema();
  },

  async connect(options) {
    // ws and the client only; never the server
    const { SonocodeClient } = await import('../client/client.js');
    return new SonocodeClient(options);
  },

  async problemDocument(problem) {
    const { problemDocumentFromProblem } = await import('../server/problems.js');
    return problemDocumentFromProblem(problem);
  },

  async serve(flags, signal, env) {
    const [{ runServe }, { serveOptionsFromFlags }] = await Promise.all([import('../server/main.js'), import('../server/settings.js')]);
    return runServe(serveOptionsFromFlags(flags), signal, { env });
  },
};
