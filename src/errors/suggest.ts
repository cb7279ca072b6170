/**
 * "Did you mean …?": the known name closest to a misspelt one, for every error that lists valid
 * names — a language, a flag of the ICPC default validator, a field of an API body, a problem's
 * folder. Every layer may use it (it imports nothing), so each such error suggests the same way.
 */

/**
 * Edits between two strings: insertions, deletions, substitutions, and swaps of two neighbouring
 * characters (the optimal-string-alignment distance, so `tolerence` → `tolerance` is 1 and
 * `pyhton` → `python` is 1).
 */
export function typoDistance(from: string, to: string): number {
  // three rolling rows: the one two back is needed for swaps
  let twoBack: number[] = [];
  let previous = Array.from({ length: to.length + 1 }, (_, j) => j);
  for (let i = 1; i <= from.length; i++) {
    const current = [i];
    for (let j = 1; j <= to.length; j++) {
      const substitution = previous[j - 1] + (from[i - 1] === to[j - 1] ? 0 : 1);
      let best = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
      const swapped = i > 1 && j > 1 && from[i - 1] === to[j - 2] && from[i - 2] === to[j - 1];
      if (swapped) best = Math.min(best, twoBack[j - 2] + 1);
      current.push(best);
    }
    twoBack = previous;
    previous = current;
  }
  return previous[to.length];
}

/** Shortest a name must be to count as the abbreviation of a longer one (`lang` → `language`). */
const MIN_ABBREVIATION = 3;

/**
 * The known name a misspelt one most likely meant, ignoring case: the closest by
 * {@link typoDistance} when at most one edit per three characters (and at least one) separates
 * them; else the shortest known name that it abbreviates (`lang` → `language`). Undefined when
 * none is that close, or when `name` is itself known.
 */
export function closestName(name: string, known: Iterable<string>): string | undefined {
  const wanted = name.toLowerCase();
  if (wanted === '') return undefined;
  // read twice below: an iterator (a Map's keys) would be used up by the first pass
  const names = [...known];
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of names) {
    if (candidate === name) return undefined;
    const distance = typoDistance(wanted, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  if (bestDistance <= Math.max(1, Math.floor(name.length / 3))) return best;
  if (wanted.length < MIN_ABBREVIATION) return undefined;
  let abbreviated: string | undefined;
  for (const candidate of names) {
    if (candidate.toLowerCase().startsWith(wanted) && (abbreviated === undefined || candidate.length < abbreviated.length)) abbreviated = candidate;
  }
  return abbreviated;
}

/**
 * ` (did you mean "float_tolerance"?)` for a name close to a known one, or `''`: to append to a
 * message that rejects `name`.
 */
export function didYouMean(name: string, known: Iterable<string>): string {
  const guess = closestName(name, known);
  return guess === undefined ? '' : ` (did you mean ${JSON.stringify(guess)}?)`;
}
