/**
 * `sonocode problems import <package> [--out FILE]`: an ICPC/Kattis package as a native YAML problem
 * (small tests inline, larger ones copied beside the file). What the native format cannot express
 * is named, one warning per line, on stderr.
 */
import { stat } from 'node:fs/promises';
import type { CommandContext } from '../context.js';
import { CliError, usageError } from '../errors.js';
import { createStyle, plural } from '../format.js';
import { write } from '../io.js';

export interface ImportArgs {
  /** The package folder. */
  package: string;
  /** The YAML file to write; stdout when omitted. */
  out?: string;
}

export interface ImportValue {
  kind: 'problems-import';
  out?: string;
  tests: number;
  warnings: string[];
}

export async function importPackage(args: ImportArgs, ctx: CommandContext): Promise<ImportValue> {
  const { icpcPackagePath } = await import('../../judge/problem/load.js');
  const packagePath = await icpcPackagePath(args.package);
  if (packagePath === undefined) {
    const exists = await stat(args.package).catch(() => null);
    if (!exists) throw new CliError('FILE_NOT_FOUND', `package not found: ${args.package}`);
    throw usageError(`${args.package} is not an ICPC/Kattis package (a folder with problem.yaml and data/)`, 'problems import reads packages; a native problem needs no import');
  }
  if (args.out !== undefined && !/\.ya?ml$/i.test(args.out)) {
    throw usageError(`--out must name a .yaml file, got ${JSON.stringify(args.out)}`, 'e.g. --out problems/hello/problem.yaml or --out problems/hello.yaml');
  }
  const { loadIcpcPackage } = await import('../../judge/problem/icpc/load.js');
  const { problemToNative, nativeYaml, writeNative } = await import('../../judge/problem/convert/to-native.js');
  const problem = await loadIcpcPackage(packagePath, { allowUnsupported: true });
  const conversion = await problemToNative(problem, args.out !== undefined ? { outFile: args.out } : {});
  printWarnings(conversion.warnings, ctx);
  if (args.out === undefined) {
    await write(ctx.io.stdout, nativeYaml(conversion, args.package));
  } else {
    await writeNative(conversion, args.out, args.package);
    const style = createStyle(ctx.config.color);
    await write(
      ctx.io.stdout,
      `${style.green('✓')} wrote ${args.out} (${plural(problem.testCases.length, 'test')}${conversion.files.length > 0 ? `, ${plural(conversion.files.length, 'file')} copied beside it` : ''})\n`,
    );
  }
  return { kind: 'problems-import', ...(args.out !== undefined ? { out: args.out } : {}), tests: problem.testCases.length, warnings: conversion.warnings };
}

/** One `warning: …` line per warning on stderr. */
export function printWarnings(warnings: readonly string[], ctx: CommandContext): void {
  const style = createStyle(ctx.config.color && ctx.io.stderr.isTTY === true);
  for (const warning of warnings) ctx.io.stderr.write(`${style.yellow('warning:')} ${warning}\n`);
}
