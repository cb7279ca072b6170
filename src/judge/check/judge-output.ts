/**
 * The check stage: gives a test's verdict from the program's output, with the comparator of the
 * test's checker spec, or with a checker program. Checker programs are compiled once per
 * {@link CheckerCache}: one per submission by default, or one shared by many submissions (as
 * `sonocode verify` does) when the caller passes its own cache.
 */
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import type { SandboxBackend } from '../../sandbox/types.js';
import type { LanguageRegistry } from '../languages.js';
import { readTestBytes } from '../problem/test-data.js';
import type { CheckerSpec, TestCase } from '../problem/types.js';
import { CustomChecker, type CustomCheckOutcome, type CustomSpec } from './custom.js';
import { comparatorFor } from './registry.js';

/**
 * Compiled checker programs, keyed by what they are built from; each is compiled at most once
 * (a failed build is remembered too, so every later check fails fast with the same CheckerError).
 * The owner disposes it once every submission that uses it is judged.
 */
export class CheckerCache implements AsyncDisposable {
  private readonly checkers = new Map<string, Promise<CustomChecker>>();

  constructor(
    private readonly sandbox: SandboxBackend,
    private readonly languages: LanguageRegistry,
  ) {}

  /** The compiled checker for a spec. @throws CheckerError when it does not build */
  get(spec: CustomSpec): Promise<CustomChecker> {
    const key = programKey(spec);
    let checker = this.checkers.get(key);
    if (!checker) {
      checker = CustomChecker.prepare(spec, this.sandbox, this.languages);
      // the rejection is handled by whoever awaits it; keep Node from reporting it as unhandled
      checker.catch(() => {});
      this.checkers.set(key, checker);
    }
    return checker;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    const checkers = await Promise.allSettled(this.checkers.values());
    this.checkers.clear();
    await Promise.all(checkers.map((settled) => (settled.status === 'fulfilled' ? settled.value.dispose() : undefined)));
  }
}

/** What identifies a checker program: where it is (or, given as text, what it says) and its language. */
function programKey(spec: CustomSpec): string {
  const inline = spec.inline ? createHash('sha256').update(JSON.stringify(spec.inline)).digest('hex') : null;
  return JSON.stringify([spec.sourcePath, spec.language, spec.files ?? null, inline]);
}

/** Every checker program a problem uses (its own, the per-test ones, its interactor), once each. */
export function customCheckerSpecs(problem: { checker: CheckerSpec; testCases: readonly TestCase[]; interactor?: CustomSpec }): CustomSpec[] {
  const specs = new Map<string, CustomSpec>();
  for (const spec of [problem.checker, ...problem.testCases.map((test) => test.checker), problem.interactor]) {
    if (spec?.type === 'custom') specs.set(programKey(spec), spec);
  }
  return [...specs.values()];
}

export class OutputJudge implements AsyncDisposable {
  private readonly cache: CheckerCache;
  private readonly ownsCache: boolean;

  /**
   * @param cache - compiled checkers to use (and leave alive when this judge is disposed);
   *   a private cache, disposed with the judge, when omitted
   */
  constructor(
    private readonly defaultChecker: CheckerSpec,
    sandbox: SandboxBackend,
    languages: LanguageRegistry,
    cache?: CheckerCache,
  ) {
    this.cache = cache ?? new CheckerCache(sandbox, languages);
    this.ownsCache = cache === undefined;
  }

  /** A checker program, compiled once (an interactor is one too). @throws CheckerError when it does not build */
  program(spec: CustomSpec): Promise<CustomChecker> {
    return this.cache.get(spec);
  }

  async check(test: TestCase, outputPath: string): Promise<CustomCheckOutcome> {
    const spec = test.checker ?? this.defaultChecker;
    if (spec.type === 'custom') {
      const checker = await this.cache.get(spec);
      return checker.check({ input: test.input, expected: test.output, args: test.checkerArgs }, outputPath);
    }
    const comparator = comparatorFor(spec);
    if (!comparator) return { verdict: 'IE', message: `no comparator for checker type ${spec.type}` };
    const [output, expected] = await Promise.all([readFile(outputPath), readTestBytes(test.output)]);
    return comparator({ output, expected });
  }

  async [Symbol.asyncDispose](): Promise<void> {
    if (this.ownsCache) await this.cache[Symbol.asyncDispose]();
  }
}
