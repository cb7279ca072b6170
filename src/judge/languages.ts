/**
 * Languages are data: id, aliases, extensions, source file name, compile and run argv, time factor.
 * Built-ins cover c, cpp, python, javascript and java; a YAML file can add or override entries.
 *
 * Argv placeholders: `{src}` source file, `{exe}` compiled program, `{class}` the class to run
 * (for languages of kind `java`: the compiled class that declares `public static void
 * main(String[])`), `{memoryMb}` the run's memory limit, `{javaHeapMb}` the JVM heap that leaves
 * the JVM room inside it (see java.ts). Interpreters are called by absolute path.
 */
import { extname } from 'node:path';
import type { ErrorCode } from '../errors/catalogue.js';
import { didYouMean } from '../errors/suggest.js';
import { javaHeapMb } from './java.js';

export interface Language {
  id: string;
  /**
   * Other names `--lang` (and the API) accept for it, e.g. `py` and `python3` for `python`. An id
   * always wins over another language's alias. @defaultValue none
   */
  aliases?: string[];
  name: string;
  /** File extensions with the dot, e.g. `.cpp`. */
  extensions: string[];
  /** File name of the source in the sandbox; `{class}` is replaced by the public class name. */
  sourceFile: string;
  /** Compile argv; none for languages that run their source directly. */
  compile?: string[];
  /**
   * The compile only checks the source (a syntax check) and the program runs from the source: what
   * the compile leaves in the work folder is not needed to run, so it is not read back for the
   * compile cache (which then keeps only the outcome). @defaultValue false
   */
  compileChecksOnly?: boolean;
  run: string[];
  /** The time limit is multiplied by this. @defaultValue 1 */
  timeFactor: number;
  /** Sandbox image; the default runtime when omitted. */
  image?: string;
  /**
   * `java`: the source's top-level types are made package-private (so any file name compiles),
   * and `{class}` is the entry point read from the compiled class files.
   */
  kind?: 'java';
  /** A header most programs include (`bits/stdc++.h`), precompiled once for the compile's flags (see pch.ts). */
  precompiledHeader?: string;
}

/** Parses a Python file (argv[1]) without running it; on a syntax error prints what Python would, exit 1. */
const PYTHON_SYNTAX_CHECK = [
  'import ast, sys, traceback',
  'try:',
  '    ast.parse(open(sys.argv[1], "rb").read(), sys.argv[1])',
  'except (SyntaxError, ValueError) as error:',
  '    sys.stderr.write("".join(traceback.format_exception_only(type(error), error)))',
  '    sys.exit(1)',
].join('\n');

/** The built-in languages: c, cpp, python, javascript and java (SPEC §3). */
export const BUILTIN_LANGUAGES: readonly Language[] = Object.freeze([
  {
    id: 'c',
    name: 'C (gcc, gnu17)',
    extensions: ['.c'],
    sourceFile: 'main.c',
    compile: ['/usr/bin/gcc', '-O2', '-std=gnu17', '-pipe', '-o', '{exe}', '{src}', '-lm'],
    run: ['./{exe}'],
    timeFactor: 1,
  },
  {
    id: 'cpp',
    aliases: ['c++', 'cxx', 'g++'],
    name: 'C++ (g++, gnu++17)',
    extensions: ['.cpp', '.cc', '.cxx', '.c++'],
    sourceFile: 'main.cpp',
    compile: ['/usr/bin/g++', '-O2', '-std=gnu++17', '-pipe', '-o', '{exe}', '{src}'],
    run: ['./{exe}'],
    timeFactor: 1,
    precompiledHeader: 'bits/stdc++.h',
  },
  {
    id: 'python',
    aliases: ['py', 'python3', 'py3'],
    name: 'Python 3',
    extensions: ['.py', '.py3'],
    sourceFile: 'main.py',
    // A syntax error is a compilation error, as users of other judges expect; its message is Python's
    // own (`File "main.py", line 2` … `SyntaxError: …`), without the frames of this check.
    compile: ['/usr/bin/python3', '-c', PYTHON_SYNTAX_CHECK, '{src}'],
    compileChecksOnly: true,
    run: ['/usr/bin/python3', '{src}'],
    timeFactor: 1,
  },
  {
    id: 'javascript',
    aliases: ['js', 'node', 'nodejs'],
    name: 'JavaScript (Node.js)',
    extensions: ['.js', '.mjs', '.cjs'],
    sourceFile: 'main.js',
    compile: ['/usr/bin/node', '--check', '{src}'],
    compileChecksOnly: true,
    run: ['/usr/bin/node', '--stack-size=65500', '{src}'],
    timeFactor: 1,
  },
  {
    id: 'java',
    name: 'Java 17',
    extensions: ['.java'],
    sourceFile: 'Main.java',
    compile: ['/usr/bin/javac', '-encoding', 'UTF-8', '-J-XX:+UseSerialGC', '-J-Xshare:auto', '-d', '.', '{src}'],
    run: ['/usr/bin/java', '-Xmx{javaHeapMb}m', '-Xss64m', '-XX:+UseSerialGC', '-XX:-UsePerfData', '-Xshare:auto', '-cp', '.', '{class}'],
    timeFactor: 1,
    kind: 'java',
  },
]);

/**
 * The public top-level class of a Java source, or `Main` when it has none: the file name javac
 * wants, for languages whose `sourceFile` names `{class}` (user-defined ones; the built-in Java
 * needs no such guess, see {@link Language.kind}).
 */
export function javaPublicClass(source: string): string {
  const code = source
    .replace(/\/\*[\s\S]*?\*\//g, ' ')
    .replace(/\/\/[^\n]*/g, ' ')
    .replace(/"(?:\\.|[^"\\\n])*"/g, '""');
  const match = code.match(/\bpublic\s+(?:(?:final|abstract|strictfp|sealed|non-sealed)\s+)*(?:class|record|enum|interface)\s+([A-Za-z_$][\w$]*)/);
  return match ? match[1] : 'Main';
}

/** Placeholder values for one submission. */
export interface LanguageContext {
  source: string;
  memoryMb: number;
  /** The class to run (kind `java`: read from the compiled classes). @defaultValue the public class, or `Main` */
  className?: string;
}

export function expandArgv(argv: readonly string[], language: Language, context: LanguageContext): string[] {
  const values: Record<string, string> = {
    src: sourceFileName(language, context.source),
    exe: 'main',
    class: context.className ?? javaPublicClass(context.source),
    memoryMb: String(context.memoryMb),
    javaHeapMb: String(javaHeapMb(context.memoryMb)),
  };
  return argv.map((part) => part.replace(/\{(src|exe|class|memoryMb|javaHeapMb)\}/g, (_, key: string) => values[key]));
}

export function sourceFileName(language: Language, source: string): string {
  return language.sourceFile.replace('{class}', javaPublicClass(source));
}

export class LanguageError extends Error {
  readonly code = 'LANGUAGE_UNKNOWN' satisfies ErrorCode;
}

/**
 * The languages a judge knows, by id and alias: the built-ins, or a list of your own (which
 * replaces them). `get('cpp')` or `get('c++')` by name, `resolve('main.py')` by extension; both
 * throw an error with code `LANGUAGE_UNKNOWN` for a language it does not know, listing those it does.
 */
export class LanguageRegistry {
  private readonly byId = new Map<string, Language>();
  /** Ids and aliases, lower case: an id wins over an alias, a later language's alias over an earlier one's. */
  private readonly byName = new Map<string, Language>();

  constructor(languages: readonly Language[] = BUILTIN_LANGUAGES) {
    for (const language of languages) this.byId.set(language.id, Object.freeze({ ...language }));
    for (const language of this.byId.values()) {
      for (const alias of language.aliases ?? []) if (!this.byId.has(alias)) this.byName.set(alias.toLowerCase(), language);
    }
    for (const [id, language] of this.byId) this.byName.set(id.toLowerCase(), language);
  }

  /** Every language, in the order given. */
  list(): Language[] {
    return [...this.byId.values()];
  }

  /**
   * Every language with its aliases, for help and errors: `c, cpp (c++, cxx, g++), python (py, …), …`.
   */
  describe(): string {
    return describeLanguages(this.list().map((language) => ({ ...language, aliases: this.aliasesOf(language) })));
  }

  /** The language with this id or alias (case-insensitive). @throws LanguageError `LANGUAGE_UNKNOWN` */
  get(name: string): Language {
    const language = this.byName.get(name.toLowerCase());
    if (!language) {
      throw new LanguageError(`unknown language ${JSON.stringify(name)}${didYouMean(name.toLowerCase(), this.byName.keys())}; known: ${this.describe()}`);
    }
    return language;
  }

  /** The language from an explicit id or alias, else from the file's extension. @throws LanguageError `LANGUAGE_UNKNOWN` */
  resolve(fileName: string, explicitName?: string): Language {
    if (explicitName) return this.get(explicitName);
    const extension = extname(fileName).toLowerCase();
    const found = this.list().find((language) => language.extensions.includes(extension));
    if (!found) {
      throw new LanguageError(`cannot tell the language of "${fileName}" from its extension; pass --lang (one of ${this.describe()})`);
    }
    return found;
  }

  /** The aliases that name this language here (one taken by another language's id does not). */
  private aliasesOf(language: Language): string[] {
    return (language.aliases ?? []).filter((alias) => this.byName.get(alias.toLowerCase()) === language);
  }
}

/** `c, cpp (c++, cxx, g++), python (py, python3, py3), …`: ids with their aliases, for help and errors. */
export function describeLanguages(languages: readonly Pick<Language, 'id' | 'aliases'>[] = BUILTIN_LANGUAGES): string {
  return languages.map((language) => (language.aliases?.length ? `${language.id} (${language.aliases.join(', ')})` : language.id)).join(', ');
}
