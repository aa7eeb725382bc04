import { describe, expect, it } from 'vitest';
import { byDay, shiftDay, shiftTimes } from './api';

const shift = (starts_at: string, ends_at: string) => ({ starts_at, ends_at, time_zone: 'America/Edmonton' });

describe('shift times', () => {
  it('are shown in the shift’s own zone, across a daylight-saving change', () => {
    const winter = shift('2027-03-13T17:00:00Z', '2027-03-13T20:00:00Z');
    const summer = shift('2027-03-20T16:00:00Z', '2027-03-20T19:00:00Z');
    expect(shiftTimes(winter)).toBe('10:00 – 13:00 MST');
    expect(shiftTimes(summer)).toBe('10:00 – 13:00 MDT');
    expect(shiftDay(summer)).toBe('Saturday, March 20');
  });

  it('group by the local day, in order', () => {
    // 03:00 UTC on the 14th is still the evening of the 13th in Edmonton.
    const days = byDay([
      shift('2027-03-13T17:00:00Z', '2027-03-13T20:00:00Z'),
      shift('2027-03-14T03:00:00Z', '2027-03-14T05:00:00Z'),
      shift('2027-03-14T17:00:00Z', '2027-03-14T20:00:00Z'),
    ]);
    expect(days.map(([day, list]) => [day, list.length])).toEqual([
      ['Saturday, March 13', 2],
      ['Sunday, March 14', 1],
    ]);
  });
});
