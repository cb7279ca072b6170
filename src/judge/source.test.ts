import { describe, expect, it } from 'vitest';
import { LanguageRegistry } from './languages.js';
import type { Problem } from './problem/types.js';
import { assembleSource } from './source.js';

const languages = new LanguageRegistry();
const problem = {
  codeStubs: [{ language: 'python', startSnippet: 'import sys', userSnippet: 'def f(x):\n    pass', endSnippet: 'print(f(1))' }],
} as unknown as Problem;

describe('assembleSource', () => {
  it('wraps the user code in the stubs of its language', () => {
    expect(assembleSource(problem, 'def f(x):\n    return x', languages.get('python'))).toBe('import sys\ndef f(x):\n    return x\nprint(f(1))');
  });

  it('judges the code as it is for a language without stubs', () => {
    expect(assembleSource(problem, 'int main(){}', languages.get('cpp'))).toBe('int main(){}');
  });
});
