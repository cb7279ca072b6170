/**
 * `sonocode problems import <package> [--out FILE]`: an ICPC/Kattis package as a native YAML problem
 * (small tests inline, larger ones copied beside the file). What the native format cannot express
 * is named, one warning per line, on stderr.
 *
 * With `--server`: a problem — native or a package — uploaded to a sonocode server (test files
 * inlined), replacing the problem of the same slug there.
 */
import { stat } from 'node:fs/promises';
import type { RemoteConfig } from '../config.js';
import type { CommandContext } from '../context.js';
import { CliError, usageError } from '../errors.js';
import { createStyle, plural } from '../format.js';
import { write } from '../io.js';
import { ask, connect } from './remote.js';
import { loadProblemNamed } from './shared.js';

export interface ImportArgs {
  /** The package folder; with a server, any problem (a native YAML file or folder, or a package). */
  package: string;
  /** The YAML file to write; stdout when omitted. */
  out?: string;
}

export interface ImportValue {
  kind: 'problems-import';
  out?: string;
  tests: number;
  warnings: string[];
  /** The problem on the server, when uploaded to one. */
  uploaded?: { server: string; id: string; slug: string };
}

export async function importPackage(args: ImportArgs, ctx: CommandContext): Promise<ImportValue> {
  if (ctx.config.remote) return uploadProblem(args, ctx, ctx.config.remote);
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
  const [{ loadIcpcPackage }, { documentFromProblem }, { nativeYaml, writeNativeProblem }] = await Promise.all([
    import('../../judge/problem/icpc/load.js'),
    import('../../judge/problem/document.js'),
    import('../../judge/problem/convert/native-file.js'),
  ]);
  const problem = await loadIcpcPackage(packagePath, { allowUnsupported: true });
  const conversion = await documentFromProblem(problem, args.out !== undefined ? { outFile: args.out } : {});
  printWarnings(conversion.warnings, ctx);
  if (args.out === undefined) {
    await write(ctx.io.stdout, nativeYaml(conversion, args.package));
  } else {
    await writeNativeProblem(conversion, args.out, args.package);
    const style = createStyle(ctx.config.color);
    await write(
      ctx.io.stdout,
      `${style.green('✓')} wrote ${args.out} (${plural(problem.testCases.length, 'test')}${conversion.files.length > 0 ? `, ${plural(conversion.files.length, 'file')} copied beside it` : ''})\n`,
    );
  }
  return { kind: 'problems-import', ...(args.out !== undefined ? { out: args.out } : {}), tests: problem.testCases.length, warnings: conversion.warnings };
}

/** Loads a problem here (every error said before the server is asked) and uploads it. */
async function uploadProblem(args: ImportArgs, ctx: CommandContext, remote: RemoteConfig): Promise<ImportValue> {
  if (args.out !== undefined) {
    throw usageError('--out cannot be used with a server: the problem is uploaded, not written', 'drop --out, or convert locally without --server');
  }
  const problem = await loadProblemNamed(ctx, args.package);
  let converted;
  try {
    converted = await ctx.deps.problemDocument(problem);
  } catch (error) {
    if (typeof (error as { code?: unknown }).code === 'string') throw error;
    // what the server cannot take (a custom checker): the problem's fault, not a failure
    throw usageError(`${args.package} cannot be uploaded: ${(error as Error).message}`, 'the server judges with the exact, tokens and float checkers');
  }
  const { warnings } = converted;
  printWarnings(warnings, ctx);
  const client = await connect(ctx, remote);
  ctx.signal.throwIfAborted();
  const view = await ask(remote, { token: 'admin' }, () => client.importProblem(converted.document, { replace: true }));
  const samples = problem.testCases.filter((test) => test.sample).length;
  const style = createStyle(ctx.config.color);
  await write(
    ctx.io.stdout,
    `${style.green('✓')} imported ${view.slug} (id ${view.id}, ${plural(problem.testCases.length, 'test')}, ${plural(samples, 'sample')}) to ${remote.server}\n`,
  );
  return { kind: 'problems-import', tests: problem.testCases.length, warnings, uploaded: { server: remote.server, id: view.id, slug: view.slug } };
}

/** One `warning: …` line per warning on stderr. */
export function printWarnings(warnings: readonly string[], ctx: CommandContext): void {
  const style = createStyle(ctx.config.color && ctx.io.stderr.isTTY === true);
  for (const warning of warnings) ctx.io.stderr.write(`${style.yellow('warning:')} ${warning}\n`);
}
