import { describe, expect, it } from 'vitest';
import { offsetOf, positionOf } from './position';

describe('template problem positions', () => {
  it('reads the position the validator names', () => {
    expect(positionOf('{{SECRET}} is not a variable of this template (line 2, column 8)')).toEqual({ line: 2, column: 8 });
    expect(positionOf('The template cannot be read (line 0, column 0)')).toBeNull();
    expect(positionOf('Is required')).toBeNull();
  });

  it('finds the offset of a line and column', () => {
    const text = 'Hello\n  your {{PASSWORD}}';
    expect(text.slice(offsetOf(text, { line: 2, column: 8 }))).toBe('{{PASSWORD}}');
    expect(offsetOf(text, { line: 9, column: 1 })).toBe(text.length);
  });
});
