/**
 * The test data of a package: `data/sample` then `data/secret`, each a tree of groups (folders)
 * and tests (`<name>.in` with `<name>.ans`), both in lexicographic order of their names; symbolic
 * links are followed. Each folder may hold its settings (`test_group.yaml`, or `testdata.yaml`
 * before 2025-09), each test its own (`<name>.yaml`, 2025-09).
 */
import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import type { YamlFile } from '../yaml.js';
import { readPackageYaml, type IssueList } from './issues.js';

export interface TestNode {
  kind: 'test';
  /** Path under data/ without extension: `secret/group1/03`. */
  name: string;
  input: string;
  answer: string;
  /** `<name>.yaml` (2025-09 test case configuration). */
  settings?: YamlFile;
}

export interface GroupNode {
  kind: 'group';
  /** Path under data/: `data` for the root, then `sample`, `secret`, `secret/group1`. */
  name: string;
  /** Host path of the folder. */
  directory: string;
  /** The folder as the user would name it, for messages. */
  display: string;
  /** `test_group.yaml` or `testdata.yaml` of the folder. */
  settings?: YamlFile;
  items: (TestNode | GroupNode)[];
}

/** Folders of data/ that hold tests for validators, not for submissions. */
const VALIDATION_FOLDERS = ['invalid_input', 'invalid_output', 'valid_output', 'invalid_answer', 'invalid_inputs', 'bad'];
const SETTINGS_FILES = ['test_group.yaml', 'testdata.yaml'];

export interface TestDataContext {
  /** The package folder on the host. */
  packageDir: string;
  /** The package as the user named it, for messages. */
  display: string;
  issues: IssueList;
}

/** The data/ tree, with sample and secret only; undefined (and an issue) when data/ is missing. */
export async function readDataFolder(context: TestDataContext): Promise<GroupNode | undefined> {
  const dataDir = path.join(context.packageDir, 'data');
  const display = path.join(context.display, 'data');
  const stats = await stat(dataDir).catch(() => null);
  if (!stats?.isDirectory()) {
    context.issues.error({ file: `${display}/`, message: 'missing: a package keeps its tests in data/sample and data/secret (*.in with *.ans)' });
    return undefined;
  }
  const root: GroupNode = { kind: 'group', name: 'data', directory: dataDir, display: `${display}/`, items: [] };
  root.settings = await readSettings(dataDir, display, context.issues);
  const entries = await listEntries(dataDir, display, context);
  for (const entry of entries) {
    if (entry.isDirectory && (entry.name === 'sample' || entry.name === 'secret')) {
      const group = await readGroup(path.join(dataDir, entry.name), entry.name, path.join(display, entry.name), context, new Set([await realpath(dataDir)]));
      if (group) root.items.push(group);
    } else if (entry.isDirectory && !VALIDATION_FOLDERS.includes(entry.name)) {
      context.issues.warn({ file: path.join(display, entry.name), message: 'ignored: test data is read from data/sample and data/secret only' });
    } else if (!entry.isDirectory && (entry.name.endsWith('.in') || entry.name.endsWith('.ans'))) {
      context.issues.error({ file: path.join(display, entry.name), message: 'tests must be in data/sample or data/secret, not directly in data/' });
    }
  }
  // A package without secret tests (BAPCtools' own test problems keep data/secret/ as an empty
  // placeholder) is judged on the tests it has, with a warning; one with no test at all is refused.
  const total = countTests(root);
  const secret = root.items.find((item) => item.name === 'secret');
  if (total === 0) {
    context.issues.error({ file: `${display}/`, message: 'holds no test: expected *.in files, each with its *.ans, in data/sample/ or data/secret/' });
  } else if (!secret) {
    context.issues.warn({ file: path.join(display, 'secret/'), message: 'missing: judged on the sample tests only' });
  } else if (countTests(secret as GroupNode) === 0) {
    context.issues.warn({ file: path.join(display, 'secret/'), message: 'holds no test: judged on the sample tests only' });
  }
  return root;
}

function countTests(group: GroupNode): number {
  return group.items.reduce((count, item) => count + (item.kind === 'test' ? 1 : countTests(item)), 0);
}

interface Entry {
  name: string;
  isDirectory: boolean;
}

/**
 * The folder's entries, symbolic links resolved, hidden ones (`.…`) left out. A link must stay
 * inside the package (packages share tests that way): one that leads elsewhere is refused, so that
 * a package from an untrusted source cannot make the judge read other files of the machine.
 */
async function listEntries(directory: string, display: string, context: TestDataContext): Promise<Entry[]> {
  const { issues } = context;
  const dirents = await readdir(directory, { withFileTypes: true });
  const entries: Entry[] = [];
  const packageReal = await realpath(context.packageDir);
  for (const dirent of dirents) {
    if (dirent.name.startsWith('.')) continue;
    if (dirent.isSymbolicLink()) {
      const link = path.join(directory, dirent.name);
      const target = await stat(link).catch(() => null);
      if (!target) {
        issues.error({ file: path.join(display, dirent.name), message: 'a symbolic link to nothing (its target does not exist)' });
        continue;
      }
      const real = await realpath(link);
      if (!real.startsWith(packageReal + path.sep)) {
        issues.error({ file: path.join(display, dirent.name), message: `a symbolic link out of the package (to ${real}): refused` });
        continue;
      }
      entries.push({ name: dirent.name, isDirectory: target.isDirectory() });
    } else {
      entries.push({ name: dirent.name, isDirectory: dirent.isDirectory() });
    }
  }
  return entries;
}

async function readSettings(directory: string, display: string, issues: IssueList): Promise<YamlFile | undefined> {
  for (const name of SETTINGS_FILES) {
    const file = await readPackageYaml(path.join(directory, name), path.join(display, name), issues);
    if (file) return file;
  }
  return undefined;
}

async function readGroup(
  directory: string,
  name: string,
  display: string,
  context: TestDataContext,
  ancestors: Set<string>,
): Promise<GroupNode | undefined> {
  const real = await realpath(directory);
  if (ancestors.has(real)) {
    context.issues.error({ file: display, message: 'a symbolic link loop: this folder contains itself' });
    return undefined;
  }
  const group: GroupNode = { kind: 'group', name, directory, display: `${display}/`, items: [] };
  group.settings = await readSettings(directory, display, context.issues);
  const entries = await listEntries(directory, display, context);
  const inputs = new Set<string>();
  const answers = new Set<string>();
  const settings = new Set<string>();
  const folders: string[] = [];
  for (const entry of entries) {
    if (entry.isDirectory) {
      if (!entry.name.endsWith('.files')) folders.push(entry.name);
      continue;
    }
    if (entry.name.endsWith('.in')) inputs.add(entry.name.slice(0, -3));
    else if (entry.name.endsWith('.ans')) answers.add(entry.name.slice(0, -4));
    else if (entry.name.endsWith('.yaml') && !SETTINGS_FILES.includes(entry.name)) settings.add(entry.name.slice(0, -5));
  }

  const items: { key: string; make: () => Promise<TestNode | GroupNode | undefined> }[] = [];
  for (const base of inputs) {
    if (!answers.has(base)) {
      context.issues.error({ file: path.join(display, `${base}.in`), message: `no answer file: expected ${base}.ans beside this input` });
      continue;
    }
    if (folders.includes(base)) {
      context.issues.error({ file: path.join(display, base), message: `a group and a test (${base}.in) with the same name` });
    }
    if (entries.some((entry) => entry.isDirectory && entry.name === `${base}.files`)) {
      context.issues.warn({ file: path.join(display, `${base}.files`), message: 'input files (.files) are not given to submissions by sonocode' });
    }
    items.push({
      key: base,
      make: async () => {
        const test: TestNode = {
          kind: 'test',
          name: `${name}/${base}`,
          input: path.join(directory, `${base}.in`),
          answer: path.join(directory, `${base}.ans`),
        };
        if (settings.has(base)) {
          const file = await readPackageYaml(path.join(directory, `${base}.yaml`), path.join(display, `${base}.yaml`), context.issues);
          if (file) test.settings = file;
        }
        return test;
      },
    });
  }
  for (const base of answers) {
    if (!inputs.has(base)) {
      context.issues.error({ file: path.join(display, `${base}.ans`), message: `no input file: expected ${base}.in beside this answer` });
    }
  }
  const inside = new Set([...ancestors, real]);
  for (const folder of folders) {
    items.push({ key: folder, make: () => readGroup(path.join(directory, folder), `${name}/${folder}`, path.join(display, folder), context, inside) });
  }
  items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  for (const item of items) {
    const made = await item.make();
    if (made) group.items.push(made);
  }
  return group;
}

/** Every test of a group, in judging order. */
export function testsOf(group: GroupNode): TestNode[] {
  return group.items.flatMap((item) => (item.kind === 'test' ? [item] : testsOf(item)));
}

/** Every group of the tree (the root included), parents before children. */
export function groupsOf(group: GroupNode): GroupNode[] {
  return [group, ...group.items.flatMap((item) => (item.kind === 'group' ? groupsOf(item) : []))];
}
