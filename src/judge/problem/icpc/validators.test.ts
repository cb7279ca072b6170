import { describe, expect, it } from 'vitest';
import { programLanguage } from './validators.js';

describe('programLanguage', () => {
  it('tells a validator folder\'s language from its sources; build/run scripts win', () => {
    expect(programLanguage(['validator.cpp', 'lib.h', 'lib.cc'])).toBe('cpp');
    expect(programLanguage(['validate.c', 'util.h'])).toBe('c');
    expect(programLanguage(['__main__.py', '__init__.py', 'helpers.py'])).toBe('python');
    expect(programLanguage(['Validator.java'])).toBe('java');
    expect(programLanguage(['build', 'run', 'validator.rs'])).toBe('script');
    expect(programLanguage(['README.md', 'validator.rs'])).toBeUndefined();
  });
});
