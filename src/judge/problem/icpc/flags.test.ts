import { describe, expect, it } from 'vitest';
import { defaultValidatorFlags, parseDefaultValidatorFlags } from './flags.js';

describe('parseDefaultValidatorFlags (problemtools default_validator arguments)', () => {
  it('is case-insensitive and space-insensitive with no tolerance by default', () => {
    expect(parseDefaultValidatorFlags([])).toEqual({ spec: { type: 'icpc-default', caseSensitive: false, spaceChangeSensitive: false } });
  });

  it('reads case_sensitive, space_change_sensitive and the three tolerances', () => {
    expect(parseDefaultValidatorFlags(['case_sensitive', 'space_change_sensitive'])).toEqual({
      spec: { type: 'icpc-default', caseSensitive: true, spaceChangeSensitive: true },
    });
    expect(parseDefaultValidatorFlags(['float_absolute_tolerance', '1e-6'])).toMatchObject({ spec: { floatAbsTol: 1e-6 } });
    expect(parseDefaultValidatorFlags(['float_relative_tolerance', '0.001'])).toMatchObject({ spec: { floatRelTol: 0.001 } });
    const both = parseDefaultValidatorFlags(['float_tolerance', '1e-9']);
    expect(both).toMatchObject({ spec: { floatAbsTol: 1e-9, floatRelTol: 1e-9 } });
  });

  it('later tolerances override earlier ones, as in problemtools', () => {
    expect(parseDefaultValidatorFlags(['float_tolerance', '1', 'float_absolute_tolerance', '2'])).toMatchObject({ spec: { floatAbsTol: 2, floatRelTol: 1 } });
  });

  it('rejects unknown flags, and tolerances without a (non-negative) number', () => {
    expect(parseDefaultValidatorFlags(['case_insensitive'])).toEqual({ error: expect.stringMatching(/^unknown flag "case_insensitive"/) });
    expect(parseDefaultValidatorFlags(['float_tolerence', '1e-6'])).toEqual({
      error: expect.stringMatching(/^unknown flag "float_tolerence" for the default output validator \(did you mean "float_tolerance"\?\)/),
    });
    expect(parseDefaultValidatorFlags(['float_tolerance'])).toEqual({ error: 'float_tolerance must be followed by a number' });
    expect(parseDefaultValidatorFlags(['float_tolerance', 'tiny'])).toEqual({ error: 'float_tolerance must be followed by a number, got "tiny"' });
    expect(parseDefaultValidatorFlags(['float_absolute_tolerance', '-1'])).toEqual({ error: 'float_absolute_tolerance must not be negative, got -1' });
  });

  it('defaultValidatorFlags gives arguments that parse back to the same spec', () => {
    for (const args of [[], ['case_sensitive'], ['space_change_sensitive', 'float_tolerance', '0.5'], ['float_absolute_tolerance', '1', 'float_relative_tolerance', '2']]) {
      const parsed = parseDefaultValidatorFlags(args);
      if (!('spec' in parsed)) throw new Error(parsed.error);
      expect(parseDefaultValidatorFlags(defaultValidatorFlags(parsed.spec))).toEqual(parsed);
    }
  });
});
