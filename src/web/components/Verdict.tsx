import type { Verdict as VerdictCode } from '../../judge/verdict.js';
import { verdictName } from '../format.js';

/** A verdict as a coloured badge: `AC` with its name in the tooltip (and spelled out with `long`). */
export function Verdict({ verdict, long = false }: { verdict: VerdictCode; long?: boolean }) {
  return (
    <span className={`verdict verdict-${verdict.toLowerCase()}`} title={verdictName(verdict)} data-verdict={verdict}>
      {long ? `${verdictName(verdict)} (${verdict})` : verdict}
    </span>
  );
}

/** A state that is not a verdict yet: pending, compiling, running, or a test waiting. */
export function Pending({ text }: { text: string }) {
  return <span className="verdict verdict-pending">{text}</span>;
}
