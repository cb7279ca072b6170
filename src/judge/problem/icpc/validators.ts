/**
 * The custom output validator of a package: the folder `output_validator/` (2025-09), or the one
 * program in `output_validators/` (legacy and 2023-07: a single file, or a folder) — as a checker
 * spec with every file of the program, its language told from the sources' extensions (or
 * `script` for a program with `build`/`run`).
 */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CheckerSpec } from '../types.js';
import type { IssueList } from './issues.js';
import type { Generation } from './metadata.js';

type CustomSpec = Extract<CheckerSpec, { type: 'custom' }>;

const SOURCE = /\.(c|cc|cpp|cxx|c\+\+|C|py|java)$/;
const SKIPPED = new Set(['__pycache__', 'README', 'README.md', 'README.txt']);

const EXTENSIONS = { cpp: ['.cpp', '.cc', '.cxx', '.c++', '.C'], c: ['.c'], java: ['.java'], python: ['.py'] };

/**
 * The language of a program folder's sources, from their extensions (C++ wins over C, whose headers
 * it may share); `script` when the folder has a `build` or `run` script.
 */
export function programLanguage(relativeFiles: readonly string[]): string | undefined {
  const names = relativeFiles.map((file) => path.basename(file));
  if (names.includes('build') || names.includes('run')) return 'script';
  const extensions = new Set(relativeFiles.map((file) => path.extname(file)));
  for (const [language, known] of Object.entries(EXTENSIONS)) {
    if (known.some((extension) => extensions.has(extension))) return language;
  }
  return undefined;
}

/** Which validator folders a package has: `output_validator` first for 2025-09. */
export async function validatorFolders(packageDir: string, generation: Generation): Promise<string[]> {
  const order = generation === '2025-09' ? ['output_validator', 'output_validators'] : ['output_validators', 'output_validator'];
  const found: string[] = [];
  for (const name of order) {
    const entries = await readdir(path.join(packageDir, name)).catch(() => null);
    if (entries && entries.some((entry) => !entry.startsWith('.'))) found.push(name);
  }
  return found;
}

/**
 * The package's output validator as a checker spec; undefined when it has none or it is not
 * usable (the reason is in `issues`).
 */
export async function findOutputValidator(
  packageDir: string,
  display: string,
  folder: string,
  issues: IssueList,
): Promise<CustomSpec | undefined> {
  const root = path.join(packageDir, folder);
  let program: string;
  let programDisplay: string;
  let files: string[];
  if (folder === 'output_validator') {
    // 2025-09: the folder is the program
    program = root;
    programDisplay = path.join(display, folder);
    files = await filesBelow(root);
  } else {
    const entries = (await readdir(root, { withFileTypes: true })).filter((entry) => !entry.name.startsWith('.') && !SKIPPED.has(entry.name));
    const programs: { name: string; isDirectory: boolean }[] = [];
    for (const entry of entries) {
      const full = path.join(root, entry.name);
      const isDirectory = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(full).catch(() => null))?.isDirectory() === true);
      if (isDirectory || SOURCE.test(entry.name)) programs.push({ name: entry.name, isDirectory });
    }
    if (programs.length !== 1) {
      issues.error({
        file: path.join(display, folder),
        message:
          programs.length === 0
            ? 'no output validator program in this folder (a source file, or a folder of sources)'
            : `${programs.length} output validators (${programs.map((entry) => entry.name).join(', ')}): sonocode runs one; keep the files of one validator in one folder`,
      });
      return undefined;
    }
    const only = programs[0];
    if (only.isDirectory) {
      program = path.join(root, only.name);
      files = await filesBelow(program);
    } else if (entries.length === 1) {
      program = path.join(root, only.name);
      files = [program];
    } else {
      // one source with its headers beside it: the folder is the program
      program = root;
      files = await filesBelow(root);
    }
    programDisplay = path.join(display, path.relative(packageDir, program));
  }
  const relative = files.map((file) => (files.length === 1 && file === program ? path.basename(file) : path.relative(program, file)));
  if (files.length === 0) {
    issues.error({ file: programDisplay, message: 'the output validator folder is empty' });
    return undefined;
  }
  const language = programLanguage(relative);
  if (!language) {
    issues.error({
      file: programDisplay,
      message: `cannot tell how to build this output validator: expected C (.c), C++ (.cpp, .cc), Python (.py) or Java (.java) sources, or a build/run script (found ${relative.slice(0, 6).join(', ')})`,
    });
    return undefined;
  }
  return { type: 'custom', sourcePath: program, language, files };
}

/** Every file below a folder (hidden ones and caches left out), sorted. */
async function filesBelow(directory: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (folder: string, depth: number) => {
    if (depth > 8) return;
    const entries = await readdir(folder, { withFileTypes: true });
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === '__pycache__') continue;
      const full = path.join(folder, entry.name);
      const stats = entry.isSymbolicLink() ? await stat(full).catch(() => null) : null;
      if (entry.isDirectory() || stats?.isDirectory()) await visit(full, depth + 1);
      else if (entry.isFile() || stats?.isFile()) found.push(full);
    }
  };
  await visit(directory, 0);
  return found.sort();
}
