/**
 * `--junit FILE` of `verify` and `problems validate`: a JUnit XML report, which CI systems show as
 * test results. One `<testsuite>` per problem; one `<testcase>` per submission judged, named after
 * its file (`accepted/solution.cpp`), with its time (the slowest test's CPU time, in seconds), its
 * expected and got verdicts as properties, and — when it did not get what its folder promises — a
 * `<failure>` (an `<error>` for IE) whose message says expected vs got and why. A skipped file is a
 * `<skipped>` case; a problem that does not load is one case named after the problem with an
 * `<error>` listing every issue.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { SubmissionOutcome } from '../../judge/verify.js';

/** What one problem gave: its submissions' outcomes, or why it did not load. */
export interface JunitSuite {
  /** The problem as the user named it (`problems/two-sum`). */
  name: string;
  outcomes: readonly SubmissionOutcome[];
  /** Every issue of a problem that does not load (`file:line:col: path: message`), with the error's code. */
  invalid?: { code: string; issues: readonly string[] };
}

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
  seconds: number;
}

/** The JUnit XML document of a run of `verify` (one suite) or `problems validate` (one per problem). */
export async function junitXml(runName: string, suites: readonly JunitSuite[]): Promise<string> {
  const { XMLBuilder } = await import('fast-xml-parser');
  const built = suites.map(suiteElement);
  const total = sumCounts(built.map(({ counts }) => counts));
  const document = {
    '?xml': { '@version': '1.0', '@encoding': 'UTF-8' },
    testsuites: { '@name': runName, ...countAttributes(total), testsuite: built.map(({ element }) => element) },
  };
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@', format: true, suppressEmptyNode: true });
  return builder.build(document) as string;
}

/** Writes the report (its folder made when missing). */
export async function writeJunit(file: string, runName: string, suites: readonly JunitSuite[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, await junitXml(runName, suites));
}

function suiteElement(suite: JunitSuite): { element: Record<string, unknown>; counts: Counts } {
  const cases: Record<string, unknown>[] = [];
  const counts: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0, seconds: 0 };
  if (suite.invalid) {
    counts.tests++;
    counts.errors++;
    cases.push({
      '@classname': suite.name,
      '@name': suite.name,
      error: { '@type': suite.invalid.code, '@message': xmlText(suite.invalid.issues[0] ?? suite.invalid.code), '#text': xmlText(suite.invalid.issues.join('\n')) },
    });
  }
  for (const outcome of suite.outcomes) {
    counts.tests++;
    const element: Record<string, unknown> = { '@classname': suite.name, '@name': outcome.file };
    if (outcome.skipped) {
      counts.skipped++;
      element.skipped = { '@message': xmlText(outcome.skipped) };
      cases.push(element);
      continue;
    }
    const seconds = (outcome.timeMs ?? 0) / 1000;
    counts.seconds += seconds;
    element['@time'] = seconds.toFixed(3);
    element.properties = { property: properties(outcome) };
    const got = outcome.got ?? 'IE';
    if (!outcome.ok) {
      const message = xmlText(`expected ${outcome.expected}, got ${got}${outcome.detail ? `: ${outcome.detail}` : ''}`);
      const problem = { '@type': got, '@message': message, '#text': message };
      if (got === 'IE') {
        counts.errors++;
        element.error = problem;
      } else {
        counts.failures++;
        element.failure = problem;
      }
    }
    if (outcome.warning) element['system-out'] = xmlText(`warning: ${outcome.warning}`);
    cases.push(element);
  }
  return { element: { '@name': suite.name, ...countAttributes(counts), testcase: cases }, counts };
}

function properties(outcome: SubmissionOutcome): { '@name': string; '@value': string }[] {
  const entries: [string, unknown][] = [
    ['expected', outcome.expected],
    ['got', outcome.got ?? 'IE'],
    ['language', outcome.language],
    ['timeMs', outcome.timeMs],
    ['memoryKb', outcome.memoryKb],
    ['timeLimitMs', outcome.timeLimitMs],
    ['score', outcome.score],
    ['maxScore', outcome.maxScore],
  ];
  return entries.filter(([, value]) => value !== undefined).map(([name, value]) => ({ '@name': name, '@value': xmlText(String(value)) }));
}

function countAttributes(counts: Counts): Record<string, string | number> {
  return { '@tests': counts.tests, '@failures': counts.failures, '@errors': counts.errors, '@skipped': counts.skipped, '@time': counts.seconds.toFixed(3) };
}

function sumCounts(all: readonly Counts[]): Counts {
  return all.reduce(
    (sum, counts) => ({
      tests: sum.tests + counts.tests,
      failures: sum.failures + counts.failures,
      errors: sum.errors + counts.errors,
      skipped: sum.skipped + counts.skipped,
      seconds: sum.seconds + counts.seconds,
    }),
    { tests: 0, failures: 0, errors: 0, skipped: 0, seconds: 0 },
  );
}

/**
 * Text XML 1.0 can hold: a compiler's or a program's message may carry control characters (a
 * terminal escape, a NUL) that no XML parser accepts; each becomes U+FFFD.
 */
function xmlText(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD');
}
