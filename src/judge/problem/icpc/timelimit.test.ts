import { describe, expect, it } from 'vitest';
import { inferTimeLimitMs, LEGACY_TIME_RULE, MULTIPLE_TIME_RULE, tleBoundMs } from './timelimit.js';

describe('inferTimeLimitMs', () => {
  it('legacy: max(1, int(0.5 + slowest × time_multiplier)) whole seconds, as problemtools computes it', () => {
    expect(inferTimeLimitMs(LEGACY_TIME_RULE, 0)).toBe(1000);
    expect(inferTimeLimitMs(LEGACY_TIME_RULE, 49)).toBe(1000);
    expect(inferTimeLimitMs(LEGACY_TIME_RULE, 299)).toBe(1000); // 1.495 s rounds down
    expect(inferTimeLimitMs(LEGACY_TIME_RULE, 300)).toBe(2000); // 1.5 s rounds half up
    expect(inferTimeLimitMs({ ...LEGACY_TIME_RULE, multiplier: 2 }, 1800)).toBe(4000);
  });

  it('2023-07 / 2025-09: the smallest multiple of time_resolution at least slowest × ac_to_time_limit', () => {
    expect(inferTimeLimitMs(MULTIPLE_TIME_RULE, 10)).toBe(1000);
    expect(inferTimeLimitMs(MULTIPLE_TIME_RULE, 500)).toBe(1000); // exactly 1 s is enough
    expect(inferTimeLimitMs(MULTIPLE_TIME_RULE, 501)).toBe(2000);
    expect(inferTimeLimitMs({ ...MULTIPLE_TIME_RULE, resolutionMs: 100 }, 300)).toBe(600);
    expect(inferTimeLimitMs({ ...MULTIPLE_TIME_RULE, resolutionMs: 250, multiplier: 3 }, 90)).toBe(500);
    expect(inferTimeLimitMs({ ...MULTIPLE_TIME_RULE, resolutionMs: 100 }, 0)).toBe(100);
  });

  it('tleBoundMs: time_limit × time_limit_to_tle, or problemtools\' safety margin for legacy', () => {
    expect(tleBoundMs(MULTIPLE_TIME_RULE, 1000)).toBe(1500);
    expect(tleBoundMs(LEGACY_TIME_RULE, 1000)).toBe(2000);
    expect(tleBoundMs({ ...LEGACY_TIME_RULE, safetyMargin: 1.2 }, 1000)).toBe(2000);
    expect(tleBoundMs(LEGACY_TIME_RULE, 3000)).toBe(6000);
  });

  it('tleBoundMs, legacy, inferred limit: problemtools scales the unrounded slowest × time_multiplier', () => {
    const margin4 = { ...LEGACY_TIME_RULE, safetyMargin: 4 };
    // 110 ms × 5 = 0.55 s → limit 1 s; margin int(0.5 + 0.55 × 4) = 2 s, not 1 s × 4
    expect(tleBoundMs(margin4, 1000, 110)).toBe(2000);
    expect(tleBoundMs(margin4, 1000, 140)).toBe(3000); // 0.7 × 4 = 2.8 s
    expect(tleBoundMs(LEGACY_TIME_RULE, 1000, 10)).toBe(2000); // at least the limit + 1 s
    expect(tleBoundMs(LEGACY_TIME_RULE, 2000, 320)).toBe(3000); // 1.6 × 2 = 3.2 s
  });
});
