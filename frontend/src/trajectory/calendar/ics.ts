/**
 * A visit as an iCalendar file (RFC 5545), so an appointment can go into the
 * phone's own calendar. Built in the browser from the record already shown.
 */
import type { Visit } from '../../api/trajectoryTypes';
import { VISIT_LABELS } from '../labels';

/** Text as iCalendar wants it: backslashes, commas, semicolons and newlines escaped. */
function text(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/,/g, '\\,').replace(/;/g, '\\;');
}

/** Lines longer than 75 octets are folded, as the format requires. */
function fold(line: string): string {
  const bytes = new TextEncoder().encode(line);
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  for (const ch of line) {
    if (new TextEncoder().encode(current + ch).length > (parts.length ? 74 : 75)) {
      parts.push(current);
      current = '';
    }
    current += ch;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * The `.ics` text of a visit of `childName`. With a time of day the event starts
 * then (floating local time, an hour long); without one it is an all-day event.
 */
export function visitIcs(visit: Visit, childName: string, now = new Date()): string {
  const day = visit.visit_date.replace(/-/g, '');
  const type = VISIT_LABELS[visit.type] ?? visit.type;
  const summary = `${childName}: ${type} visit${visit.title ? ` (${visit.title})` : ''}`;
  const time = visit.visit_time?.match(/^(\d{2}):(\d{2})/);
  const when = time
    ? [`DTSTART:${day}T${time[1]}${time[2]}00`, 'DURATION:PT1H']
    : [`DTSTART;VALUE=DATE:${day}`, 'DURATION:P1D'];
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Trajectory//Visits//EN',
    'CALSCALE:GREGORIAN',
    'BEGIN:VEVENT',
    `UID:visit-${visit.id}@trajectory`,
    `DTSTAMP:${stamp(now)}`,
    ...when,
    `SUMMARY:${text(summary)}`,
    ...(visit.location ? [`LOCATION:${text(visit.location)}`] : []),
    ...(visit.provider ? [`DESCRIPTION:${text(`With ${visit.provider}`)}`] : []),
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return `${lines.map(fold).join('\r\n')}\r\n`;
}

/** A file name for the visit's calendar entry: "byron-2025-06-20.ics". */
export function icsFilename(visit: Visit, childName: string): string {
  const slug = childName.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'visit';
  return `${slug}-${visit.visit_date}.ics`;
}
