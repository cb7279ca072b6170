/**
 * The CLI as the client of a server (submit --server, watch, problems import --server, users
 * create) and `serve`, in-process with a fake server client and a fake runServe: option validation,
 * what goes to the server, what is printed, and the exit code each outcome maps to.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JudgeEvent } from '../judge/events.js';
import type { JudgeResult, TestResult } from '../judge/result.js';
import type { Verdict } from '../judge/verdict.js';
import type { ClientOptions, ProblemView, RunInput, RunView, SubmissionView } from '../client/index.js';
import { SERVE_SETTINGS, serveOptionsFromFlags } from '../server/settings.js';
import type { Deps, ServeHandle, ServerClient } from './context.js';
import { defaultDeps } from './deps.js';
import { conclude } from './exit-codes.js';
import { fakeIo, stripAnsi } from './fake-io.js';
import { createProgram, type Invocation } from './program.js';
import { runCli } from './run-cli.js';

const SERVER = 'http://127.0.0.1:3999';
const ROOT = resolve(import.meta.dirname, '../..');
let dir: string;
let solution: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sonocode-remote-test-'));
  solution = join(dir, 'sum.py');
  await writeFile(solution, 'a, b = map(int, input().split())\nprint(a + b)\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** An error as SonocodeApiError makes them (matched on code, never on class). */
function apiError(code: string, status: number, message: string): Error {
  return Object.assign(new Error(message), { name: 'SonocodeApiError', code, status });
}

const TESTS = ['sample-1', 'secret-1', 'secret-2'];

const problemView: ProblemView = {
  id: '6b081e3f27d6fefe4cbbed75',
  slug: 'a-plus-b',
  title: 'A + B',
  description: '',
  limits: { timeLimitMs: 2000, memoryLimitMb: 256, outputLimitKb: 65536 },
  testCases: [{ name: 'sample-1', sample: true, input: '1 2\n', output: '3\n' }],
  testNames: TESTS.map((name, index) => ({ name, sample: index === 0 })),
  testCount: 3,
  hiddenTestCount: 2,
  checker: { type: 'tokens' },
  codeStubs: [],
  createdAt: '2024-01-01T00:00:00.000Z',
  updatedAt: '2024-01-01T00:00:00.000Z',
};
const CREATED_AT = '2024-01-01T00:00:00.000Z';

function judged(verdict: Verdict, language = 'python'): JudgeResult {
  const tests: TestResult[] = [];
  for (const name of TESTS) {
    const failed = tests.length === 1 && verdict !== 'AC';
    tests.push({ name, verdict: failed ? verdict : 'AC', timeMs: 3, wallMs: 5, memoryKb: 3120 });
    if (failed) break;
  }
  return { verdict, language, problem: 'a-plus-b', compile: { ok: true, timeMs: 40, output: '' }, tests, timeMs: 3, memoryKb: 3120 };
}

interface FakeServer {
  options: ClientOptions[];
  submitted: { problemId: string; language: string; code: string }[];
  ran: RunInput[];
  imported: { document: unknown; replace?: boolean }[];
  users: string[];
}

/** What the fake server's Run answers: the sample judged WA (the code prints a - b), or its input echoed. */
function ranOn(input: RunInput): RunView {
  const common = { id: 'run-1', problemId: problemView.id, language: input.language, status: 'done' as const, version: 4, createdAt: CREATED_AT, compile: { ok: true, timeMs: 40, output: '' } };
  if (input.input !== undefined) {
    const output = { verdict: 'AC' as const, timeMs: 3, wallMs: 5, memoryKb: 3120, exitCode: 0, signal: null, stdout: input.input, stderr: 'note\n' };
    return { ...common, mode: 'input', sampleCount: 0, input: input.input, samples: [], output, verdict: 'AC' };
  }
  const sample = { name: 'sample-1', verdict: 'WA' as const, timeMs: 3, wallMs: 5, memoryKb: 3120, input: '1 2\n', expected: '3\n', stdout: '-1\n', stderr: '' };
  return { ...common, mode: 'samples', sampleCount: 1, samples: [sample], verdict: 'WA' };
}

/** A server that judges every submission with `verdict`, or fails `failing` with `error`. */
function fakeServer(
  setup: { verdict?: Verdict; failing?: keyof ServerClient; error?: Error; onWatch?: (signal?: AbortSignal) => Promise<never> } = {},
): { connect: Deps['connect']; server: FakeServer } {
  const server: FakeServer = { options: [], submitted: [], ran: [], imported: [], users: [] };
  const fail = (method: keyof ServerClient) => {
    if (setup.failing === method) throw setup.error;
  };
  const connect: Deps['connect'] = async (options) => {
    server.options.push(options);
    const client: ServerClient = {
      server: options.server,
      socketUrl: options.socket ?? `${options.server.replace(/^http/, 'ws')}/ws`,
      async getProblem(idOrSlug) {
        fail('getProblem');
        if (idOrSlug !== 'a-plus-b' && idOrSlug !== problemView.id) throw apiError('SONO_NOT_FOUND', 404, `no problem "${idOrSlug}"`);
        return problemView;
      },
      async getSubmission(id) {
        fail('getSubmission');
        if (id !== 'sub-1') throw apiError('SONO_NOT_FOUND', 404, `no submission "${id}"`);
        const submission: SubmissionView = {
          id,
          userId: 'u1',
          problemId: problemView.id,
          language: 'python',
          code: '',
          status: 'done',
          verdict: 'WA',
          progress: { rank: 0, tests: [] },
          createdAt: CREATED_AT,
          updatedAt: CREATED_AT,
        };
        return submission;
      },
      async submit(input) {
        fail('submit');
        server.submitted.push(input);
        return { id: 'sub-1', status: 'pending', problemId: problemView.id, language: input.language, createdAt: CREATED_AT };
      },
      async watch(id, onEvent: (event: JudgeEvent) => void = () => {}, options = {}) {
        fail('watch');
        if (setup.onWatch) return setup.onWatch(options.signal);
        const result = judged(setup.verdict ?? 'WA', options.language);
        onEvent({ type: 'compile-started', language: options.language ?? 'python' });
        onEvent({ type: 'compile-finished', compile: result.compile });
        result.tests.forEach((test, index) => onEvent({ type: 'test-finished', index, total: TESTS.length, test }));
        onEvent({ type: 'finished', result });
        return result;
      },
      async importProblem(document, options = {}) {
        fail('importProblem');
        server.imported.push({ document, ...(options.replace !== undefined ? { replace: options.replace } : {}) });
        return { ...problemView, slug: (document as { slug?: string }).slug ?? 'x' };
      },
      async run(input) {
        fail('run');
        server.ran.push(input);
        return ranOn(input);
      },
      async createUser(name) {
        fail('createUser');
        server.users.push(name);
        return { id: 'u1', name, token: 'sono_secret', createdAt: CREATED_AT };
      },
    };
    return client;
  };
  return { connect, server };
}

/** Local judging must not happen in these tests unless a test says so. */
const noLocalJudge: Partial<Deps> = {
  async createSandbox() {
    throw new Error('a client command opened the sandbox');
  },
  async judgeSubmission() {
    throw new Error('a client command judged locally');
  },
  async serve() {
    throw new Error('a client command started a server');
  },
};

async function cli(argv: string[], options: { deps?: Partial<Deps>; env?: Record<string, string>; signal?: AbortSignal; tty?: boolean } = {}) {
  const io = fakeIo({ tty: options.tty });
  const signal = options.signal ?? new AbortController().signal;
  const outcome = await runCli({
    argv,
    env: { NO_COLOR: '1', ...options.env },
    io,
    signal,
    version: '0.0.0',
    deps: { ...defaultDeps, ...noLocalJudge, ...options.deps },
  });
  const end = conclude(outcome, { debug: false, interrupted: signal.aborted });
  return { code: end.exitCode, stdout: io.stdout.text(), stderr: stripAnsi(io.stderr.text() + end.stderr) };
}

const remote = ['--server', SERVER, '--token', 'sono_user'];

describe('client options are checked before anything is sent', () => {
  it.each([
    ['a server without a token', ['submit', 'a-plus-b', 'SOLUTION', '--server', SERVER], /--server needs a token: --token T or SONOCODE_TOKEN/],
    ['a token without a server', ['submit', 'a-plus-b', 'SOLUTION', '--token', 't'], /--token is for a server: add --server URL/],
    ['a socket without a server', ['watch', 'sub-1', '--socket', 'ws://x/ws'], /--socket is for a server/],
    ['a server that is not a URL', ['submit', 'a-plus-b', 'SOLUTION', '--server', 'localhost:3000', '--token', 't'], /--server must be a http:\/\/ or https:\/\/ URL, got "localhost:3000"/],
    ['a server that is not http', ['users', 'create', 'al', '--server', 'ftp://x', '--token', 't'], /--server must be a http:\/\/ or https:\/\/ URL/],
    ['a socket that is not ws', ['submit', 'a-plus-b', 'SOLUTION', ...remote, '--socket', SERVER], /--socket must be a ws:\/\/ or wss:\/\/ URL/],
    ['a token with a space', ['submit', 'a-plus-b', 'SOLUTION', '--server', SERVER, '--token', 'two words'], /--token must be a token \(one word\)/],
    ['--all on a server', ['submit', 'a-plus-b', 'SOLUTION', ...remote, '--all'], /--all cannot be used with a server/],
    ['--time-limit-ms on a server', ['submit', 'a-plus-b', 'SOLUTION', ...remote, '--time-limit-ms', '500'], /--time-limit-ms cannot be used with a server/],
    ['--out on a server', ['problems', 'import', 'problems/a-plus-b', ...remote, '--out', 'x.yaml'], /--out cannot be used with a server/],
    ['watch without a server', ['watch', 'sub-1'], /^sonocode: watch needs a server: --server URL and --token T/],
    ['users create without a server', ['users', 'create', 'alice'], /^sonocode: users create needs a server/],
    ['an empty user name', ['users', 'create', ' ', ...remote], /^sonocode: the <name> argument is empty$/m],
    ['a user name too long', ['users', 'create', 'x'.repeat(101), ...remote], /a user's name has 1 to 100 characters, got 101/],
    ['a missing token value', ['submit', 'a-plus-b', 'SOLUTION', '--server', SERVER, '--token'], /option '--token <token>' argument missing/],
  ])('%s exits 2 naming it, and contacts no server', async (_name, argv, message) => {
    const fake = fakeServer();
    const run = await cli(
      argv.map((arg) => (arg === 'SOLUTION' ? solution : arg)),
      { deps: { connect: fake.connect } },
    );
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(fake.server.options).toEqual([]);
  });

  it('reads SONOCODE_SERVER, SONOCODE_TOKEN and SONOCODE_SOCKET; flags win over them', async () => {
    const fake = fakeServer({ verdict: 'AC' });
    const env = { SONOCODE_SERVER: 'http://env:1/', SONOCODE_TOKEN: 'sono_env', SONOCODE_SOCKET: 'ws://env:2/ws' };
    expect((await cli(['submit', 'a-plus-b', solution], { deps: { connect: fake.connect }, env })).code).toBe(0);
    expect((await cli(['submit', 'a-plus-b', solution, '--token', 'sono_flag'], { deps: { connect: fake.connect }, env })).code).toBe(0);
    expect(fake.server.options).toEqual([
      { server: 'http://env:1', token: 'sono_env', socket: 'ws://env:2/ws' },
      { server: 'http://env:1', token: 'sono_flag', socket: 'ws://env:2/ws' },
    ]);
  });

  it('SONOCODE_SERVER without a token names the variable', async () => {
    const run = await cli(['submit', 'a-plus-b', solution], { env: { SONOCODE_SERVER: SERVER } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^sonocode: SONOCODE_SERVER \(http:\/\/127\.0\.0\.1:3999\) needs a token/);
  });

  it('an empty SONOCODE_SERVER, or SONOCODE_TOKEN alone, judges locally', async () => {
    let judgedLocally = 0;
    const local: Partial<Deps> = {
      createSandbox: async () => ({ name: 'fake', check: async () => {}, prepare: async () => { throw new Error('unused'); }, reap: async () => 0 }),
      judgeSubmission: async () => {
        judgedLocally++;
        return judged('AC');
      },
    };
    const fake = fakeServer();
    for (const env of [{ SONOCODE_SERVER: '', SONOCODE_TOKEN: 'sono_x' }, { SONOCODE_TOKEN: 'sono_x' }] as Record<string, string>[]) {
      const run = await cli(['submit', 'problems/a-plus-b', solution, '--json'], { deps: { ...local, connect: fake.connect }, env });
      expect(run.code).toBe(0);
    }
    expect(judgedLocally).toBe(2);
    expect(fake.server.options).toEqual([]);
  });

  it('commands that never talk to a server ignore SONOCODE_SERVER (and its missing token)', async () => {
    const run = await cli(['problems', 'show', 'problems/a-plus-b', '--json'], { env: { SONOCODE_SERVER: SERVER } });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).slug).toBe('a-plus-b');
  });

  it('a limit in the environment is not an error on a server (only a flag is)', async () => {
    const fake = fakeServer({ verdict: 'AC' });
    const run = await cli(['submit', 'a-plus-b', solution, ...remote, '--json'], { deps: { connect: fake.connect }, env: { SONOCODE_TIME_LIMIT_MS: '500' } });
    expect(run.code).toBe(0);
  });
});

describe('sonocode submit --server', () => {
  it('submits the file in its language to the problem\'s id, and prints the result with its submissionId (--json)', async () => {
    const fake = fakeServer({ verdict: 'AC' });
    const run = await cli(['submit', 'a-plus-b', solution, ...remote, '--json'], { deps: { connect: fake.connect } });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(fake.server.submitted).toEqual([{ problemId: problemView.id, language: 'python', code: readFileSync(solution, 'utf8') }]);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(1);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ verdict: 'AC', language: 'python', problem: 'a-plus-b', compile: { ok: true }, submissionId: 'sub-1' });
    expect(result.tests).toHaveLength(3);
  });

  it.each([
    ['WA', 1],
    ['TLE', 1],
    ['CE', 1],
    ['IE', 3],
  ] as const)('exits by the verdict: %s → %i', async (verdict, code) => {
    const fake = fakeServer({ verdict });
    const run = await cli(['submit', 'a-plus-b', solution, ...remote, '--json'], { deps: { connect: fake.connect } });
    expect(run.code).toBe(code);
    expect(JSON.parse(run.stdout).verdict).toBe(verdict);
  });

  it('--lang overrides the extension', async () => {
    const fake = fakeServer({ verdict: 'AC' });
    const source = join(dir, 'sum.txt');
    await writeFile(source, 'print(3)\n');
    expect((await cli(['submit', 'a-plus-b', source, ...remote, '--lang', 'python'], { deps: { connect: fake.connect } })).code).toBe(0);
    expect(fake.server.submitted[0].language).toBe('python');
  });

  it('prints the plain lines of local judging on a pipe, and the submission id on stderr', async () => {
    const fake = fakeServer({ verdict: 'WA' });
    const run = await cli(['submit', 'a-plus-b', solution, ...remote], { deps: { connect: fake.connect } });
    expect(run.code).toBe(1);
    expect(run.stdout.trimEnd().split('\n')).toEqual([
      `judging ${solution} (python) on a-plus-b: 3 tests`,
      'compiling python...',
      'compiled in 40 ms',
      'test 1/3 sample-1  AC  3 ms  3.0 MB',
      'test 2/3 secret-1  WA  3 ms  3.0 MB',
      '1/3 tests passed, 1 not run, max 3 ms, 3.0 MB',
      'verdict: WA (Wrong Answer) on test 2 (secret-1)',
    ]);
    expect(run.stderr).toBe(`submission sub-1 on ${SERVER}\n`);
  });

  it('a source file or language that is wrong is said before the server is asked', async () => {
    const fake = fakeServer();
    expect((await cli(['submit', 'a-plus-b', join(dir, 'missing.py'), ...remote], { deps: { connect: fake.connect } })).code).toBe(2);
    expect((await cli(['submit', 'a-plus-b', solution, ...remote, '--lang', 'cobol'], { deps: { connect: fake.connect } })).code).toBe(2);
    expect(fake.server.options).toEqual([]);
  });

  it('an unknown problem exits 2, saying that a server names problems by slug', async () => {
    const fake = fakeServer();
    const run = await cli(['submit', 'problems/a-plus-b', solution, ...remote], { deps: { connect: fake.connect } });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`sonocode: no problem "problems/a-plus-b" on ${SERVER}\nhint: on a server a problem is named by its slug`);
    expect(fake.server.submitted).toEqual([]);
  });

  it.each([
    ['SONO_UNAUTHORIZED', 401, 'unknown token', 2, /^sonocode: the server at .* did not accept the token: unknown token \(SONO_UNAUTHORIZED\)\nhint: check --token/],
    ['SONO_CONNECTION', 0, `cannot reach the server at ${SERVER}: connect ECONNREFUSED`, 3, /^sonocode: cannot reach the server at .*ECONNREFUSED\nhint: is `sonocode serve` running there\?/],
    ['SONO_UNAVAILABLE', 503, 'the server is shutting down', 3, /is not taking work now: the server is shutting down \(SONO_UNAVAILABLE\)\nhint: .*retry/],
    ['SONO_INTERNAL', 500, 'internal error (logged on the server)', 3, /failed: internal error \(logged on the server\) \(SONO_INTERNAL\)/],
    ['SONO_RATE_LIMITED', 429, 'too many submissions', 2, /too many submissions \(SONO_RATE_LIMITED\)\nhint: wait a little/],
    ['SONO_UNKNOWN_LANGUAGE', 422, 'body.language: unknown language "ruby"', 2, /body\.language: unknown language "ruby" \(SONO_UNKNOWN_LANGUAGE\)/],
    ['HTTP_502', 502, 'POST /api/v1/submissions: HTTP 502', 3, /HTTP 502 \(HTTP_502\)/],
    ['HTTP_404', 404, 'POST /api/v1/submissions: HTTP 404', 2, /HTTP 404 \(HTTP_404\)/],
  ])('%s from the server exits %i… (%#)', async (code, status, message, exit, shown) => {
    const fake = fakeServer({ failing: code === 'SONO_UNAUTHORIZED' || code === 'SONO_CONNECTION' ? 'getProblem' : 'submit', error: apiError(code, status, message) });
    const run = await cli(['submit', 'a-plus-b', solution, ...remote, '--json'], { deps: { connect: fake.connect } });
    expect(run.code).toBe(exit);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(shown);
    expect(run.stderr).not.toContain('bug in sonocode');
  });

  it('the admin token is told to use a user token', async () => {
    const fake = fakeServer({ failing: 'submit', error: apiError('SONO_FORBIDDEN', 403, 'this route needs a user token') });
    const run = await cli(['submit', 'a-plus-b', solution, ...remote], { deps: { connect: fake.connect } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/hint: submissions are made with a user token, not the admin's/);
  });

  it('when watching fails after the submission was made, says how to follow it again', async () => {
    const fake = fakeServer({ failing: 'watch', error: apiError('SONO_TIMEOUT', 0, 'no final result within 600000 ms') });
    const run = await cli(['submit', 'a-plus-b', solution, ...remote, '--json'], { deps: { connect: fake.connect } });
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`submission sub-1 goes on on the server; follow it with: sonocode watch sub-1 --server ${SERVER}`);
    expect(run.stderr).toContain('sonocode: no final result within 600000 ms; the submission goes on on the server');
  });

  it('Ctrl-C while watching exits 130', async () => {
    const controller = new AbortController();
    const fake = fakeServer({
      onWatch: (signal) =>
        new Promise<never>((_, reject) => {
          signal?.addEventListener('abort', () => reject(Object.assign(new Error('watching was aborted'), { name: 'AbortError', code: 'ABORTED' })));
          setTimeout(() => controller.abort(), 10);
        }),
    });
    const run = await cli(['submit', 'a-plus-b', solution, ...remote], { deps: { connect: fake.connect }, signal: controller.signal });
    expect(run.code).toBe(130);
    expect(run.stderr).toContain('sonocode: interrupted');
    expect(run.stderr).toContain('submission sub-1 goes on on the server');
  });
});

describe('sonocode watch', () => {
  it('shows a submission with the reporters of submit and exits by its verdict', async () => {
    const fake = fakeServer({ verdict: 'WA' });
    const run = await cli(['watch', 'sub-1', ...remote], { deps: { connect: fake.connect } });
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('judging submission sub-1 (python) on a-plus-b: 3 tests');
    expect(lines).toContain('test 2/3 secret-1  WA  3 ms  3.0 MB');
    expect(lines.at(-1)).toBe('verdict: WA (Wrong Answer) on test 2 (secret-1)');
  });

  it('--json prints the result with its submissionId', async () => {
    const fake = fakeServer({ verdict: 'AC' });
    const run = await cli(['watch', 'sub-1', ...remote, '--json'], { deps: { connect: fake.connect } });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ verdict: 'AC', submissionId: 'sub-1' });
  });

  it('an unknown submission (or someone else\'s) exits 2', async () => {
    const run = await cli(['watch', 'nope', ...remote], { deps: { connect: fakeServer().connect } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^sonocode: no submission "nope" on .* \(or it is not yours\)/);
  });
});

describe('sonocode run --server', () => {
  it('runs the samples on the server and shows them like a local run: the first differing line, exit 1', async () => {
    const fake = fakeServer();
    const run = await cli(['run', 'a-plus-b', solution, ...remote], { deps: { connect: fake.connect } });
    expect(run.code).toBe(1);
    expect(fake.server.ran).toEqual([{ problemId: 'a-plus-b', language: 'python', code: readFileSync(solution, 'utf8') }]);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`ran ${solution} (python) on 1 sample of a-plus-b on ${SERVER}`);
    expect(lines).toContain('✗ sample-1  WA   3 ms  3.0 MB');
    expect(lines).toContain('    line 1 differs:');
    expect(lines).toContain('      expected: 3');
    expect(lines).toContain('      got:      -1');
    expect(lines.at(-1)).toBe('0/1 sample passed');
  });

  it('--input sends the input and prints what the program wrote on stdout, its stderr and figures on stderr', async () => {
    const fake = fakeServer();
    const input = join(dir, 'in.txt');
    await writeFile(input, '5 6\n');
    const run = await cli(['run', 'a-plus-b', solution, ...remote, '--input', input], { deps: { connect: fake.connect } });
    expect(run.code).toBe(0);
    expect(fake.server.ran[0]).toMatchObject({ problemId: 'a-plus-b', input: '5 6\n' });
    expect(run.stdout).toBe('5 6\n');
    expect(run.stderr).toBe('note\nexit code 0, 3 ms, 3.0 MB\n');
  });

  it('--json prints the same object as a local run (without the sandbox), and nothing else', async () => {
    const samples = await cli(['run', 'a-plus-b', solution, ...remote, '--json'], { deps: { connect: fakeServer().connect } });
    expect(samples.code).toBe(1);
    expect(samples.stdout.trimEnd().split('\n')).toHaveLength(1);
    const json = JSON.parse(samples.stdout);
    expect(json).toMatchObject({ mode: 'samples', verdict: 'WA', problem: 'a-plus-b', language: 'python', tests: [{ name: 'sample-1', verdict: 'WA', difference: { line: 1, expected: '3', got: '-1' } }] });
    expect(json).not.toHaveProperty('sandbox');
    const input = join(dir, 'in-json.txt');
    await writeFile(input, '5 6\n');
    const ran = await cli(['run', 'a-plus-b', solution, ...remote, '--input', input, '--json'], { deps: { connect: fakeServer().connect } });
    expect(ran.stderr).toBe('');
    expect(JSON.parse(ran.stdout)).toMatchObject({ mode: 'input', verdict: 'AC', stdout: '5 6\n', stderr: 'note\n', tests: [{ name: 'input', verdict: 'AC' }] });
  });

  it('a refused token exits 2 with the hint for user tokens', async () => {
    const fake = fakeServer({ failing: 'run', error: apiError('SONO_UNAUTHORIZED', 401, 'unknown token') });
    const run = await cli(['run', 'a-plus-b', solution, ...remote], { deps: { connect: fake.connect } });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/did not accept the token/);
  });
});

describe('sonocode users create', () => {
  it('prints the token alone on stdout (the rest on stderr), sending the admin token', async () => {
    const fake = fakeServer();
    const run = await cli(['users', 'create', 'alice', '--server', SERVER, '--token', 'admin-token-0123456789'], { deps: { connect: fake.connect } });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('sono_secret\n');
    // stdout captured (TOKEN=$(…)): nothing announces a token that is not on the next line
    expect(run.stderr).toBe('✓ created user alice (id u1); their token went to standard output (shown only this once)\n');
    const onTerminal = await cli(['users', 'create', 'alice', ...remote], { deps: { connect: fakeServer().connect }, tty: true });
    expect(stripAnsi(onTerminal.stdout)).toBe('sono_secret\n');
    expect(onTerminal.stderr).toBe('✓ created user alice (id u1); their token, shown only this once:\n');
    expect(fake.server.options).toEqual([{ server: SERVER, token: 'admin-token-0123456789' }]);
    expect(fake.server.users).toEqual(['alice']);
  });

  it('--json prints {id, name, token}', async () => {
    const run = await cli(['users', 'create', 'alice', ...remote, '--json'], { deps: { connect: fakeServer().connect } });
    expect(JSON.parse(run.stdout)).toEqual({ id: 'u1', name: 'alice', token: 'sono_secret' });
  });

  it('a user token exits 2 and says the admin token is needed', async () => {
    const fake = fakeServer({ failing: 'createUser', error: apiError('SONO_FORBIDDEN', 403, 'this route needs the admin token') });
    const run = await cli(['users', 'create', 'alice', ...remote], { deps: { connect: fake.connect } });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/this route needs the admin token \(SONO_FORBIDDEN\)\nhint: this needs the admin token the server was started with/);
  });
});

describe('sonocode problems import --server', () => {
  it('loads the problem here, inlines its tests and uploads it, replacing the one with its slug', async () => {
    const fake = fakeServer();
    const run = await cli(['problems', 'import', 'problems/a-plus-b', ...remote], { deps: { connect: fake.connect } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^✓ imported a-plus-b \(id 6b081e3f27d6fefe4cbbed75, \d+ tests, 2 samples\) to http:\/\/127\.0\.0\.1:3999\n$/);
    expect(fake.server.imported).toHaveLength(1);
    const { document, replace } = fake.server.imported[0] as { document: { slug: string; testCases: { input: string; output: string }[] }; replace: boolean };
    expect(replace).toBe(true);
    expect(document.slug).toBe('a-plus-b');
    expect(document.testCases[0]).toMatchObject({ input: '1 2\n', output: '3\n' });
  });

  it('uploads an ICPC package too, with its warnings on stderr', async () => {
    const fake = fakeServer();
    const run = await cli(['problems', 'import', 'test/fixtures/icpc/legacy-sum', ...remote], { deps: { connect: fake.connect } });
    expect(run.code).toBe(0);
    expect(fake.server.imported).toHaveLength(1);
    expect((fake.server.imported[0].document as { testCases: unknown[] }).testCases.length).toBeGreaterThan(1);
    expect(run.stderr).toMatch(/warning: the package gives no time limit/);
  });

  it('an invalid problem exits 2 without contacting the server', async () => {
    const broken = join(dir, 'broken.yaml');
    await writeFile(broken, 'title: 5\ntestCases: []\n');
    const fake = fakeServer();
    const run = await cli(['problems', 'import', broken, ...remote], { deps: { connect: fake.connect } });
    expect(run.code).toBe(2);
    expect(fake.server.options).toEqual([]);
  });

  it('a problem the server cannot take (a checker that is not text) exits 2 with the reason', async () => {
    const run = await cli(['problems', 'import', 'problems/a-plus-b', ...remote], {
      deps: {
        connect: fakeServer().connect,
        problemDocument: async () => {
          throw new Error('problems/a-plus-b/check.bin: not a text file (a program kept inline is text)');
        },
      },
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^sonocode: problems\/a-plus-b cannot be uploaded: .*not a text file/);
  });
});

describe('sonocode serve', () => {
  function fakeServe(handle: Partial<ServeHandle> = {}, fail?: Error) {
    const calls: { flags: Readonly<Record<string, string>>; env: Readonly<Record<string, string | undefined>> }[] = [];
    const serve: Deps['serve'] = async (flags, signal, env) => {
      calls.push({ flags, env });
      if (fail) throw fail;
      const closed = new Promise<void>((resolveClosed) => {
        if (signal.aborted) resolveClosed();
        signal.addEventListener('abort', () => setTimeout(resolveClosed, 5), { once: true });
      });
      return { role: 'all', url: 'http://127.0.0.1:4321', socketUrl: 'ws://127.0.0.1:4321/ws', adminToken: 'gen', adminTokenGenerated: false, closed, ...handle };
    };
    return { serve, calls };
  }

  it('says where it listens, runs until stopped, then exits 0 after draining', async () => {
    const controller = new AbortController();
    const fake = fakeServe();
    const running = cli(['serve', '--port', '0', '--db', '/tmp/x.db', '--admin-token', 'admin-token-0123456789'], {
      deps: { serve: fake.serve },
      signal: controller.signal,
      env: { SONOCODE_REDIS_URL: 'redis://r:1' },
    });
    await new Promise((resolveSoon) => setTimeout(resolveSoon, 20));
    controller.abort();
    const run = await running;
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('sonocode serve: all listening on http://127.0.0.1:4321\n');
    expect(run.stderr).toContain('sonocode serve: draining, then stopping');
    expect(fake.calls[0].flags).toEqual({ port: '0', db: '/tmp/x.db', adminToken: 'admin-token-0123456789' });
    // the server reads its own SONOCODE_* settings from the environment the CLI was given
    expect(fake.calls[0].env.SONOCODE_REDIS_URL).toBe('redis://r:1');
  });

  it('prints a generated admin token on stderr, and "ready" for a worker', async () => {
    const controller = new AbortController();
    controller.abort();
    const run = await cli(['serve', '--role', 'worker', '--redis', 'redis://127.0.0.1:6379'], {
      deps: { serve: fakeServe({ role: 'worker', url: null, adminTokenGenerated: true, adminToken: 'sono_made' }).serve },
      signal: controller.signal,
    });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('sonocode serve: worker ready\n');
    expect(run.stderr).toContain("this run's admin token is sono_made");
  });

  it.each([
    ['an invalid configuration', Object.assign(new Error('invalid server configuration:\n  --port: must be at most 65535, got 70000'), { code: 'SONO_CONFIG' }), 2, /^sonocode: invalid server configuration:\n {2}--port: must be at most 65535/],
    ['Redis away', Object.assign(new Error('cannot reach Redis at redis://127.0.0.1:1: connect ECONNREFUSED'), { code: 'SONO_REDIS_UNAVAILABLE' }), 3, /^sonocode: cannot reach Redis/],
    ['a port in use', Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:3000'), { code: 'EADDRINUSE' }), 3, /^sonocode: cannot start the server: listen EADDRINUSE.*\nhint: another process listens on that port: pick another with --port/],
    ['no sandbox', Object.assign(new Error('the Docker daemon is not running'), { code: 'SANDBOX_UNAVAILABLE' }), 3, /^sonocode: the Docker daemon is not running/],
    ['a store that cannot be opened', new Error('unable to open database file'), 3, /^sonocode: cannot start the server: unable to open database file\n$/],
  ])('%s exits %i with a clear message', async (_name, error, code, message) => {
    const run = await cli(['serve'], { deps: { serve: fakeServe({}, error).serve } });
    expect(run.code).toBe(code);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(message);
    expect(run.stderr).not.toContain('bug in sonocode');
  });

  it('declares exactly the settings of src/server/settings.ts, and they reach the server as its options', () => {
    let asked: Invocation | undefined;
    const program = createProgram({ version: '0', writeOut: () => {}, writeErr: () => {}, onInvoke: (invocation) => (asked = invocation) });
    const serveCommand = program.commands.find((command) => command.name() === 'serve')!;
    expect(serveCommand.options.map((option) => option.long).sort()).toEqual(SERVE_SETTINGS.map((setting) => `--${setting.flag}`).sort());
    const argv = SERVE_SETTINGS.flatMap((setting) => [
      `--${setting.flag}`,
      setting.type.kind === 'integer' ? '7' : setting.type.kind === 'choice' ? setting.type.values[1] : 'v',
    ]);
    program.parse(['serve', ...argv], { from: 'user' });
    if (asked?.command !== 'serve') throw new Error('serve was not invoked');
    const options = serveOptionsFromFlags(asked.flags);
    expect(Object.keys(options).sort()).toEqual(SERVE_SETTINGS.map((setting) => setting.key).sort());
    expect(options).toMatchObject({ role: 'worker', port: 7, adminToken: 'v', workersConcurrency: 7, logLevel: 'error' });
  });
});

describe('help', () => {
  it.each([[['serve']], [['watch']], [['users', 'create']], [['users']]])('`sonocode %s --help` shows examples and exits 0', async (command) => {
    const run = await cli([...command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: sonocode /);
    expect(run.stdout).toContain('Examples:');
  });

  it('submit and problems import --help show the server options with an example', async () => {
    for (const command of [['submit'], ['problems', 'import']]) {
      const run = await cli([...command, '--help']);
      expect(run.stdout).toContain('--server <url>');
      expect(run.stdout).toContain('--token <token>');
      expect(run.stdout).toMatch(/\$ sonocode .* --server http:\/\/127\.0\.0\.1:3000 --token/);
    }
  });
});

describe('loading', () => {
  /** Files of src/ that `sonocode <anything>` loads before a command asks for more (static imports only). */
  function staticClosure(entry: string): string[] {
    const seen = new Set<string>();
    const visit = (file: string) => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8').replace(/(?:^|\n)\s*(?:import|export)\s+type\s[^;]*;/g, '\n');
      for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
        const target = resolve(dirname(file), match[1]).replace(/\.js$/, '.ts');
        visit(target.endsWith('.ts') && !readable(target) ? target.replace(/\.ts$/, '.tsx') : target);
      }
    };
    visit(entry);
    return [...seen].map((file) => relative(ROOT, file));
  }
  function readable(file: string): boolean {
    try {
      readFileSync(file);
      return true;
    } catch {
      return false;
    }
  }

  it('the CLI loads nothing of src/server but the settings table until a command needs it (serve loads the roles, clients the client)', () => {
    const loaded = staticClosure(join(ROOT, 'src/cli/main.ts'));
    expect(loaded).toContain('src/cli/commands/serve.ts');
    // serve's flags are declared from the settings table: plain data, no imports
    expect(loaded.filter((file) => file.startsWith('src/server/'))).toEqual(['src/server/settings.ts']);
    expect(loaded.filter((file) => file.startsWith('src/client/'))).toEqual([]);
  });
});
