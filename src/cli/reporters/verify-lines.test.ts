import { describe, expect, it } from 'vitest';
import { validatorsNote } from './verify-lines.js';

describe('validatorsNote', () => {
  it("calls an interactive problem's program its interactor, not an output validator", () => {
    expect(validatorsNote({ type: 'validators', count: 1, interactive: true })).toBe('compiled the interactor');
    expect(validatorsNote({ type: 'validators', count: 1, interactive: false })).toBe('compiled 1 output validator');
    expect(validatorsNote({ type: 'validators', count: 3, interactive: false })).toBe('compiled 3 output validators');
  });
});
