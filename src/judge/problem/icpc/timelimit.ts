/**
 * Time limits of ICPC packages that do not state one: inferred from the slowest accepted
 * submission, as the package format (and problemtools, for the legacy format) computes them.
 */
import type { TimeLimitRule } from '../types.js';

/** problemtools' defaults for legacy packages. */
export const LEGACY_TIME_RULE: TimeLimitRule = Object.freeze({ kind: 'legacy', multiplier: 5, safetyMargin: 2, resolutionMs: 1000 });
/** The 2023-07 / 2025-09 defaults: `ac_to_time_limit` 2, `time_limit_to_tle` 1.5, `time_resolution` 1 s. */
export const MULTIPLE_TIME_RULE: TimeLimitRule = Object.freeze({ kind: 'multiple', multiplier: 2, safetyMargin: 1.5, resolutionMs: 1000 });

/**
 * The time limit, in milliseconds, for a slowest accepted run of `slowestAcceptedMs`.
 *
 * - legacy (problemtools): `max(1, int(0.5 + slowest × time_multiplier))` whole seconds;
 * - 2023-07 / 2025-09: the smallest positive multiple of `time_resolution` that is at least
 *   `slowest × ac_to_time_limit`.
 */
export function inferTimeLimitMs(rule: TimeLimitRule, slowestAcceptedMs: number): number {
  const exactMs = Math.max(0, slowestAcceptedMs) * rule.multiplier;
  if (rule.kind === 'legacy') return Math.max(1, Math.floor(0.5 + exactMs / 1000)) * 1000;
  // a hair of slack so that 0.3 × 2 / 0.6 is one resolution step, not two
  const steps = Math.max(1, Math.ceil(exactMs / rule.resolutionMs - 1e-9));
  return roundMs(steps * rule.resolutionMs);
}

/**
 * How long a time_limit_exceeded submission must run without finishing for its TLE to be
 * robust: `time_limit × time_limit_to_tle` (2023-07 / 2025-09), or problemtools' safety margin
 * (legacy): `max(time_limit + 1 s, time_limit × time_safety_margin)`, and for a limit inferred
 * from `slowestAcceptedMs`, `max(time_limit + 1 s, int(0.5 + slowest × time_multiplier × time_safety_margin))`
 * whole seconds — problemtools scales the unrounded limit.
 */
export function tleBoundMs(rule: TimeLimitRule, timeLimitMs: number, slowestAcceptedMs?: number): number {
  if (rule.kind === 'legacy') {
    const marginMs =
      slowestAcceptedMs === undefined
        ? roundMs(timeLimitMs * rule.safetyMargin)
        : Math.floor(0.5 + (Math.max(0, slowestAcceptedMs) * rule.multiplier * rule.safetyMargin) / 1000) * 1000;
    return Math.max(timeLimitMs + 1000, marginMs);
  }
  return roundMs(timeLimitMs * rule.safetyMargin);
}

/** A readable account of the rule, for reports: `slowest accepted 120 ms × 2, rounded up to 1 s`. */
export function describeRule(rule: TimeLimitRule, slowestAcceptedMs: number): string {
  if (rule.kind === 'legacy') return `slowest accepted ${slowestAcceptedMs} ms × time_multiplier ${rule.multiplier}, rounded to whole seconds, at least 1 s`;
  return `slowest accepted ${slowestAcceptedMs} ms × ac_to_time_limit ${rule.multiplier}, rounded up to a multiple of time_resolution ${rule.resolutionMs / 1000} s`;
}

function roundMs(ms: number): number {
  return Math.round(ms);
}
