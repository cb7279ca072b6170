import { describe, expect, it } from 'vitest';
import { colorAllowed, positiveInteger, resolveConfig } from './config.js';

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
    expect(config).toEqual({ color: false, interactive: false, debug: false, problemsDir: 'problems', limits: {} });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.limits)).toBe(true);
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
