import { afterEach, describe, expect, it } from 'vitest';
import { formatDate, formatDay, formatMoment, setDateFormat } from './dates';

describe('the one date formatter', () => {
  afterEach(() => setDateFormat('auto'));

  it('writes a calendar date in each format a user may choose', () => {
    setDateFormat('mdy');
    expect(formatDate('2025-03-04')).toBe('03/04/2025');
    setDateFormat('dmy');
    expect(formatDate('2025-03-04')).toBe('04/03/2025');
    setDateFormat('iso');
    expect(formatDate('2025-03-04')).toBe('2025-03-04');
    setDateFormat('auto');
    expect(formatDate('2025-03-04')).toMatch(/4.*Mar.*2025|Mar.*4.*2025/);
  });

  it('leaves what is not a date as it is', () => {
    setDateFormat('dmy');
    expect(formatDate('soon')).toBe('soon');
    expect(formatDate('2025-02-30')).toBe('2025-02-30');
  });

  it('writes a moment as the user’s own calendar day', () => {
    setDateFormat('iso');
    const at = new Date(2025, 2, 4, 23, 30);
    expect(formatDay(at.toISOString())).toBe('2025-03-04');
  });

  it('writes a moment with its time: the time alone today, the day in the chosen format otherwise', () => {
    setDateFormat('dmy');
    const now = new Date(2025, 2, 4, 12, 0);
    const earlier = new Date(2025, 2, 4, 9, 5);
    const time = earlier.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    expect(formatMoment(earlier.toISOString(), now)).toBe(time);
    const yesterday = new Date(2025, 2, 3, 9, 5);
    expect(formatMoment(yesterday.toISOString(), now)).toBe(`03/03/2025, ${time}`);
    expect(formatMoment('not a time', now)).toBe('not a time');
  });
});
