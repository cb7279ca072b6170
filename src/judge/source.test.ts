import { describe, expect, it } from 'vitest';
import { LanguageRegistry } from './languages.js';
import type { Problem } from './problem/types.js';
import { assembleProgram, mapProgramPlaces, placeOf } from './source.js';

const languages = new LanguageRegistry();
const problem = {
  codeStubs: [{ language: 'python', startSnippet: 'import sys\nimport math\n', userSnippet: 'def f(x):\n    pass', endSnippet: 'print(f(1))' }],
} as unknown as Pick<Problem, 'codeStubs'>;

describe('assembleProgram', () => {
  it('wraps the user code in the stubs of its language, and says where the user code lies', () => {
    const program = assembleProgram(problem, 'def f(x):\n    return x', languages.get('python'));
    expect(program.source).toBe('import sys\nimport math\n\ndef f(x):\n    return x\nprint(f(1))');
    expect(program.layout).toEqual({ userFirstLine: 4, userLines: 2, stubbed: true });
    expect(program.source.split('\n')[program.layout.userFirstLine - 1]).toBe('def f(x):');
  });

  it('judges the code as it is for a language without stubs', () => {
    expect(assembleProgram(problem, 'int main(){}', languages.get('cpp'))).toEqual({ source: 'int main(){}', layout: { userFirstLine: 1, userLines: 1, stubbed: false } });
  });
});

describe('mapping places in the program back to the user file', () => {
  const layout = { userFirstLine: 4, userLines: 10, stubbed: true };

  it('names stub lines as the stub they are in', () => {
    expect(placeOf(2, layout, 'mine.py')).toEqual({ file: '(start snippet)', line: 2 });
    expect(placeOf(5, layout, 'mine.py')).toEqual({ file: 'mine.py', line: 2 });
    expect(placeOf(15, layout, 'mine.py')).toEqual({ file: '(end snippet)', line: 2 });
  });

  it('maps the messages of every language', () => {
    expect(mapProgramPlaces("main.cpp: In function 'int f()':\nmain.cpp:5:3: error: 'x' was not declared", layout, 'main.cpp', 'sol.cpp')).toBe(
      "sol.cpp: In function 'int f()':\nsol.cpp:2:3: error: 'x' was not declared",
    );
    expect(mapProgramPlaces('Traceback (most recent call last):\n  File "/sealed/main.py", line 15, in <module>\n  File "/sealed/main.py", line 6, in f', layout, 'main.py', 'sol.py')).toBe(
      'Traceback (most recent call last):\n  File "(end snippet)", line 2, in <module>\n  File "sol.py", line 3, in f',
    );
    expect(mapProgramPlaces('Main.java:7: error: cannot find symbol', layout, 'Main.java', 'Sol.java')).toBe('Sol.java:4: error: cannot find symbol');
    expect(mapProgramPlaces('TypeError: x is not a function\n    at f (/sealed/main.js:5:12)\n/box/main.js:4', layout, 'main.js', 'sol.js')).toBe(
      'TypeError: x is not a function\n    at f (sol.js:2:12)\nsol.js:1',
    );
  });

  it("maps the line numbers in the margin of gcc's quoted code under a place in the program, not under a header's", () => {
    const gcc = [
      "main.cpp: In function 'int add(int, int)':",
      "main.cpp:6:41: error: expected ';' before '}' token",
      '    6 |     int add(int a, int b) { return a + b }',
      '      |                                         ^',
      "In file included from /usr/include/c++/12/vector:64,",
      '/usr/include/c++/12/bits/stl_vector.h:1123:7: note: candidate',
      ' 1123 |       operator[](size_type __n) _GLIBCXX_NOEXCEPT',
      'main.cpp:15:1: note: here',
      '   15 | }',
    ].join('\n');
    expect(mapProgramPlaces(gcc, layout, 'main.cpp', 'sol.cpp').split('\n')).toEqual([
      "sol.cpp: In function 'int add(int, int)':",
      "sol.cpp:3:41: error: expected ';' before '}' token",
      '    3 |     int add(int a, int b) { return a + b }',
      '      |                                         ^',
      "In file included from /usr/include/c++/12/vector:64,",
      '/usr/include/c++/12/bits/stl_vector.h:1123:7: note: candidate',
      ' 1123 |       operator[](size_type __n) _GLIBCXX_NOEXCEPT',
      '(end snippet):2:1: note: here',
      '    2 | }',
    ]);
  });

  it('maps a program without stubs to the user file name, and leaves other files alone', () => {
    const plain = { userFirstLine: 1, userLines: 3, stubbed: false };
    expect(mapProgramPlaces('main.c:3:1: error: x\n/usr/include/stdio.h:10: note', plain, 'main.c', 'main.c')).toBe('main.c:3:1: error: x\n/usr/include/stdio.h:10: note');
    expect(mapProgramPlaces('main.c:3:1: error', plain, 'main.c', 'a.c')).toBe('a.c:3:1: error');
  });
});
