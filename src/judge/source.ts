/** The program that is judged: the user's code, wrapped in the problem's stubs for function problems. */
import type { Language } from './languages.js';
import type { Problem } from './problem/types.js';

export function assembleSource(problem: Problem, userCode: string, language: Language): string {
  const stub = problem.codeStubs.find((candidate) => candidate.language === language.id);
  if (!stub) return userCode;
  return [stub.startSnippet, userCode, stub.endSnippet].join('\n');
}
