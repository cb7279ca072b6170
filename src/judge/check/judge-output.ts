/**
 * The check stage: gives a test's verdict from the program's output, with the comparator of the
 * test's checker spec, or with a checker program (prepared once per submission, lazily).
 */
import { readFile } from 'node:fs/promises';
import type { SandboxBackend } from '../../sandbox/types.js';
import type { LanguageRegistry } from '../languages.js';
import type { CheckerSpec, TestCase, TestData } from '../problem/types.js';
import { CustomChecker, type CustomCheckOutcome } from './custom.js';
import { comparatorFor } from './registry.js';

export class OutputJudge implements AsyncDisposable {
  private readonly customCheckers = new Map<string, Promise<CustomChecker>>();

  constructor(
    private readonly defaultChecker: CheckerSpec,
    private readonly sandbox: SandboxBackend,
    private readonly languages: LanguageRegistry,
  ) {}

  async check(test: TestCase, outputPath: string): Promise<CustomCheckOutcome> {
    const spec = test.checker ?? this.defaultChecker;
    if (spec.type === 'custom') {
      const checker = await this.customChecker(spec);
      return checker.check({ input: test.input, expected: test.output, args: test.checkerArgs }, outputPath);
    }
    const comparator = comparatorFor(spec);
    if (!comparator) return { verdict: 'IE', message: `no comparator for checker type ${spec.type}` };
    const [output, expected] = await Promise.all([readFile(outputPath), bytesOf(test.output)]);
    return comparator({ output, expected });
  }

  private customChecker(spec: Extract<CheckerSpec, { type: 'custom' }>): Promise<CustomChecker> {
    let checker = this.customCheckers.get(spec.sourcePath);
    if (!checker) {
      checker = CustomChecker.prepare(spec, this.sandbox, this.languages);
      this.customCheckers.set(spec.sourcePath, checker);
    }
    return checker;
  }

  async [Symbol.asyncDispose](): Promise<void> {
    const checkers = await Promise.allSettled(this.customCheckers.values());
    await Promise.all(checkers.map((settled) => (settled.status === 'fulfilled' ? settled.value.dispose() : undefined)));
  }
}

export async function bytesOf(data: TestData): Promise<Buffer> {
  return 'text' in data ? Buffer.from(data.text) : readFile(data.path);
}
