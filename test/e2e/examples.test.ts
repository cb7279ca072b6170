/**
 * Every example the CLI shows a user — in each command's `--help`, in docs/cli.md and in the
 * README's shell blocks — runs with the built CLI against the shipped problems, and none errors:
 * no exit 2 (usage, a missing file or problem) or 3, no crash. A help text's examples, and a docs
 * block's lines, run in order in one shell in a folder of their own, so that a line may use what an
 * earlier one made (`export … --out build/twosum`, then `verify build/twosum`).
 *
 * What an example names and a new user would have is given to it:
 * - `problems/` holds the shipped problems; `kattis/hello`, `path/to/kattis-package` and
 *   `path/to/package` are a Kattis package (a-plus-b, exported by `problems export`);
 * - a source file that `submit` or `run` names is a stand-in: the named problem's accepted
 *   solution in that language (`--lang`, or the extension); an `--input` file is its first sample;
 * - `$ADMIN`, `$TOKEN` and `$ID` are the admin token, a user's token and a submission of a server
 *   this test runs (the embedded default), and the addresses examples name are its own:
 *   `http://127.0.0.1:3000`, `http://judge.example:3000` and `http://judge:3000` are that server
 *   (or the one a block starts itself, `sonocode serve … &`), `redis://127.0.0.1:6379` a Redis this
 *   test starts, each `--port N` a free port, `/var/lib/sonocode/` a folder of the block's;
 * - `sonocode serve` in the foreground must become ready, and stop with exit 0 on SIGTERM.
 *
 * Programs run in the native sandbox (SONOCODE_SANDBOX=native): what is checked here is the
 * examples, not the sandbox. An example already run word for word is not run again when nothing
 * after it can depend on it (it sets no variable, writes no file, serves nothing).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LanguageRegistry } from '../../src/judge/languages.js';
import { createProgram } from '../../src/cli/program.js';
import { freePort, startRedis, waitFor, type RedisServer } from '../integration/server/helpers.js';

const ROOT = join(import.meta.dirname, '../..');
const BIN = join(ROOT, 'bin/sonocode.js');
const SHIPPED = readdirSync(join(ROOT, 'problems'), { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name);
/** The problem the Kattis package stand-in is made from. */
const PACKAGE_PROBLEM = 'a-plus-b';
const PACKAGE_PATHS = ['kattis/hello', 'path/to/kattis-package', 'path/to/package'];
const ADMIN = 'examples-admin-token-0123456789abcdef';
const languages = new LanguageRegistry();

const work = mkdtempSync(join(tmpdir(), 'sonocode-examples-'));

interface Example {
  text: string;
  /** Where a user reads it: `sonocode submit --help`, `docs/cli.md:212`. */
  where: string;
}

interface Block {
  name: string;
  examples: Example[];
}

// ---------------------------------------------------------------------------------------------
// The examples

/** Every command's path (`[]` for the program, `['problems', 'show']`…), help excluded. */
function commandPaths(command: Command, prefix: string[] = []): string[][] {
  return [prefix, ...command.commands.filter((sub) => sub.name() !== 'help').flatMap((sub) => commandPaths(sub, [...prefix, sub.name()]))];
}

function helpBlocks(): Block[] {
  const program = createProgram({ version: '0.0.0', writeOut: () => {}, writeErr: () => {}, onInvoke: () => {} });
  return commandPaths(program).map((path) => {
    const help = spawnSync(process.execPath, [BIN, ...path, '--help'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } }).stdout;
    const name = `sonocode ${[...path, '--help'].join(' ')}`;
    const examples = help
      .split('\n')
      .filter((line) => line.startsWith('  $ '))
      .map((line) => ({ text: line.slice(4), where: name }));
    return { name, examples };
  });
}

/** The lines of each ```sh block of a Markdown file that call sonocode (`node bin/sonocode.js` counts). */
function markdownBlocks(file: string): Block[] {
  const lines = readFileSync(join(ROOT, file), 'utf8').split('\n');
  const blocks: Block[] = [];
  let current: Block | undefined;
  lines.forEach((line, index) => {
    if (line.startsWith('```')) {
      if (current) blocks.push(current);
      current = line === '```sh' ? { name: `${file}:${index + 1}`, examples: [] } : undefined;
      return;
    }
    if (current && /\bsonocode\b/.test(line) && !line.trimStart().startsWith('#')) {
      current.examples.push({ text: line.replaceAll('node bin/sonocode.js', 'sonocode'), where: `${file}:${index + 1}` });
    }
  });
  return blocks.filter((block) => block.examples.length > 0);
}

// ---------------------------------------------------------------------------------------------
// Stand-ins

/** Words of a shell line, quotes removed (enough for the examples: no escapes inside quotes). */
function words(line: string): string[] {
  return [...line.matchAll(/'[^']*'|"[^"]*"|[^\s'"]+/g)].map(([word]) => word.replace(/^['"]|['"]$/g, ''));
}

/** The sonocode calls of a line: the words after each `sonocode`, up to a pipe, a redirection or the end of the call. */
function sonocodeCalls(line: string): string[][] {
  const all = words(line);
  const calls: string[][] = [];
  all.forEach((word, index) => {
    if (!/(^|\$\()sonocode$/.test(word)) return;
    const call: string[] = [];
    for (const next of all.slice(index + 1)) {
      if (['|', ';', '&&', '||', '>', '&', 'done'].includes(next) || next.startsWith('>')) break;
      call.push(next.replace(/\)$/, ''));
      if (next.endsWith(')')) break;
    }
    calls.push(call);
  });
  return calls;
}

/** The shipped problem a problem argument names (a path, a slug, or the package stand-in). */
function problemOf(argument: string | undefined): string {
  if (argument === undefined) return PACKAGE_PROBLEM;
  const slug = argument.replace(/^problems\//, '').replace(/\.ya?ml$/, '').replace(/\/$/, '');
  return SHIPPED.includes(slug) ? slug : PACKAGE_PROBLEM;
}

/** A shipped problem's accepted solution in a language. */
function acceptedSolution(slug: string, languageId: string): string {
  const folder = join(ROOT, 'problems', slug, 'submissions/accepted');
  const file = readdirSync(folder).find((name) => languages.resolve(name).id === languageId);
  if (!file) throw new Error(`${slug} has no accepted ${languageId} solution to stand in`);
  return readFileSync(join(folder, file), 'utf8');
}

async function firstSampleInput(slug: string): Promise<string> {
  const { loadProblem } = await import('../../src/judge/problem/load.js');
  const sample = (await loadProblem(join(ROOT, 'problems', slug))).testCases.find((test) => test.sample)!;
  return 'text' in sample.input ? sample.input.text : readFileSync(sample.input.path, 'utf8');
}

/**
 * What an example's `submit` and `run` calls name and a user would have: their source and input
 * files, by name, with their content.
 */
async function standIns(line: string): Promise<{ name: string; content: string }[]> {
  const files: { name: string; content: string }[] = [];
  for (const call of sonocodeCalls(line)) {
    if (call[0] !== 'submit' && call[0] !== 'run') continue;
    const positionals: string[] = [];
    let lang: string | undefined;
    let input: string | undefined;
    for (let i = 1; i < call.length; i++) {
      if (['-l', '--lang'].includes(call[i])) lang = call[++i];
      else if (['-i', '--input'].includes(call[i])) input = call[++i];
      else if (call[i].startsWith('-')) i += ['--time-limit-ms', '--memory-limit-mb', '--server', '--token', '--socket'].includes(call[i]) ? 1 : 0;
      else positionals.push(call[i]);
    }
    const [problem, source] = positionals;
    const slug = problemOf(problem);
    if (source) files.push({ name: source, content: acceptedSolution(slug, languages.resolve(source, lang).id) });
    if (input && input !== '-') files.push({ name: input, content: await firstSampleInput(slug) });
  }
  return files;
}

/** A block's folder: the shipped problems (new ones may be written beside them) and the package stand-ins. */
function blockFolder(name: string, packageDir: string): string {
  const dir = join(work, name.replace(/[^\w.-]+/g, '_'));
  mkdirSync(join(dir, 'problems'), { recursive: true });
  for (const slug of SHIPPED) symlinkSync(join(ROOT, 'problems', slug), join(dir, 'problems', slug));
  for (const path of PACKAGE_PATHS) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    symlinkSync(packageDir, join(dir, path));
  }
  return dir;
}

// ---------------------------------------------------------------------------------------------
// Running a block

interface Addresses {
  /** The server the examples' addresses stand for. */
  server: string;
  redis: string;
}

/** A shell line without its comment (`sonocode serve   # embedded default`): a `#` after a space, outside quotes. */
function withoutComment(line: string): string {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') {
      quote = char;
    } else if (char === '#' && (i === 0 || /\s/.test(line[i - 1]))) {
      return line.slice(0, i).trimEnd();
    }
  }
  return line.trimEnd();
}

/** The line as run here: without its comment, its addresses and ports this test's (see the header). */
async function localise(line: string, addresses: Addresses, dir: string): Promise<string> {
  let text = withoutComment(line)
    .replace(/http:\/\/(127\.0\.0\.1|judge\.example|judge):3000/g, addresses.server)
    .replaceAll('redis://127.0.0.1:6379', addresses.redis)
    .replaceAll('/var/lib/sonocode/', `${dir}/var/`);
  for (const match of [...text.matchAll(/--port (\d+)/g)]) text = text.replace(match[0], `--port ${await freePort()}`);
  return text;
}

/** The shell lines that run example `i` and leave its exit status, stdout and stderr in files. */
function exampleScript(text: string, i: number, ownServerPort: number): string {
  const files = `> out.${i} 2> err.${i}`;
  if (/^sonocode serve\b/.test(text) && !text.endsWith('&')) {
    // a server in the foreground: it must get ready, then stop cleanly on SIGTERM
    return [
      `${text} ${files} &`,
      'pid=$!; ready=0',
      `for _ in $(seq 600); do grep -qE 'listening on|ready' out.${i} && { ready=1; break; }; kill -0 $pid 2>/dev/null || break; sleep 0.1; done`,
      'kill -TERM $pid 2>/dev/null; wait $pid; status=$?',
      `[ $ready = 1 ] || status=99; echo $status > status.${i}`,
    ].join('\n');
  }
  if (text.endsWith('&')) {
    // a server for the lines after it: they start once it answers
    return [
      `${text.slice(0, -1)} ${files} &`,
      `for _ in $(seq 600); do (: > /dev/tcp/127.0.0.1/${ownServerPort}) 2>/dev/null && break; sleep 0.1; done`,
      `echo 0 > status.${i}`,
    ].join('\n');
  }
  return `{\n${text}\n} ${files}; echo $? > status.${i}`;
}

/**
 * Lines run once already, word for word: not run again, unless a later line may need what they
 * make or set (a variable, an `--out` or `-o` file, a redirection) or they serve.
 */
const passed = new Set<string>();
const repeatable = (text: string) => !/\$|--out\b|\s-o\s|>|--junit|\bserve\b/.test(text);

async function runBlock(block: Block, context: { packageDir: string; server: string; redis: string; env: NodeJS.ProcessEnv }): Promise<string[]> {
  const dir = blockFolder(block.name, context.packageDir);
  const ownServerPort = await freePort();
  const startsServer = block.examples.some((example) => /^sonocode serve\b.*&$/.test(example.text));
  const addresses = { server: startsServer ? `http://127.0.0.1:${ownServerPort}` : context.server, redis: context.redis };
  const scripts: string[] = ['set -o pipefail', "trap 'kill $(jobs -p) 2>/dev/null; wait' EXIT"];
  const run: { example: Example; index: number }[] = [];
  for (const [index, example] of block.examples.entries()) {
    const text = await localise(example.text.trim(), addresses, dir);
    const key = example.text.trim();
    if (repeatable(key) && passed.has(key)) continue;
    // a stand-in is put in place just before its example, unless an earlier example made the file
    for (const [n, file] of (await standIns(text)).entries()) {
      const staged = `.stand-ins/${index}-${n}`;
      mkdirSync(join(dir, '.stand-ins'), { recursive: true });
      writeFileSync(join(dir, staged), file.content);
      scripts.push(`[ -e ${JSON.stringify(file.name)} ] || cp ${staged} ${JSON.stringify(file.name)}`);
    }
    scripts.push(exampleScript(text, index, ownServerPort));
    run.push({ example, index });
  }
  writeFileSync(join(dir, 'examples.sh'), `${scripts.join('\n')}\n`);
  const shell = spawnSync('bash', ['examples.sh'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...context.env, SONOCODE_PORT: String(ownServerPort) },
    timeout: 600_000,
  });
  const failures: string[] = [];
  for (const { example, index } of run) {
    const read = (name: string) => (existsSync(join(dir, `${name}.${index}`)) ? readFileSync(join(dir, `${name}.${index}`), 'utf8') : '');
    const status = Number(read('status').trim() || 'NaN');
    const stderr = read('err');
    if (!(status === 0 || status === 1) || /bug in sonocode/.test(stderr)) {
      failures.push(`${example.where}: ${example.text}\n  exit ${Number.isNaN(status) ? `none (the block stopped: ${shell.error?.message ?? shell.stderr})` : status}: ${stderr.trim().split('\n').slice(0, 4).join('\n  ')}`);
    } else if (repeatable(example.text.trim())) {
      passed.add(example.text.trim());
    }
  }
  return failures;
}

// ---------------------------------------------------------------------------------------------
// The server and Redis the examples talk to

function environment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!key.startsWith('SONOCODE_')) env[key] = value;
  const shims = join(work, 'bin');
  mkdirSync(shims, { recursive: true });
  writeFileSync(join(shims, 'sonocode'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(BIN)} "$@"\n`);
  chmodSync(join(shims, 'sonocode'), 0o755);
  return { ...env, PATH: `${shims}:${env.PATH}`, NO_COLOR: '1', FORCE_COLOR: '0', SONOCODE_SANDBOX: 'native', ADMIN };
}

function cli(args: string[], env: NodeJS.ProcessEnv): string {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: work, encoding: 'utf8', env, timeout: 120_000 });
  if (result.status !== 0) throw new Error(`sonocode ${args.join(' ')}: exit ${result.status}\n${result.stderr}`);
  return result.stdout;
}

let redis: RedisServer;
let server: ChildProcess;
let context: { packageDir: string; server: string; redis: string; env: NodeJS.ProcessEnv };
const blocks = [...helpBlocks(), ...markdownBlocks('docs/cli.md'), ...markdownBlocks('README.md')];

beforeAll(async () => {
  const env = environment();
  redis = await startRedis();
  const packageDir = join(work, 'hello');
  cli(['problems', 'export', join(ROOT, 'problems', PACKAGE_PROBLEM), '--format', 'kattis', '--out', packageDir], env);

  server = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--db', join(work, 'server.db'), '--admin-token', ADMIN, '--log-level', 'warn'], {
    cwd: work,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let said = '';
  server.stdout!.on('data', (chunk: Buffer) => (said += chunk.toString()));
  server.stderr!.resume();
  const url = await waitFor(() => /listening on (http\S+)/.exec(said)?.[1], 'the examples server', 60_000);
  const token = cli(['users', 'create', 'examples', '--server', url, '--token', ADMIN], env).trim();
  for (const slug of SHIPPED) cli(['problems', 'import', join(ROOT, 'problems', slug), '--server', url, '--token', ADMIN], env);
  const solution = join(ROOT, 'problems/a-plus-b/submissions/accepted/solution.py');
  const id = JSON.parse(cli(['submit', 'a-plus-b', solution, '--server', url, '--token', token, '--json'], env)).submissionId as string;
  context = { packageDir, server: url, redis: redis.url, env: { ...env, TOKEN: token, ID: id } };
}, 300_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolveExit) => server.once('exit', resolveExit));
    server.kill('SIGTERM');
    await exited;
  }
  await redis?.kill();
  rmSync(work, { recursive: true, force: true });
});

describe('the examples users are shown', () => {
  it('are found: every command has examples in its --help, and docs/cli.md and the README have blocks of them', () => {
    for (const block of blocks.filter((candidate) => candidate.name.endsWith('--help'))) expect(block.examples.length, block.name).toBeGreaterThan(0);
    expect(blocks.filter((block) => block.name.startsWith('docs/cli.md')).length).toBeGreaterThan(10);
    expect(blocks.some((block) => block.name.startsWith('README.md'))).toBe(true);
  });

  it.each(blocks.map((block) => [block.name, block] as const))('%s: every example runs, none errors', async (_name, block) => {
    expect(await runBlock(block, context)).toEqual([]);
  }, 900_000);
});
