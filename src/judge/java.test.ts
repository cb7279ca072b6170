import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseEntryPoint, javaHeapMb, packageOf, readClassFile, topLevelTypeNames, withPackagePrivateTopLevelTypes } from './java.js';

const scratch = mkdtempSync(join(tmpdir(), 'sonocode-java-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Compiles sources with the host's javac and reads every class file it produced. */
function compile(files: Record<string, string>): { className: string; hasMain: boolean }[] {
  const dir = mkdtempSync(join(scratch, 'c-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  execFileSync('/usr/bin/javac', ['-d', 'out', ...Object.keys(files)], { cwd: dir });
  const found: string[] = [];
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(folder, entry.name));
      else if (entry.name.endsWith('.class')) found.push(join(folder, entry.name));
    }
  };
  walk(join(dir, 'out'));
  return found.map((file) => ({ ...readClassFile(readFileSync(file)), file: relative(dir, file) })).map(({ className, hasMain }) => ({ className, hasMain }));
}

describe('Java sources', () => {
  it('drops `public` from top-level types only, keeping every line and column', () => {
    const source = [
      '// public class Comment {}',
      'import java.util.*;',
      '@SuppressWarnings("public") public final class Solution {',
      '    public static void main(String[] a) { String s = "public class X {}"; char c = \'}\'; }',
      '    public class Inner {}',
      '}',
      'public record Pair(int a, int b) {}',
      'public sealed interface Shape permits Circle {}',
      'final class Circle implements Shape { String t = """',
      '   public class NotCode {}',
      '   """; }',
    ].join('\n');
    const result = withPackagePrivateTopLevelTypes(source);
    expect(result.length).toBe(source.length);
    expect(result.split('\n').map((line) => line.includes('public'))).toEqual([true, false, true, true, true, false, false, false, false, true, false]);
    expect(result.split('\n')[2]).toBe('@SuppressWarnings("public")        final class Solution {');
    expect(topLevelTypeNames(source)).toEqual(['Solution', 'Pair', 'Shape', 'Circle']);
  });

  it('compiles under any file name once top-level types are package-private', () => {
    const source = 'public class Solution { public static void main(String[] a) { System.out.println(1); } }\n';
    const classes = compile({ 'Main.java': withPackagePrivateTopLevelTypes(source) });
    expect(classes).toEqual([{ className: 'Solution', hasMain: true }]);
  });

  it('reads the package a source declares', () => {
    expect(packageOf('/* c */ package  com.example.app ;\nclass A {}')).toBe('com.example.app');
    expect(packageOf('class A { String p = "package x;"; }')).toBe('');
  });
});

describe('Java entry points, from the class files javac produced', () => {
  it('finds public static void main(String[]) with the package, in any class', () => {
    const classes = compile({
      'Main.java': 'package a.b;\nclass Helper { static void main(String[] a) {} }\nclass Solution { public static void main(String... args) {} static class Inner { public static void main(String[] x) {} } }\n',
    });
    expect(classes.sort((x, y) => x.className.localeCompare(y.className))).toEqual([
      { className: 'a.b.Helper', hasMain: false },
      { className: 'a.b.Solution', hasMain: true },
      { className: 'a.b.Solution$Inner', hasMain: true },
    ]);
    expect(chooseEntryPoint(classes)).toEqual({ className: 'a.b.Solution' });
  });

  it('says when there is no entry point, or several, and prefers the one the stubs declare', () => {
    expect(chooseEntryPoint([{ className: 'Solution', hasMain: false }])).toMatchObject({ error: expect.stringMatching(/no class declares/) });
    const two = [
      { className: 'Main', hasMain: true },
      { className: 'Solution', hasMain: true },
    ];
    expect(chooseEntryPoint(two)).toMatchObject({ error: expect.stringMatching(/several classes.*Main, Solution/) });
    expect(chooseEntryPoint(two, ['Main'])).toEqual({ className: 'Main' });
  });

  it('refuses bytes that are not a class file', () => {
    expect(() => readClassFile(Buffer.from('not a class'))).toThrow(/not a class file/);
  });
});

describe('the JVM heap under a memory limit', () => {
  it('leaves the JVM room for its own memory, and still starts under 64 MiB', () => {
    expect(javaHeapMb(64)).toBe(24);
    expect(javaHeapMb(256)).toBe(192);
    expect(javaHeapMb(1024)).toBe(896);
    expect(javaHeapMb(16)).toBe(8);
  });
});
