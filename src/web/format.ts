/** Figures and verdicts as the page writes them. */
import { VERDICTS, type Verdict } from '../judge/verdict.js';

export function verdictName(verdict: Verdict): string {
  return VERDICTS[verdict];
}

/** `12 ms`, `1.25 s`. */
export function formatMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** `812 KB`, `3.1 MB`. */
export function formatKb(kb: number): string {
  return kb < 1024 ? `${Math.round(kb)} KB` : `${(kb / 1024).toFixed(1)} MB`;
}

/** A moment as a short local date and time. */
export function formatWhen(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
