/**
 * Every problem shipped in problems/ loads, and every reference submission under its
 * submissions/ folders gets the verdict its folder promises, in every language, in the sandbox.
 */
import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LanguageRegistry } from '../../src/judge/languages.js';
import { judgeSubmission } from '../../src/judge/pipeline.js';
import { loadProblem } from '../../src/judge/problem/load.js';
import { listSubmissions } from '../../src/judge/submissions.js';
import { DockerBackend } from '../../src/sandbox/docker/backend.js';

const sandbox = new DockerBackend();
const languages = new LanguageRegistry();
const problemsDir = join(import.meta.dirname, '../../problems');
const slugs = readdirSync(problemsDir, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort();

describe('the sample problems', () => {
  it('ship at least 8 problems with easy, medium and hard ones, a function-style one with stubs for all five languages, a float checker and file-based tests', async () => {
    const problems = await Promise.all(slugs.map((slug) => loadProblem(join(problemsDir, slug))));
    expect(problems.length).toBeGreaterThanOrEqual(8);
    expect(new Set(problems.map((problem) => problem.difficulty))).toEqual(new Set(['easy', 'medium', 'hard']));
    expect(problems.some((problem) => new Set(problem.codeStubs.map((stub) => stub.language)).size === 5)).toBe(true);
    expect(problems.some((problem) => problem.checker.type === 'float')).toBe(true);
    expect(problems.some((problem) => problem.testCases.some((test) => 'path' in test.input))).toBe(true);
  });

  describe.each(slugs)('%s', (slug) => {
    it('has reference solutions in all five languages, each earning its folder’s verdict', async () => {
      const problem = await loadProblem(join(problemsDir, slug));
      const submissions = await listSubmissions(problem.directory!);
      const accepted = submissions.filter((submission) => submission.expected === 'AC');
      expect(new Set(accepted.map((submission) => languages.resolve(submission.path).id))).toEqual(
        new Set(['c', 'cpp', 'python', 'javascript', 'java']),
      );
      const outcomes: string[] = [];
      for (const submission of submissions) {
        const language = languages.resolve(submission.path);
        const result = await judgeSubmission({ problem, source: await readFile(submission.path, 'utf8'), language }, sandbox);
        const failing = result.tests.find((test) => test.verdict !== 'AC');
        outcomes.push(`${submission.name}: ${result.verdict}${failing ? ` on ${failing.name} (${failing.message ?? ''})` : ''} ${result.timeMs} ms`);
        expect.soft(result.verdict, `${submission.name}\n${result.compile.output}\n${failing?.message ?? ''}`).toBe(submission.expected);
      }
      console.log(outcomes.join('\n'));
    });
  });
});
