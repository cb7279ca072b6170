/** The closed set of verdicts, with their text, used everywhere (CLI, API, store, WebSocket). */
/** Each verdict code with its text (`WA` → `Wrong Answer`). */
export const VERDICTS = {
  AC: 'Accepted',
  WA: 'Wrong Answer',
  TLE: 'Time Limit Exceeded',
  MLE: 'Memory Limit Exceeded',
  OLE: 'Output Limit Exceeded',
  RE: 'Runtime Error',
  CE: 'Compilation Error',
  IE: 'Internal Error',
} as const;

export type Verdict = keyof typeof VERDICTS;

/** The verdict codes, in the table's order. */
export const VERDICT_CODES = Object.keys(VERDICTS) as Verdict[];

/** True for one of the verdict codes (`'AC'`, `'WA'`…), e.g. for a value read from JSON. */
export function isVerdict(value: unknown): value is Verdict {
  return typeof value === 'string' && Object.hasOwn(VERDICTS, value);
}

/** A verdict's text, e.g. `Time Limit Exceeded` for `TLE`. */
export function verdictText(verdict: Verdict): string {
  return VERDICTS[verdict];
}
