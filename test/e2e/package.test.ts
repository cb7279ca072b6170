/**
 * The package as someone who embeds the engine gets it: `npm pack`, the tarball installed into a
 * fresh folder, a user's TypeScript file type-checked strictly against the published .d.ts
 * (`import { judgeSubmission, loadProblem, createSandbox } from 'sonocode'`), compiled, and run: it
 * judges a tiny problem the package ships (a-plus-b) in the real Docker sandbox. Needs `npm run build`
 * first (npm test does it).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const tsc = join(root, 'node_modules/typescript/bin/tsc');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
const work = mkdtempSync(join(tmpdir(), 'sonocode-package-'));
const app = join(work, 'app');
afterAll(() => rmSync(work, { recursive: true, force: true }));

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', timeout: 170_000, env: { ...process.env, NO_COLOR: '1' } });
}

function succeeded(result: SpawnSyncReturns<string>): string {
  if (result.status !== 0) throw new Error(`exit ${result.status}: ${result.stderr || result.stdout}`);
  return result.stdout;
}

function write(name: string, content: string): string {
  const path = join(app, name);
  writeFileSync(path, content);
  return path;
}

/** A user's program: judges the solution files it is given and prints what it saw as JSON. */
const USER_PROGRAM = `import { readFile } from 'node:fs/promises';
import {
  createSandbox,
  ERROR_CATALOGUE,
  isErrorCode,
  judgeSubmission,
  LanguageRegistry,
  loadProblem,
  type JudgeEvent,
  type JudgeResult,
  type SandboxBackend,
} from 'sonocode';

const [problemPath, ...solutions] = process.argv.slice(2);
const problem = await loadProblem(problemPath);
const sandbox: SandboxBackend = createSandbox({ backend: 'docker' });
await sandbox.check();
const languages = new LanguageRegistry();

const judged: { verdict: JudgeResult['verdict']; tests: number; events: JudgeEvent['type'][] }[] = [];
const total = problem.testCases.length;
for (const file of solutions) {
  const events: JudgeEvent['type'][] = [];
  const result = await judgeSubmission(
    { problem, source: await readFile(file, 'utf8'), language: languages.resolve(file) },
    sandbox,
    { onEvent: (event) => events.push(event.type) },
  );
  judged.push({ verdict: result.verdict, tests: result.tests.length, events });
}

let missing: { code: string; catalogued: boolean; exit: string } | undefined;
try {
  await loadProblem(problemPath + '.missing');
} catch (error) {
  const code = (error as { code?: unknown }).code;
  if (isErrorCode(code)) missing = { code, catalogued: true, exit: ERROR_CATALOGUE[code].exit };
}
console.log(JSON.stringify({ total, judged, missing }));
`;

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    strict: true,
    // the published .d.ts and every declaration they pull in are checked, not skipped
    skipLibCheck: false,
    target: 'es2022',
    module: 'nodenext',
    moduleResolution: 'nodenext',
    types: ['node'],
  },
  files: ['user.ts'],
});

let packed: { filename: string; files: { path: string }[] };

beforeAll(() => {
  // The e2e tier runs on the build (npm test builds first); packing with its `prepare` script would
  // rebuild dist/ under the other test files' feet.
  for (const file of ['dist/index.js', 'dist/index.d.ts']) {
    if (!existsSync(join(root, file))) throw new Error(`${file} is missing: run \`npm run build\` first`);
  }
  [packed] = JSON.parse(succeeded(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], root)));
  mkdirSync(app);
  write('package.json', JSON.stringify({ name: 'embedding-user', private: true, type: 'module' }));
  // Install scripts are left out: they build the server's SQLite addon, which the engine's entry
  // never loads (and compiling it would take most of this test's time).
  succeeded(
    run(
      'npm',
      ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', join(work, packed.filename), '@types/node@20'],
      app,
    ),
  );
  write('tsconfig.json', TSCONFIG);
}, 170_000);

describe('the sonocode package', () => {
  it('ships the entry, its types, the CLI and the runner source, and no tests', () => {
    const paths = packed.files.map((file) => file.path);
    expect(paths).toEqual(expect.arrayContaining(['dist/index.js', 'dist/index.d.ts', 'bin/sonocode.js', 'native/runner.c', 'package.json']));
    expect(paths.filter((path) => /\.test\./.test(path))).toEqual([]);
  });

  it("type-checks a user's file strictly against its .d.ts, and refuses a wrong use", () => {
    write('user.ts', USER_PROGRAM);
    succeeded(run(process.execPath, [tsc, '-p', '.'], app));

    // the types are real, not `any`: an exit class is no number, a submission needs its source
    write(
      'wrong.ts',
      `import { ERROR_CATALOGUE, judgeSubmission, createSandbox, loadProblem } from 'sonocode';
const exit: number = ERROR_CATALOGUE.USAGE.exit;
const problem = await loadProblem('p.yaml');
await judgeSubmission({ problem }, createSandbox());
export { exit };
`,
    );
    const wrong = run(process.execPath, [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--target', 'es2022', '--types', 'node', 'wrong.ts'], app);
    expect(wrong.status).not.toBe(0);
    expect(wrong.stdout).toMatch(/wrong\.ts\(2,7\): error TS2322: Type 'string' is not assignable to type 'number'/);
    expect(wrong.stdout).toContain("missing the following properties from type 'SubmissionInput': source, language");
  });

  it("runs the user's program: judges a problem the package ships in the Docker sandbox, with events and catalogued errors", () => {
    const problem = join(app, 'node_modules/sonocode/problems/a-plus-b');
    const accepted = join(problem, 'submissions/accepted/solution.py');
    const wrong = join(problem, 'submissions/wrong_answer/double.js'); // a double loses the big sums
    const output = JSON.parse(succeeded(run(process.execPath, ['user.js', problem, accepted, wrong], app)));
    const testEvents = (tests: number) => Array.from({ length: tests }, () => ['test-started', 'test-finished']).flat();
    expect(output.total).toBeGreaterThan(1);
    const [ac, wa] = output.judged;
    expect(ac).toEqual({ verdict: 'AC', tests: output.total, events: ['compile-started', 'compile-finished', ...testEvents(output.total), 'finished'] });
    expect(wa.verdict).toBe('WA');
    expect(wa.events).toEqual(['compile-started', 'compile-finished', ...testEvents(wa.tests), 'finished']);
    expect(output.missing).toEqual({ code: 'PROBLEM_NOT_FOUND', catalogued: true, exit: 'usage' });
  });

  it('exposes only its entry (the internals stay private) and keeps the sonocode command', () => {
    const deep = run(process.execPath, ['--input-type=module', '-e', "await import('sonocode/dist/cli/main.js')"], app);
    expect(deep.status).not.toBe(0);
    expect(deep.stderr).toContain('ERR_PACKAGE_PATH_NOT_EXPORTED');
    expect(succeeded(run(join(app, 'node_modules/.bin/sonocode'), ['--version'], app)).trim()).toBe(version);
  });
});
