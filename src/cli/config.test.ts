import { describe, expect, it } from 'vitest';
import { colorAllowed, positiveInteger, resolveConfig, resolveRemote } from './config.js';

describe('positiveInteger', () => {
  it.each(['1', '2000', ' 500 '])('accepts %j', (value) => {
    expect(positiveInteger(value, '--time-limit-ms')).toBe(Number(value.trim()));
  });

  it.each(['0', '-1', '1.5', '1e3', 'abc', '', '12ms'])('rejects %j naming the flag', (value) => {
    expect(() => positiveInteger(value, '--time-limit-ms')).toThrow(/^--time-limit-ms must be a positive integer/);
    try {
      positiveInteger(value, '--time-limit-ms');
    } catch (error) {
      expect((error as { code: string }).code).toBe('USAGE');
    }
  });

  it('rejects values above the maximum', () => {
    expect(() => positiveInteger('70000', '--time-limit-ms', 60000)).toThrow('--time-limit-ms must be at most 60000, got 70000');
  });
});

describe('resolveConfig', () => {
  const base = { flags: {}, env: {}, stdoutIsTTY: false };

  it('uses defaults when nothing is given', () => {
    const config = resolveConfig(base);
    expect(config).toEqual({ color: false, interactive: false, debug: false, problemsDir: 'problems', sandbox: 'docker', limits: {} });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.limits)).toBe(true);
  });

  it('chooses the sandbox from --sandbox over SONOCODE_SANDBOX, and names the valid ones for a bad value', () => {
    expect(resolveConfig({ ...base, env: { SONOCODE_SANDBOX: 'auto' } }).sandbox).toBe('auto');
    expect(resolveConfig({ ...base, flags: { sandbox: 'native' }, env: { SONOCODE_SANDBOX: 'auto' } }).sandbox).toBe('native');
    expect(() => resolveConfig({ ...base, flags: { sandbox: 'podman' } })).toThrow('--sandbox: unknown sandbox "podman" (one of docker, native, auto)');
    expect(() => resolveConfig({ ...base, env: { SONOCODE_SANDBOX: 'vm' } })).toThrow(/^SONOCODE_SANDBOX: unknown sandbox/);
    expect(() => resolveConfig({ ...base, flags: { sandbox: 'dokcer' } })).toThrow('--sandbox: unknown sandbox "dokcer" (did you mean "docker"?) (one of docker, native, auto)');
  });

  it('prefers flags to SONOCODE_* variables', () => {
    const config = resolveConfig({
      ...base,
      flags: { timeLimitMs: '500', languages: 'mine.yaml' },
      env: { SONOCODE_TIME_LIMIT_MS: '1000', SONOCODE_MEMORY_LIMIT_MB: '64', SONOCODE_LANGUAGES: 'env.yaml' },
    });
    expect(config.limits).toEqual({ timeLimitMs: 500, memoryLimitMb: 64 });
    expect(config.languagesFile).toBe('mine.yaml');
  });

  it('names the variable when an environment value is bad, the flag when a flag is', () => {
    expect(() => resolveConfig({ ...base, env: { SONOCODE_MEMORY_LIMIT_MB: 'lots' } })).toThrow(/^SONOCODE_MEMORY_LIMIT_MB must be/);
    expect(() => resolveConfig({ ...base, flags: { memoryLimitMb: '0' }, env: { SONOCODE_MEMORY_LIMIT_MB: '64' } })).toThrow(
      /^--memory-limit-mb must be/,
    );
  });

  it('reads SONOCODE_DEBUG and SONOCODE_PROBLEMS_DIR', () => {
    const config = resolveConfig({ ...base, env: { SONOCODE_DEBUG: '1', SONOCODE_PROBLEMS_DIR: 'contest' } });
    expect(config.debug).toBe(true);
    expect(config.problemsDir).toBe('contest');
  });

  it('is interactive on a terminal only', () => {
    expect(resolveConfig({ ...base, stdoutIsTTY: true }).interactive).toBe(true);
    expect(resolveConfig({ ...base, stdoutIsTTY: true, env: { TERM: 'dumb' } }).interactive).toBe(false);
    // a terminal that reports no width would get the live view one character per line: plain lines instead
    expect(resolveConfig({ ...base, stdoutIsTTY: true, stdoutColumns: 0 }).interactive).toBe(false);
    expect(resolveConfig({ ...base, stdoutIsTTY: true, stdoutColumns: 120 }).interactive).toBe(true);
  });
});

describe('colorAllowed', () => {
  it('colours a terminal', () => expect(colorAllowed(undefined, {}, true)).toBe(true));
  it('does not colour a pipe', () => expect(colorAllowed(undefined, {}, false)).toBe(false));
  it('honours --no-color', () => expect(colorAllowed(false, { FORCE_COLOR: '1' }, true)).toBe(false));
  it('honours NO_COLOR', () => expect(colorAllowed(undefined, { NO_COLOR: '1' }, true)).toBe(false));
  it('ignores an empty NO_COLOR', () => expect(colorAllowed(undefined, { NO_COLOR: '' }, true)).toBe(true));
  it('honours FORCE_COLOR', () => {
    expect(colorAllowed(undefined, { FORCE_COLOR: '1' }, false)).toBe(true);
    expect(colorAllowed(undefined, { FORCE_COLOR: '0' }, true)).toBe(false);
  });
});

describe('resolveRemote', () => {
  it('is undefined without a server, whatever SONOCODE_TOKEN says', () => {
    expect(resolveRemote({}, {})).toBeUndefined();
    expect(resolveRemote({}, { SONOCODE_TOKEN: 't', SONOCODE_SERVER: '  ' })).toBeUndefined();
  });

  it('takes flags over variables, trims the trailing slash and the token', () => {
    expect(resolveRemote({ server: 'https://judge.example/', token: ' t1 ' }, { SONOCODE_SERVER: 'http://env', SONOCODE_TOKEN: 't2' })).toEqual({
      server: 'https://judge.example',
      token: 't1',
    });
    expect(resolveRemote({}, { SONOCODE_SERVER: 'http://env:3000', SONOCODE_TOKEN: 't2', SONOCODE_SOCKET: 'wss://ws.example/ws' })).toEqual({
      server: 'http://env:3000',
      token: 't2',
      socket: 'wss://ws.example/ws',
    });
  });

  it.each([
    [{ server: 'http://x' }, {}, /^--server needs a token/],
    [{}, { SONOCODE_SERVER: 'http://x' }, /^SONOCODE_SERVER \(http:\/\/x\) needs a token/],
    [{ token: 't' }, {}, /^--token is for a server/],
    [{ server: 'x:1', token: 't' }, {}, /^--server must be a http:\/\/ or https:\/\/ URL/],
    [{ token: 't' }, { SONOCODE_SERVER: 'nope' }, /^SONOCODE_SERVER must be a URL, got "nope"/],
    [{ server: 'http://x', token: 't', socket: 'http://x/ws' }, {}, /^--socket must be a ws:\/\/ or wss:\/\/ URL/],
    [{ server: 'http://x', token: '' }, {}, /^--token must be a token/],
  ])('rejects %j with %j, naming the flag or variable', (flags, env, message) => {
    expect(() => resolveRemote(flags, env)).toThrow(message);
  });

  it('is part of the config only for commands that can talk to a server, and refuses limit flags there', () => {
    const env = { SONOCODE_SERVER: 'http://x', SONOCODE_TOKEN: 't' };
    expect(resolveConfig({ flags: {}, env, stdoutIsTTY: false }).remote).toBeUndefined();
    expect(resolveConfig({ flags: { remote: {} }, env, stdoutIsTTY: false }).remote).toEqual({ server: 'http://x', token: 't' });
    expect(() => resolveConfig({ flags: { remote: {}, memoryLimitMb: '64' }, env, stdoutIsTTY: false })).toThrow(
      /^--memory-limit-mb cannot be used with a server/,
    );
  });
});
