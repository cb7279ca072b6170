/**
 * Checkers are a registry of functions with one signature. Built-in comparators are pure
 * TypeScript; a `custom` checker is a program run in the sandbox, so it has no comparator here.
 */
import type { CheckerSpec } from '../problem/types.js';
import { compareExact } from './exact.js';
import { compareFloat } from './float.js';
import { compareIcpcDefault } from './icpc-default.js';
import { compareTokens } from './tokens.js';
import type { CheckInput, CheckOutcome } from './types.js';

export type Comparator = (input: CheckInput) => CheckOutcome;

/** The comparator for a checker spec, or null for `custom` (run in the sandbox instead). */
export function comparatorFor(spec: CheckerSpec): Comparator | null {
  switch (spec.type) {
    case 'exact':
      return compareExact;
    case 'tokens': {
      const options = { caseSensitive: spec.caseSensitive ?? true };
      return (input) => compareTokens(input, options);
    }
    case 'float': {
      const options = { absTol: spec.absTol, relTol: spec.relTol, caseSensitive: spec.caseSensitive ?? true };
      return (input) => compareFloat(input, options);
    }
    case 'icpc-default': {
      const options = {
        caseSensitive: spec.caseSensitive,
        spaceChangeSensitive: spec.spaceChangeSensitive,
        floatAbsTol: spec.floatAbsTol,
        floatRelTol: spec.floatRelTol,
      };
      return (input) => compareIcpcDefault(input, options);
    }
    case 'custom':
      return null;
  }
}
