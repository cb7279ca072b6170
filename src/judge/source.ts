/**
 * The program that is judged: the user's code, wrapped in the problem's stubs for function
 * problems — and the way back, from a line of that program to a line of the user's own file, so
 * that compiler messages and tracebacks point where the user can look.
 */
import type { Language } from './languages.js';
import type { Problem } from './problem/types.js';

/** Where the user's code lies in the assembled program (1-based lines). */
export interface ProgramLayout {
  /** The program's first line that is the user's. */
  userFirstLine: number;
  /** How many lines the user's code has. */
  userLines: number;
  /** Whether the program has stubs around the user's code. */
  stubbed: boolean;
}

export interface AssembledProgram {
  source: string;
  layout: ProgramLayout;
}

const lineCount = (text: string) => text.split('\n').length;

/** The judged program: `startSnippet`, the user's code, `endSnippet` (each on lines of its own). */
export function assembleProgram(problem: Pick<Problem, 'codeStubs'>, userCode: string, language: Pick<Language, 'id'>): AssembledProgram {
  const stub = problem.codeStubs.find((candidate) => candidate.language === language.id);
  if (!stub) return { source: userCode, layout: { userFirstLine: 1, userLines: lineCount(userCode), stubbed: false } };
  return {
    source: [stub.startSnippet, userCode, stub.endSnippet].join('\n'),
    layout: { userFirstLine: lineCount(stub.startSnippet) + 1, userLines: lineCount(userCode), stubbed: true },
  };
}

/** @deprecated the layout is needed to map messages back; use {@link assembleProgram} */
export function assembleSource(problem: Pick<Problem, 'codeStubs'>, userCode: string, language: Pick<Language, 'id'>): string {
  return assembleProgram(problem, userCode, language).source;
}

/** What a place in the program is called in messages: the user's file, or a stub by its part. */
export function placeOf(line: number, layout: ProgramLayout, userFile: string): { file: string; line: number } {
  const last = layout.userFirstLine + layout.userLines - 1;
  if (line < layout.userFirstLine) return { file: '(start snippet)', line };
  if (line > last) return { file: '(end snippet)', line: line - last };
  return { file: userFile, line: line - layout.userFirstLine + 1 };
}

/**
 * gcc and g++ quote the code a diagnostic is about with its line number in a margin (`    6 | x`,
 * `      |   ^`): under a place in the program (`main.cpp:6:3: error: …`), those numbers are the
 * program's too, and are mapped; under a place in another file (a header) they are left alone.
 */
function mapQuotedLineNumbers(text: string, programName: RegExp, at: (line: string) => { line: number }): string {
  let inProgram = false;
  return text
    .split('\n')
    .map((line) => {
      const place = /^(\S+?):\d+(?::\d+)?: /.exec(line);
      if (place) {
        inProgram = programName.test(place[1]);
        return line;
      }
      const margin = /^( *)(\d+) \| /.exec(line);
      if (!margin || !inProgram) return line;
      const width = margin[1].length + margin[2].length;
      return `${String(at(margin[2]).line).padStart(width)}${line.slice(width)}`;
    })
    .join('\n');
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Rewrites the places a compiler or a runtime names in the program (`main.cpp:5:3`, `Main.java:5`,
 * `File "/box/main.py", line 5`, `at f (/sealed/main.js:5:12)`) to the user's file and line. Lines
 * of the stubs are named as such (`(start snippet):3`), so nothing points into a file the user
 * never saw. Names the program file has in the sandbox, with or without its folder, are all found;
 * so are the line numbers in the margin of gcc's quoted code (`    6 | int x`) under a place in it.
 */
export function mapProgramPlaces(text: string, layout: ProgramLayout, programFile: string, userFile: string): string {
  if (text === '') return text;
  const name = `(?:/box/|/sealed/|\\./)?${escape(programFile)}`;
  const at = (line: string) => placeOf(Number(line), layout, userFile);
  return (
    mapQuotedLineNumbers(text, new RegExp(`^${name}$`), at)
      // Python: File "main.py", line 5
      .replace(new RegExp(`File "${name}", line (\\d+)`, 'g'), (_, line: string) => {
        const place = at(line);
        return `File "${place.file}", line ${place.line}`;
      })
      // gcc, g++, javac, node: main.cpp:5:3 / Main.java:5 / /sealed/main.js:5:12
      .replace(new RegExp(`${name}:(\\d+)`, 'g'), (_, line: string) => {
        const place = at(line);
        return `${place.file}:${place.line}`;
      })
      // the file alone (`main.cpp: In function …`, `In file included from main.cpp`)
      .replace(new RegExp(`${name}(?!:\\d)(?=[:\\s,)]|$)`, 'gm'), userFile)
  );
}
