/** Building scoring trees: one place for a group's defaults, whatever format the problem came from. */
import type { ScoringGroup } from './types.js';

/** A group with the neutral defaults: sums its items, scores nothing itself, never stops early, unreported. */
export function scoringGroup(fields: Pick<ScoringGroup, 'name'> & Partial<ScoringGroup>): ScoringGroup {
  return {
    aggregation: 'sum',
    acceptScore: 0,
    rejectScore: 0,
    stopOnReject: false,
    requirePass: [],
    reported: false,
    items: [],
    ...fields,
  };
}
