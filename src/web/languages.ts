/**
 * The built-in languages as the page offers them: id (as the API takes it), name, and the
 * CodeMirror language that highlights it. C is highlighted by the C++ grammar.
 */
import { cpp } from '@codemirror/lang-cpp';
import { java } from '@codemirror/lang-java';
import { javascript } from '@codemirror/lang-javascript';
import { python } from '@codemirror/lang-python';
import type { LanguageSupport } from '@codemirror/language';

export interface PageLanguage {
  id: string;
  name: string;
  highlight: () => LanguageSupport;
}

export const PAGE_LANGUAGES: readonly PageLanguage[] = [
  { id: 'cpp', name: 'C++', highlight: cpp },
  { id: 'c', name: 'C', highlight: cpp },
  { id: 'python', name: 'Python 3', highlight: python },
  { id: 'javascript', name: 'JavaScript (Node)', highlight: javascript },
  { id: 'java', name: 'Java', highlight: java },
];

export function pageLanguage(id: string): PageLanguage {
  return PAGE_LANGUAGES.find((language) => language.id === id) ?? PAGE_LANGUAGES[0];
}

/** What the editor starts from when a problem has no stub for the language (a program that reads standard input). */
export const EMPTY_PROGRAMS: Record<string, string> = {
  cpp: '#include <bits/stdc++.h>\nusing namespace std;\n\nint main() {\n    \n    return 0;\n}\n',
  c: '#include <stdio.h>\n\nint main(void) {\n    \n    return 0;\n}\n',
  python: 'import sys\n\n\ndef main():\n    data = sys.stdin.read().split()\n\n\nmain()\n',
  javascript: "const data = require('fs').readFileSync(0, 'utf8').split(/\\s+/).filter(Boolean);\n\n",
  java: 'import java.util.*;\n\npublic class Main {\n    public static void main(String[] args) {\n        Scanner in = new Scanner(System.in);\n        \n    }\n}\n',
};
