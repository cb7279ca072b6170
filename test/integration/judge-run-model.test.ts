/**
 * The run model programs are written for, through the judge, in the languages each point touches
 * (issue: "Verdicts and figures a user can trust in every language"), on every sandbox backend:
 * output written just before exiting, Java's entry point and heap, error messages that keep their
 * first line, and places in function problems that point into the user's own file.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CompileCache } from '../../src/judge/compile-cache.js';
import { LanguageRegistry } from '../../src/judge/languages.js';
import { judgeSubmission, type JudgeOptions } from '../../src/judge/pipeline.js';
import { loadProblem } from '../../src/judge/problem/load.js';
import type { Problem } from '../../src/judge/problem/types.js';
import { sumProblem } from '../support/problems.js';
import { BACKENDS } from './sandbox/backends.js';

const languages = new LanguageRegistry();
const twoSum = await loadProblem('problems/two-sum');

/** A problem of one test: its input and the answer. */
function oneTest(input: string, output: string, limits: Partial<Problem['limits']> = {}): Problem {
  const problem = sumProblem();
  return { ...problem, limits: { ...problem.limits, ...limits }, testCases: [{ name: 'only', input: { text: input }, output: { text: output } }] };
}

const squares = (n: number) => Array.from({ length: n }, (_, i) => String((i + 1) ** 2)).join('\n') + '\n';

describe.each(BACKENDS)('the judge on the $name sandbox', ({ make }) => {
  const sandbox = make();
  const judge = (problem: Problem, language: string, source: string, options: JudgeOptions & { fileName?: string } = {}) => {
    const { fileName, ...rest } = options;
    return judgeSubmission({ problem, source, language: languages.get(language), ...(fileName ? { fileName } : {}) }, sandbox, rest);
  };

  it('re-judges unchanged source from the compile cache, compiled languages and checked ones alike', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'sonocode-cache-'));
    try {
      const compileCache = new CompileCache({ dir: folder });
      const sources = {
        c: '#include <stdio.h>\nint main(){long long a,b;scanf("%lld %lld",&a,&b);printf("%lld\\n",a+b);}\n',
        python: 'a, b = map(int, input().split())\nprint(a + b)\n',
        java: 'class Solution { public static void main(String[] a) { java.util.Scanner s = new java.util.Scanner(System.in); System.out.println(s.nextLong() + s.nextLong()); } }',
      };
      for (const [language, source] of Object.entries(sources)) {
        const first = await judge(sumProblem(), language, source, { compileCache });
        const again = await judge(sumProblem(), language, source, { compileCache });
        expect([first.verdict, first.compile.cached], language).toEqual(['AC', undefined]);
        expect([again.verdict, again.compile.cached], language).toEqual(['AC', true]);
      }
      // a syntax error is kept too, and is a CE again without a compile
      const broken = await judge(sumProblem(), 'python', 'print(', { compileCache });
      const brokenAgain = await judge(sumProblem(), 'python', 'print(', { compileCache });
      expect([broken.verdict, brokenAgain.verdict, brokenAgain.compile.cached]).toEqual(['CE', 'CE', true]);
      expect(brokenAgain.compile.output).toBe(broken.compile.output);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("reports a Python syntax error as Python does, in the user's file, without the frames of the judge's check", async () => {
    const result = await judge(sumProblem(), 'python', 'a = 1\nprint(\n');
    expect(result.verdict).toBe('CE');
    expect(result.compile.output).toMatch(/^  File "main\.py", line 2\n[\s\S]*\nSyntaxError: '\(' was never closed$/);
    expect(result.compile.output).not.toMatch(/ast\.py|Traceback|<string>/);
  });

  it('keeps all of a large answer written in one call just before process.exit (JavaScript)', async () => {
    const source =
      'const n = Number(require("fs").readFileSync(0, "utf8"));\nconst lines = [];\nfor (let i = 1; i <= n; i++) lines.push(String(i * i));\nconsole.log(lines.join("\\n"));\nprocess.exit(0);';
    const result = await judge(oneTest('200000\n', squares(200000), { outputLimitKb: 8192 }), 'javascript', source);
    expect(result.verdict).toBe('AC');
  });

  it('runs the Java class that declares main, whatever it is called, public or not, in a package or not', async () => {
    const read = 'java.util.Scanner s = new java.util.Scanner(System.in); System.out.println(s.nextLong() + s.nextLong());';
    for (const source of [
      `class Solution { public static void main(String[] a) { ${read} } }`,
      `public class Adder { public static void main(String[] a) { ${read} } }`,
      `package contest.app;\nimport java.util.*;\nfinal class Helper {}\npublic class Runner { public static void main(String... a) { ${read} } }`,
    ]) {
      const result = await judge(sumProblem(), 'java', source);
      expect(result.verdict, source).toBe('AC');
    }
  });

  it('says before any test runs when a Java program has no entry point, or several', async () => {
    const none = await judge(sumProblem(), 'java', 'class Solution { static int add(int a, int b) { return a + b; } }');
    expect(none.verdict).toBe('CE');
    expect(none.compile.output).toMatch(/no class declares `public static void main\(String\[\] args\)`/);
    expect(none.tests).toEqual([]);
    const two = await judge(sumProblem(), 'java', 'class A { public static void main(String[] a) {} }\nclass B { public static void main(String[] a) {} }');
    expect(two.verdict).toBe('CE');
    expect(two.compile.output).toMatch(/several classes declare .*A, B/);
  });

  it('compiles a function problem whatever the Java part declares (a public class beside the stub\'s)', async () => {
    const source = 'public class Solution {\n  public int[] twoSum(int[] nums, int target) {\n    Map<Integer, Integer> seen = new HashMap<>();\n    for (int i = 0; i < nums.length; i++) {\n      Integer j = seen.get(target - nums[i]);\n      if (j != null) return new int[] { j, i };\n      seen.put(nums[i], i);\n    }\n    return new int[0];\n  }\n}\n';
    const result = await judge(twoSum, 'java', source);
    expect(result.verdict).toBe('AC');
  });

  it('gives the JVM a heap that leaves it room: garbage is collected, a third of the limit live is fine, hoarding is MLE', async () => {
    const garbage = 'class Main { public static void main(String[] a) { long s = 0; for (int i = 0; i < 3000; i++) { int[] x = new int[250_000]; x[i % 1000] = i; s += x[7]; } System.out.println(s); } }';
    const live = 'class Main { public static void main(String[] a) { int[][] keep = new int[85][]; for (int i = 0; i < 85; i++) { keep[i] = new int[262_144]; keep[i][i] = i; } long s = 0; for (int i = 0; i < 2000; i++) { int[] x = new int[250_000]; s += x.length; } System.out.println(s + keep.length); } }';
    const hoard = 'import java.util.*;\nclass Main { public static void main(String[] a) { List<int[]> keep = new ArrayList<>(); while (true) keep.add(new int[262_144]); } }';
    const limits = { timeLimitMs: 10_000, memoryLimitMb: 256 };
    expect((await judge(oneTest('', '0\n', limits), 'java', garbage)).tests[0].verdict).not.toBe('MLE');
    const liveResult = await judge(oneTest('', '500000085\n', limits), 'java', live);
    expect(liveResult.verdict).toBe('AC');
    expect(liveResult.memoryKb).toBeLessThanOrEqual(256 * 1024);
    const hoarded = await judge(oneTest('', '', limits), 'java', hoard);
    expect(hoarded.verdict).toBe('MLE');
    const small = await judge({ ...sumProblem(), limits: { ...sumProblem().limits, memoryLimitMb: 64 } }, 'java', 'class Main { public static void main(String[] a) { java.util.Scanner s = new java.util.Scanner(System.in); System.out.println(s.nextLong() + s.nextLong()); } }');
    expect(small.verdict).toBe('AC');
  });

  it('keeps the first line of a runtime error and its last frames in the message', async () => {
    const js = await judge(sumProblem(), 'javascript', 'function f(n) { if (n === 0) return null.x; return f(n - 1); }\nf(40);');
    expect(js.verdict).toBe('RE');
    expect(js.tests[0].message).toMatch(/TypeError: Cannot read properties of null/);
    const java = await judge(sumProblem(), 'java', 'class Main { static int f(int n) { if (n == 0) throw new IllegalStateException("deep enough"); return f(n - 1); } public static void main(String[] a) { f(40); } }');
    expect(java.verdict).toBe('RE');
    expect(java.tests[0].message).toMatch(/Exception in thread "main" java.lang.IllegalStateException: deep enough/);
    expect(java.tests[0].message).toMatch(/at Main\.main/);
  });

  it.each([
    ['c', 'int* twoSum(int* nums, int numsSize, int target, int* returnSize) {\n  return undeclared_name;\n}\n', /mine\.c:2:\d+: error/],
    ['cpp', 'class Solution {\n  vector<int> twoSum(vector<int>& nums, int target) { return undeclared_name; }\n};\n', /mine\.cpp:2:\d+: error/],
    ['java', 'class Solution {\n  public int[] twoSum(int[] nums, int target) { return undeclared_name; }\n}\n', /mine\.java:2: error/],
    ['python', 'class Solution:\n    def twoSum(self, nums, target) return []\n', /File "mine\.py", line 2/],
    ['javascript', 'var twoSum = function(nums, target) {\n  return [);\n};\n', /mine\.js:2/],
  ])('points a %s compile error in a function problem at the line of the user\'s own file', async (language, source, place) => {
    const result = await judge(twoSum, language, source, { fileName: `mine.${language === 'javascript' ? 'js' : language === 'python' ? 'py' : language}` });
    expect(result.verdict).toBe('CE');
    expect(result.compile.output).toMatch(place);
    expect(result.compile.output).not.toMatch(/main\.(c|cpp|py|js)\b|Main\.java/);
  });

  it('points a traceback at the user\'s line, and names stub lines as the stub', async () => {
    const source = 'class Solution:\n    def twoSum(self, nums, target):\n        raise ValueError("not yet")\n';
    const result = await judge(twoSum, 'python', source, { fileName: 'mine.py' });
    expect(result.verdict).toBe('RE');
    expect(result.tests[0].message).toMatch(/File "mine\.py", line 3, in twoSum/);
    expect(result.tests[0].message).toMatch(/File "\(end snippet\)", line \d+/);
  });
});
