/** The real dependencies of the commands, each module loaded on first use. */
import type { Deps } from './context.js';
import { fileError } from './errors.js';

export const defaultDeps: Deps = {
  async loadProblem(path) {
    const { loadProblem } = await import('../judge/problem/load.js');
    return loadProblem(path);
  },

  async languages(file) {
    const { LanguageRegistry } = await import('../judge/languages.js');
    if (file === undefined) return new LanguageRegistry();
    try {
      const { languageRegistryWithFile } = await import('../judge/languages-file.js');
      return await languageRegistryWithFile(file);
    } catch (error) {
      // LANGUAGES_INVALID (YAML or fields, every issue located) goes as it is; the file system's own errors get the file's name
      const code = (error as { code?: unknown }).code;
      if (typeof code === 'string' && code.startsWith('E')) throw fileError('languages file', file, error);
      throw error;
    }
  },

  async createSandbox(choice) {
    const { resolveSandbox } = await import('../sandbox/select.js');
    return resolveSandbox({ backend: choice });
  },

  // The machine's compile cache: judging unchanged source again skips the compiler.
  async judgeSubmission(input, sandbox, options) {
    const [{ judgeSubmission }, { defaultCompileCache }] = await Promise.all([import('../judge/pipeline.js'), import('../judge/compile.js')]);
    return judgeSubmission(input, sandbox, { compileCache: defaultCompileCache(), ...options });
  },

  async openJudge(input, sandbox, options) {
    const [{ openJudge }, { defaultCompileCache }] = await Promise.all([import('../judge/pipeline.js'), import('../judge/compile.js')]);
    return openJudge(input, sandbox, { compileCache: defaultCompileCache(), ...options });
  },

  async verifyProblem(problem, options) {
    const [{ verifyProblem }, { defaultCompileCache }] = await Promise.all([import('../judge/verify.js'), import('../judge/compile.js')]);
    return verifyProblem(problem, { compileCache: defaultCompileCache(), ...options });
  },

  async diagnose(choice) {
    const { diagnose } = await import('../sandbox/doctor.js');
    return diagnose({ backend: choice });
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
    const { documentFromProblem } = await import('../judge/problem/document.js');
    return documentFromProblem(problem, { selfContained: true });
  },

  async serve(flags, signal, env) {
    const [{ runServe }, { serveOptionsFromFlags }] = await Promise.all([import('../server/main.js'), import('../server/settings.js')]);
    return runServe(serveOptionsFromFlags(flags), signal, { env });
  },
};
