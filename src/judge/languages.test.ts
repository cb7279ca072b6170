import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { languageRegistryWithFile } from './languages-file.js';
import { BUILTIN_LANGUAGES, expandArgv, javaPublicClass, LanguageRegistry, sourceFileName } from './languages.js';

describe('javaPublicClass', () => {
  it('finds the public top-level class, whatever it is called', () => {
    expect(javaPublicClass('import java.util.*;\npublic class Adder { }')).toBe('Adder');
    expect(javaPublicClass('public final class Solution_2 {}')).toBe('Solution_2');
    expect(javaPublicClass('class Helper {}\npublic class Main2 { public static void main(String[] a) {} }')).toBe('Main2');
  });

  it('is Main when no class is public', () => {
    expect(javaPublicClass('class Solution { }')).toBe('Main');
  });

  it('is not fooled by comments or strings that mention a public class', () => {
    const source = '// public class Fake {}\n/* public class AlsoFake {} */\nclass A { String s = "public class InString {"; }\npublic class Real {}';
    expect(javaPublicClass(source)).toBe('Real');
  });
});

describe('LanguageRegistry', () => {
  const registry = new LanguageRegistry();

  it('has the five built-in languages, interpreters called by absolute path', () => {
    expect(registry.list().map((language) => language.id)).toEqual(['c', 'cpp', 'python', 'javascript', 'java']);
    for (const language of BUILTIN_LANGUAGES) {
      for (const argv of [language.compile, language.run]) {
        if (argv && !argv[0].startsWith('./')) expect(argv[0]).toMatch(/^\//);
      }
    }
  });

  it('takes the language from --lang first, else from the extension', () => {
    expect(registry.resolve('sol.cc').id).toBe('cpp');
    expect(registry.resolve('Sol.JAVA').id).toBe('java');
    // Kattis packages name Python 3 submissions .py3 too (problemtools' languages)
    expect(registry.resolve('guess.py3').id).toBe('python');
    expect(registry.resolve('sol.txt', 'python').id).toBe('python');
  });

  it('knows the usual other names of each language, as data', () => {
    for (const [alias, id] of [['py', 'python'], ['python3', 'python'], ['PY3', 'python'], ['c++', 'cpp'], ['g++', 'cpp'], ['js', 'javascript'], ['node', 'javascript']]) {
      expect(registry.get(alias).id, alias).toBe(id);
      expect(registry.resolve('solution.txt', alias).id, alias).toBe(id);
    }
    expect(registry.get('cpp').aliases).toEqual(['c++', 'cxx', 'g++']);
  });

  it('names what it does not know, lists what it does with their aliases, and suggests the closest', () => {
    expect(() => registry.resolve('sol.rb')).toThrow(/cannot tell the language of "sol.rb".*--lang \(one of c, cpp \(c\+\+, cxx, g\+\+\), python \(py, python3, py3\)/);
    expect(() => registry.get('cobol')).toThrow(
      'unknown language "cobol"; known: c, cpp (c++, cxx, g++), python (py, python3, py3), javascript (js, node, nodejs), java',
    );
    expect(() => registry.get('pyhton')).toThrow(/^unknown language "pyhton" \(did you mean "python"\?\); known: /);
    try {
      registry.get('cobol');
    } catch (error) {
      expect((error as { code: string }).code).toBe('LANGUAGE_UNKNOWN');
    }
  });

  it('fills the placeholders of compile and run argv', () => {
    const java = registry.get('java');
    const source = 'public class Adder {}';
    // the built-in Java compiles as Main.java whatever the class is called (top-level types made package-private)
    expect(sourceFileName(java, source)).toBe('Main.java');
    expect(expandArgv(java.run, java, { source, memoryMb: 256, className: 'pkg.Adder' })).toContain('-Xmx192m');
    expect(expandArgv(java.run, java, { source, memoryMb: 256, className: 'pkg.Adder' }).at(-1)).toBe('pkg.Adder');
    // a user-defined JVM language may still name its file after the public class
    const legacy = { ...java, sourceFile: '{class}.java' };
    expect(sourceFileName(legacy, source)).toBe('Adder.java');
    const cpp = registry.get('cpp');
    expect(expandArgv(cpp.compile!, cpp, { source: '', memoryMb: 1 })).toEqual(['/usr/bin/g++', '-O2', '-std=gnu++17', '-pipe', '-o', 'main', 'main.cpp']);
  });

  it('is extended and overridden by a YAML file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sonocode-langs-'));
    const file = join(dir, 'languages.yaml');
    writeFileSync(
      file,
      `languages:
  - {id: pypy, name: PyPy 3, extensions: [.pypy], sourceFile: main.py, run: [/usr/bin/pypy3, "{src}"], timeFactor: 1}
  - {id: python, name: Python 3 (slow factor), extensions: [.py], sourceFile: main.py, run: [/usr/bin/python3, "{src}"], timeFactor: 3}
`,
    );
    const extended = await languageRegistryWithFile(file);
    expect(extended.get('pypy').run).toEqual(['/usr/bin/pypy3', '{src}']);
    expect(extended.get('python').timeFactor).toBe(3);
    expect(extended.get('python').compile).toBeUndefined();
    expect(extended.get('cpp').id).toBe('cpp');
  });

  it('lets an id win over an alias, and a languages file take an alias over', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sonocode-langs-'));
    const file = join(dir, 'languages.yaml');
    writeFileSync(file, 'languages:\n  - {id: pypy, aliases: [py, python], name: PyPy, extensions: [.pypy], sourceFile: main.py, run: [/usr/bin/pypy3, "{src}"]}\n');
    const extended = await languageRegistryWithFile(file);
    expect(extended.get('py').id).toBe('pypy');
    expect(extended.get('python').id).toBe('python');
    expect(extended.get('python3').id).toBe('python');
    expect(extended.describe()).toContain('python (python3, py3)');
    expect(extended.describe()).toContain('pypy (py)');
  });

  it('rejects a malformed languages file with every issue at its file:line:col and path, as problem files do', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sonocode-langs-'));
    const file = join(dir, 'bad.yaml');
    writeFileSync(
      file,
      [
        'languages:',
        '  - id: Bad Id',
        '    name: x',
        '    extensions: [cpp]',
        '    sourceFile: a',
        '    run: python3 {src}',
        '    comple: [gcc]',
      ].join('\n'),
    );
    const error = await languageRegistryWithFile(file).then(
      () => undefined,
      (thrown: unknown) => thrown as Error & { code: string; issues: unknown[] },
    );
    expect(error?.code).toBe('LANGUAGES_INVALID');
    expect(error?.message.split('\n')).toEqual([
      `invalid languages file ${file} (4 errors):`,
      `${file}:2:9: languages[0].id: lowercase letters, digits, +, # or -`,
      `${file}:4:18: languages[0].extensions[0]: an extension with its dot, like .cpp`,
      `${file}:6:10: languages[0].run: expected a list, got a string ("python3 {src}")`,
      `${file}:7:5: languages[0]: unknown key "comple" (did you mean "compile"?)`,
    ]);
  });

  it('reports a YAML syntax error at its place', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sonocode-langs-'));
    const file = join(dir, 'broken.yaml');
    writeFileSync(file, 'languages:\n  - id: c\n    id: d\n');
    await expect(languageRegistryWithFile(file)).rejects.toThrow(`invalid languages file ${file} (1 error):\n${file}:3:5: Map keys must be unique`);
  });
});
