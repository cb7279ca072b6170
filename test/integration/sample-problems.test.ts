/**
 * Every problem shipped in problems/ loads, and every reference submission under its
 * submissions/ folders gets the verdict its folder promises, in every language, in the sandbox.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LanguageRegistry } from '../../src/judge/languages.js';
import { loadProblem } from '../../src/judge/problem/load.js';
import { verifyProblem } from '../../src/judge/verify.js';
import { DockerBackend } from '../../src/sandbox/docker/backend.js';
import { NativeBackend } from '../../src/sandbox/native/backend.js';

const sandbox = new DockerBackend();
const native = new NativeBackend();
const languages = new LanguageRegistry();
const problemsDir = join(import.meta.dirname, '../../problems');
const slugs = readdirSync(problemsDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();

describe('the sample problems', () => {
  it('ship at least 8 problems with easy, medium and hard ones, a function-style one with stubs for all five languages, a float checker, file-based tests and an interactive one', async () => {
    const problems = await Promise.all(slugs.map((slug) => loadProblem(join(problemsDir, slug))));
    expect(problems.length).toBeGreaterThanOrEqual(8);
    expect(new Set(problems.map((problem) => problem.difficulty))).toEqual(new Set(['easy', 'medium', 'hard']));
    expect(problems.some((problem) => new Set(problem.codeStubs.map((stub) => stub.language)).size === 5)).toBe(true);
    expect(problems.some((problem) => problem.checker.type === 'float')).toBe(true);
    expect(problems.some((problem) => problem.testCases.some((test) => 'path' in test.input))).toBe(true);
    expect(problems.some((problem) => problem.interactor !== undefined)).toBe(true);
  });

  describe.each(slugs)('%s', (slug) => {
    it('has reference solutions in all five languages, each earning its folder’s verdict on both sandbox backends', async () => {
      const problem = await loadProblem(join(problemsDir, slug));
      const report = await verifyProblem(problem, { sandbox, languages });
      console.log(report.submissions.map((outcome) => `${outcome.file}: ${outcome.got} ${outcome.timeMs} ms${outcome.detail ? ` (${outcome.detail})` : ''}`).join('\n'));
      const accepted = report.submissions.filter((outcome) => outcome.expected === 'AC');
      expect(new Set(accepted.map((outcome) => outcome.language))).toEqual(new Set(['c', 'cpp', 'python', 'javascript', 'java']));
      for (const outcome of report.submissions) {
        expect.soft(outcome.skipped, outcome.file).toBeUndefined();
        expect.soft(outcome.ok, `${outcome.file}: expected ${outcome.expected}, got ${outcome.got}: ${outcome.detail ?? ''}`).toBe(true);
      }
      // The native backend gives the same verdicts, and the same memory figures (within 10% or 2 MiB)
      // for the languages whose memory does not hang on when a garbage collector runs (not Java, JavaScript).
      const onNative = await verifyProblem(problem, { sandbox: native, languages });
      for (const [index, outcome] of onNative.submissions.entries()) {
        const docker = report.submissions[index];
        expect.soft(outcome.got, `${outcome.file} on native`).toBe(docker.got);
        const deterministic = ['c', 'cpp', 'python'].includes(outcome.language ?? '');
        if (outcome.got === 'AC' && deterministic && docker.memoryKb !== undefined && outcome.memoryKb !== undefined) {
          expect.soft(Math.abs(outcome.memoryKb - docker.memoryKb), `${outcome.file}: ${outcome.memoryKb} KiB on native, ${docker.memoryKb} on docker`).toBeLessThanOrEqual(
            Math.max(2048, docker.memoryKb * 0.1),
          );
        }
      }
    });
  });
});
