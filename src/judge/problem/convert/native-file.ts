/**
 * `problems import --out FILE`: a converted problem (see `documentFromProblem`) written as a native
 * YAML file, with the test and checker files it names copied beside it.
 */
import { copyFile, cp, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { stringify } from 'yaml';
import type { ProblemConversion } from '../document.js';

/** The native YAML text of a conversion, headed by where it came from when `source` is given. */
export function nativeYaml(conversion: ProblemConversion, source?: string): string {
  const header = source ? `# Imported from ${source} by \`sonocode problems import\`.\n` : '';
  return header + stringify(conversion.document, { lineWidth: 0, aliasDuplicateObjects: false });
}

/**
 * Writes the YAML file and copies the files and folders of the conversion beside it (the
 * conversion must have been made for this `outFile`).
 */
export async function writeNativeProblem(conversion: ProblemConversion, outFile: string, source?: string): Promise<void> {
  const outDir = path.dirname(path.resolve(outFile));
  for (const folder of conversion.folders) {
    await cp(folder.from, path.join(outDir, folder.to), { recursive: true, dereference: true });
  }
  for (const file of conversion.files) {
    const target = path.join(outDir, file.to);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(file.from, target);
  }
  await mkdir(outDir, { recursive: true });
  await writeFile(outFile, nativeYaml(conversion, source));
}
