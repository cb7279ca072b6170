/** The closed set of verdicts, with their text, used everywhere (CLI, API, store, WebSocket). */
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

export const VERDICT_CODES = Object.keys(VERDICTS) as Verdict[];

export function isVerdict(value: unknown): value is Verdict {
  return typeof value === 'string' && Object.hasOwn(VERDICTS, value);
}

export function verdictText(verdict: Verdict): string {
  return VERDICTS[verdict];
}
