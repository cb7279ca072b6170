/**
 * The arguments of the ICPC default output validator (`validator_flags`, `output_validator_flags`,
 * `output_validator_args`), read as problemtools' default_validator reads them: `case_sensitive`,
 * `space_change_sensitive`, and `float_tolerance ε` / `float_absolute_tolerance ε` /
 * `float_relative_tolerance ε` (each followed by a number); anything else is an error.
 */
import { didYouMean } from '../../../errors/suggest.js';
import type { CheckerSpec } from '../types.js';

export type DefaultValidatorSpec = Extract<CheckerSpec, { type: 'icpc-default' }>;

export const DEFAULT_VALIDATOR_FLAGS = [
  'case_sensitive',
  'space_change_sensitive',
  'float_tolerance',
  'float_absolute_tolerance',
  'float_relative_tolerance',
] as const;

/** The default validator's spec for these arguments, or what is wrong with them. */
export function parseDefaultValidatorFlags(args: readonly string[]): { spec: DefaultValidatorSpec } | { error: string } {
  const spec: DefaultValidatorSpec = { type: 'icpc-default', caseSensitive: false, spaceChangeSensitive: false };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    switch (flag) {
      case 'case_sensitive':
        spec.caseSensitive = true;
        break;
      case 'space_change_sensitive':
        spec.spaceChangeSensitive = true;
        break;
      case 'float_tolerance':
      case 'float_absolute_tolerance':
      case 'float_relative_tolerance': {
        const text = args[i + 1];
        const value = text === undefined ? Number.NaN : Number(text);
        if (text === undefined || text.trim() === '' || !Number.isFinite(value)) {
          return { error: `${flag} must be followed by a number${text === undefined ? '' : `, got ${JSON.stringify(text)}`}` };
        }
        if (value < 0) return { error: `${flag} must not be negative, got ${text}` };
        i++;
        if (flag !== 'float_relative_tolerance') spec.floatAbsTol = value;
        if (flag !== 'float_absolute_tolerance') spec.floatRelTol = value;
        break;
      }
      default:
        return {
          error: `unknown flag ${JSON.stringify(flag)} for the default output validator${didYouMean(flag, DEFAULT_VALIDATOR_FLAGS)} (it takes ${DEFAULT_VALIDATOR_FLAGS.join(', ')})`,
        };
    }
  }
  return { spec };
}

/** The arguments that give a default-validator spec (the inverse of {@link parseDefaultValidatorFlags}). */
export function defaultValidatorFlags(spec: DefaultValidatorSpec): string[] {
  const args: string[] = [];
  if (spec.caseSensitive) args.push('case_sensitive');
  if (spec.spaceChangeSensitive) args.push('space_change_sensitive');
  if (spec.floatAbsTol !== undefined && spec.floatAbsTol === spec.floatRelTol) {
    args.push('float_tolerance', String(spec.floatAbsTol));
  } else {
    if (spec.floatAbsTol !== undefined) args.push('float_absolute_tolerance', String(spec.floatAbsTol));
    if (spec.floatRelTol !== undefined) args.push('float_relative_tolerance', String(spec.floatRelTol));
  }
  return args;
}
