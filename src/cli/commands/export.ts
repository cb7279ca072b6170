/**
 * `sonocode problems export <problem> --format kattis --out DIR`: a problem (native or ICPC) as a
 * 2025-09 Kattis problem package that `sonocode verify` passes (a function problem's submissions
 * wrapped in its stubs). What the package format cannot express is named on stderr.
 */
import type { CommandContext } from '../context.js';
import { usageError } from '../errors.js';
import { createStyle, plural } from '../format.js';
import { write } from '../io.js';
import { printWarnings } from './import.js';
import { loadProblemNamed } from './shared.js';

export interface ExportArgs {
  problem: string;
  /** Only `kattis`. */
  format: string;
  out: string;
}

export interface ExportValue {
  kind: 'problems-export';
  out: string;
  files: number;
  warnings: string[];
}

export async function exportProblem(args: ExportArgs, ctx: CommandContext): Promise<ExportValue> {
  if (args.format !== 'kattis') throw usageError(`--format must be kattis, got ${JSON.stringify(args.format)}`);
  const problem = await loadProblemNamed(ctx, args.problem);
  // a function problem's submissions are told apart by language to be wrapped in their stubs
  const languages = await ctx.deps.languages(ctx.config.languagesFile);
  const { exportKattisPackage } = await import('../../judge/problem/convert/to-kattis.js');
  const exported = await exportKattisPackage(problem, args.out, { languages }).catch((error: unknown) => {
    if ((error as { code?: unknown }).code === 'USAGE') throw usageError((error as Error).message);
    throw error;
  });
  printWarnings([...(problem.warnings ?? []), ...exported.warnings], ctx);
  const style = createStyle(ctx.config.color);
  const tests = problem.testCases.length;
  await write(ctx.io.stdout, `${style.green('✓')} exported ${problem.slug} to ${args.out.replace(/\/+$/, '')}/ (2025-09 package, ${plural(tests, 'test')})\n`);
  return { kind: 'problems-export', out: args.out, files: exported.files.length, warnings: exported.warnings };
}
