import { describe, expect, it } from 'vitest';
import { makeVisit } from '../../test/trajectory';
import { icsFilename, visitIcs } from './ics';

describe('a visit as a calendar entry', () => {
  const now = new Date('2025-06-10T10:00:00Z');

  it('is an all-day event without a time, escaped as iCalendar wants', () => {
    const visit = makeVisit({ visit_date: '2025-06-20', title: 'Shots; boosters, too', location: 'Clinic\nRoom 2', provider: 'Dr Somerville' });
    const ics = visitIcs(visit, 'Byron', now);
    expect(ics.split('\r\n')).toEqual([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Trajectory//Visits//EN',
      'CALSCALE:GREGORIAN',
      'BEGIN:VEVENT',
      `UID:visit-${visit.id}@trajectory`,
      'DTSTAMP:20250610T100000Z',
      'DTSTART;VALUE=DATE:20250620',
      'DURATION:P1D',
      'SUMMARY:Byron: Wellness visit (Shots\\; boosters\\, too)',
      'LOCATION:Clinic\\nRoom 2',
      'DESCRIPTION:With Dr Somerville',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ]);
    expect(icsFilename(visit, 'Byron Lovelace')).toBe('byron-lovelace-2025-06-20.ics');
  });

  it('starts at the visit’s time of day, an hour long; long lines are folded', () => {
    const ics = visitIcs(makeVisit({ visit_date: '2025-06-20', visit_time: '14:30:00', title: 'x'.repeat(90) }), 'Byron', now);
    expect(ics).toContain('DTSTART:20250620T143000\r\nDURATION:PT1H');
    expect(ics.split('\r\n').every((line) => line.length <= 75)).toBe(true);
    expect(ics).toContain('\r\n x');
  });
});
