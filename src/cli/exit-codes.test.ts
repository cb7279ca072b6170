import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { CheckerError } from '../judge/check/custom.js';
import { LanguageError } from '../judge/languages.js';
import { TimeLimitUnknownError } from '../judge/pipeline.js';
import { ProblemError } from '../judge/problem/errors.js';
import type { JudgeResult } from '../judge/result.js';
import type { Verdict } from '../judge/verdict.js';
import { SandboxError } from '../sandbox/errors.js';
import { ServeConfigError } from '../server/config.js';
import { StoreConflictError } from '../server/store/types.js';
import { CliError } from './errors.js';
import { describeError, EXIT, exitCodeFor, exitCodeForError } from './exit-codes.js';

function result(verdict: Verdict): JudgeResult {
  return {
    verdict,
    language: 'cpp',
    problem: 'two-sum',
    compile: { ok: verdict !== 'CE', timeMs: 10, output: '' },
    tests: [],
    timeMs: 0,
    memoryKb: 0,
  };
}

describe('exit codes of judged submissions', () => {
  it.each([
    ['AC', 0],
    ['WA', 1],
    ['TLE', 1],
    ['MLE', 1],
    ['OLE', 1],
    ['RE', 1],
    ['CE', 1],
    ['IE', 3],
  ] as const)('submit %s exits %i', (verdict, code) => {
    expect(exitCodeFor({ value: { kind: 'submit', result: result(verdict) } })).toBe(code);
  });

  const ran = { kind: 'run', problem: 'p', language: 'cpp', sandbox: 'fake' } as const;

  it('run on samples exits 0 only when every sample matched, 3 when one is IE', () => {
    const compile = { ok: true, timeMs: 1, output: '' };
    const sample = (verdict: Verdict) => ({ name: 's', verdict, timeMs: 1, wallMs: 1, memoryKb: 1 });
    const run = (...verdicts: Verdict[]) =>
      exitCodeFor({ value: { ...ran, mode: 'samples', compile, samples: verdicts.map(sample), totalSamples: verdicts.length } });
    expect(run('AC', 'AC')).toBe(0);
    expect(run('AC', 'WA')).toBe(1);
    expect(run('WA', 'IE')).toBe(3);
    expect(exitCodeFor({ value: { ...ran, mode: 'samples', compile: { ...compile, ok: false }, samples: [], totalSamples: 2 } })).toBe(1);
  });

  it('run on an input exits 0 when the program ran fine, 1 for RE/TLE', () => {
    const compile = { ok: true, timeMs: 1, output: '' };
    const program = { verdict: 'AC' as Verdict, stdout: '', stderr: '', timeMs: 1, wallMs: 1, memoryKb: 1, exitCode: 0, signal: null };
    expect(exitCodeFor({ value: { ...ran, mode: 'input', compile, run: program } })).toBe(0);
    expect(exitCodeFor({ value: { ...ran, mode: 'input', compile, run: { ...program, verdict: 'RE', exitCode: 1 } } })).toBe(1);
  });

  it('validate exits 2 for an invalid problem, 1 for a disagreeing solution, 0 otherwise', () => {
    const valid = { path: 'p', valid: true, issues: [], solutions: [{ file: 'accepted/a.cpp', expected: 'AC' as Verdict, got: 'AC' as Verdict, ok: true }] };
    const wrong = { ...valid, solutions: [{ file: 'wrong_answer/b.py', expected: 'WA' as Verdict, got: 'AC' as Verdict, ok: false }] };
    const invalid = { path: 'q', valid: false, code: 'PROBLEM_INVALID', issues: ['q.yaml:1:1: title: required'], solutions: [] };
    expect(exitCodeFor({ value: { kind: 'problems-validate', problems: [valid] } })).toBe(0);
    expect(exitCodeFor({ value: { kind: 'problems-validate', problems: [valid, wrong] } })).toBe(1);
    expect(exitCodeFor({ value: { kind: 'problems-validate', problems: [wrong, invalid] } })).toBe(2);
  });

  it('watch exits by the verdict like submit; serve after a clean stop and users create exit 0', () => {
    expect(exitCodeFor({ value: { kind: 'watch', result: result('AC'), submissionId: 'x' } })).toBe(0);
    expect(exitCodeFor({ value: { kind: 'watch', result: result('WA'), submissionId: 'x' } })).toBe(1);
    expect(exitCodeFor({ value: { kind: 'watch', result: result('IE'), submissionId: 'x' } })).toBe(3);
    expect(exitCodeFor({ value: { kind: 'serve', role: 'all' } })).toBe(0);
    expect(exitCodeFor({ value: { kind: 'users-create', user: { id: 'u', name: 'n' } } })).toBe(0);
  });

  it('doctor exits 3 when a check failed', () => {
    expect(exitCodeFor({ value: { kind: 'doctor', report: { ok: true, backend: 'docker', backends: { docker: true, native: false }, checks: [] } } })).toBe(0);
    expect(exitCodeFor({ value: { kind: 'doctor', report: { ok: false, backend: 'docker', backends: { docker: false, native: false }, checks: [] } } })).toBe(3);
  });

  it('--help and --version (no value) exit 0', () => {
    expect(exitCodeFor({ value: undefined })).toBe(EXIT.OK);
  });
});

describe('exit codes of errors', () => {
  it.each([
    ['an unknown option', new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"), 2],
    ['a missing argument', new CommanderError(1, 'commander.missingArgument', "error: missing required argument 'file'"), 2],
    ['help after a missing command', new CommanderError(1, 'commander.help', '(outputHelp)'), 2],
    ['--help', new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), 0],
    ['--version', new CommanderError(0, 'commander.version', '0.1.0'), 0],
    ['a bad flag value', new CliError('USAGE', '--time-limit-ms must be a positive integer, got "x"'), 2],
    ['a missing file', new CliError('FILE_NOT_FOUND', 'source file not found: a.cpp'), 2],
    ['an unknown language', Object.assign(new Error('unknown language "cobol"'), { code: 'LANGUAGE_UNKNOWN' }), 2],
    ['an invalid problem', new ProblemError('PROBLEM_INVALID', 'p.yaml', 'bad', [{ path: 'title', message: 'required' }]), 2],
    ['a missing problem', new ProblemError('PROBLEM_NOT_FOUND', 'p', 'no problem.yaml in this folder'), 2],
    ['a package in another format', new ProblemError('PROBLEM_FORMAT', 'p', 'an ICPC package'), 2],
    ['a package without a time limit', new TimeLimitUnknownError('p'), 2],
    ['a malformed --languages file', Object.assign(new Error('invalid languages file'), { code: 'LANGUAGES_INVALID' }), 2],
    ['a language error', new LanguageError('unknown language "cobol"'), 2],
    ['a checker that does not compile', new CheckerError('the output validator does not compile', 'p/output_validators/v'), 3],
    ['a checker failure that crossed a queue (plain object)', { code: 'CHECKER_FAILED', message: 'boom' }, 3],
    ['a dead Docker daemon', new SandboxError('SANDBOX_UNAVAILABLE', 'the Docker daemon is not running'), 3],
    ['no permission to use Docker', new SandboxError('SANDBOX_PERMISSION', 'permission denied'), 3],
    ['a runtime image that cannot be made', new SandboxError('SANDBOX_IMAGE', 'could not create the runtime image'), 3],
    ['a slug taken in the store', new StoreConflictError('slug', 'a problem with the slug "x" exists already'), 3],
    ['Ctrl-C as the CLI tells it', new CliError('ABORTED', 'interrupted'), 130],
    ['watching aborted, across a process (plain object)', { code: 'ABORTED', message: 'watching was aborted' }, 130],
    ["Node's AbortError code without its name", { code: 'ABORT_ERR', message: 'aborted' }, 130],
    ['a code no catalogue knows (a bug)', Object.assign(new Error('x'), { code: 'SOMETHING_NEW' }), 3],
    ["a Node system error nobody caught (a bug)", Object.assign(new Error('listen EADDRINUSE'), { code: 'EADDRINUSE' }), 3],
    ['a sandbox error that crossed a process (plain object)', { code: 'SANDBOX_FAILED', message: 'boom' }, 3],
    ['an unexpected error', new TypeError('x is undefined'), 3],
    ['Ctrl-C', new DOMException('This operation was aborted', 'AbortError'), 130],
    ['a bad serve configuration', { code: 'SONO_CONFIG', message: 'invalid server configuration' }, 2],
    ['a bad serve configuration (the class)', new ServeConfigError(['--port: must be a port']), 2],
    ['Redis unavailable to serve', { code: 'SONO_REDIS_UNAVAILABLE', message: 'cannot reach Redis' }, 3],
    ['serve that cannot start', new CliError('SERVE_FAILED', 'cannot start the server: listen EADDRINUSE'), 3],
    ['a server that cannot be reached', { code: 'SONO_CONNECTION', status: 0, message: 'cannot reach the server' }, 3],
    ['a draining server', { code: 'SONO_UNAVAILABLE', status: 503, message: 'shutting down' }, 3],
    ['no result in time', { code: 'SONO_TIMEOUT', status: 0, message: 'no final result' }, 3],
    ['a failing server', { code: 'SONO_INTERNAL', status: 500, message: 'internal error' }, 3],
    ['a refused token', { code: 'SONO_UNAUTHORIZED', status: 401, message: 'unknown token' }, 2],
    ['a token without the right', { code: 'SONO_FORBIDDEN', status: 403, message: 'needs the admin token' }, 2],
    ['an unknown problem on a server', { code: 'SONO_UNKNOWN_PROBLEM', status: 422, message: 'body.problemId' }, 2],
    ['an invalid body', { code: 'SONO_VALIDATION', status: 400, message: 'body.title' }, 2],
    ['a rate limit', { code: 'SONO_RATE_LIMITED', status: 429, message: 'too many' }, 2],
    ['a code of a newer server, by its 4xx status', { code: 'SONO_SOMETHING_NEW', status: 409, message: 'new' }, 2],
    ['a code of a newer server, by its 5xx status', { code: 'SONO_SOMETHING_NEW', status: 502, message: 'new' }, 3],
    ['a 4xx without a catalogue code (a proxy)', { code: 'HTTP_404', status: 404, message: 'HTTP 404' }, 2],
    ['a 5xx without a catalogue code (a proxy)', { code: 'HTTP_502', status: 502, message: 'HTTP 502' }, 3],
  ])('%s', (_name, error, code) => {
    expect(exitCodeForError(error)).toBe(code);
  });

  it('an error after Ctrl-C exits 130 whatever it is', () => {
    expect(exitCodeFor({ error: new Error('socket hang up'), interrupted: true })).toBe(130);
  });
});

describe('describeError', () => {
  it('prints a known error as `sonocode: <message>` with its hint and no stack', () => {
    const error = new SandboxError('SANDBOX_UNAVAILABLE', 'the Docker daemon is not running', { hint: 'start it: dockerd &' });
    const text = describeError(error, { debug: true });
    expect(text).toBe('sonocode: the Docker daemon is not running\nhint: start it: dockerd &\n');
  });

  it('lists every issue of an invalid problem as file:line:col: path: message', () => {
    const error = new ProblemError('PROBLEM_INVALID', 'p.yaml', 'invalid', [
      { path: 'title', message: 'required', line: 1, column: 1 },
      { path: 'testCases[3].output', message: 'expected a string, got a number (42)', line: 12, column: 13 },
    ]);
    expect(describeError(error, { debug: false })).toBe(
      'sonocode: invalid problem p.yaml (2 errors):\np.yaml:1:1: title: required\np.yaml:12:13: testCases[3].output: expected a string, got a number (42)\n',
    );
  });

  it('shows commander errors without their "error:" prefix, with the help to read', () => {
    const error = new CommanderError(1, 'commander.unknownOption', "error: unknown option '--bogus'");
    expect(describeError(error, { debug: false, usageHint: 'run `sonocode submit --help` for usage' })).toBe(
      "sonocode: unknown option '--bogus'\nhint: run `sonocode submit --help` for usage\n",
    );
    expect(describeError(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), { debug: false })).toBe('');
  });

  it('shows the stack of an unexpected error only with SONOCODE_DEBUG', () => {
    const error = new TypeError('cannot read properties of undefined');
    const plain = describeError(error, { debug: false });
    expect(plain).toMatch(/^sonocode: cannot read properties of undefined\n/);
    expect(plain).not.toContain('    at ');
    expect(plain).toContain('SONOCODE_DEBUG=1');
    expect(describeError(error, { debug: true })).toContain('    at ');
  });

  it('prints errors of a server as known errors: message and hint, never a stack or "bug" hint', () => {
    const error = Object.assign(new Error('cannot reach the server at http://127.0.0.1:1: connect ECONNREFUSED'), {
      code: 'SONO_CONNECTION',
      hint: 'is `sonocode serve` running there?',
    });
    expect(describeError(error, { debug: true })).toBe(
      'sonocode: cannot reach the server at http://127.0.0.1:1: connect ECONNREFUSED\nhint: is `sonocode serve` running there?\n',
    );
    expect(describeError(new CliError('SERVE_FAILED', 'cannot start the server: x'), { debug: false })).toBe('sonocode: cannot start the server: x\n');
  });

  it('calls an error with a code no catalogue knows a bug', () => {
    const text = describeError(Object.assign(new Error('something odd'), { code: 'SOMETHING_NEW' }), { debug: false });
    expect(text).toBe('sonocode: something odd\nhint: this looks like a bug in sonocode; run again with SONOCODE_DEBUG=1 to see where it happened\n');
  });

  it('says "interrupted" for Ctrl-C', () => {
    expect(describeError(new DOMException('aborted', 'AbortError'), { debug: false })).toBe('sonocode: interrupted\n');
  });
});
