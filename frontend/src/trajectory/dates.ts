/** Dates as the API sends them: `YYYY-MM-DD`, read as calendar days (no time zone). */

/** Today in the user's time zone, as `YYYY-MM-DD`. */
export function today(now = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

/** The user's calendar date of a moment (an RFC 3339 timestamp), as `YYYY-MM-DD`. */
export function localDate(timestamp: string): string {
  const at = new Date(timestamp);
  return Number.isNaN(at.getTime()) ? timestamp.slice(0, 10) : today(at);
}

/** A moment as the day it is for the user: "8 Jan 2030". */
export function formatDay(timestamp: string): string {
  return formatDate(localDate(timestamp));
}

/**
 * A moment with its time, in the user's time zone: "14:05" when it is today,
 * else its day in the chosen date format and the time ("04/03/2025, 14:05").
 */
export function formatMoment(timestamp: string, now = new Date()): string {
  const at = new Date(timestamp);
  if (Number.isNaN(at.getTime())) return timestamp;
  const time = at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
  return localDate(timestamp) === today(now) ? time : `${formatDay(timestamp)}, ${time}`;
}

export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
}

function parts(iso: string): [number, number, number] {
  const [y, m, d] = iso.split('-').map(Number);
  return [y, m, d];
}

/** Whole days from `from` to `to`. */
export function daysBetween(from: string, to: string): number {
  const a = Date.UTC(...shift(parts(from)));
  const b = Date.UTC(...shift(parts(to)));
  return Math.round((b - a) / 86_400_000);
}

function shift([y, m, d]: [number, number, number]): [number, number, number] {
  return [y, m - 1, d];
}

/** A child's age in words: "3 weeks", "5 months", "2 years 3 months". */
export function ageText(dateOfBirth: string, on: string = today()): string {
  const days = daysBetween(dateOfBirth, on);
  if (days < 0) return 'not born yet';
  if (days < 14) return plural(days, 'day');
  let months = monthsBetween(dateOfBirth, on);
  if (months < 2) return plural(Math.floor(days / 7), 'week');
  if (months < 24) return plural(months, 'month');
  const years = Math.floor(months / 12);
  months -= years * 12;
  return months ? `${plural(years, 'year')} ${plural(months, 'month')}` : plural(years, 'year');
}

/** Whole calendar months from `from` to `on`: a birthday counts on its day. */
export function monthsBetween(from: string, on: string): number {
  const [fy, fm, fd] = parts(from);
  const [y, m, d] = parts(on);
  return (y - fy) * 12 + (m - fm) - (d < fd ? 1 : 0);
}

/** A child's age, short, as growth charts read it: "12 d", "6 mo", "1 y", "1 y 2 mo". */
export function ageShort(dateOfBirth: string, on: string): string {
  const days = daysBetween(dateOfBirth, on);
  if (days < 0) return 'before birth';
  const months = monthsBetween(dateOfBirth, on);
  if (months < 1) return `${days} d`;
  if (months < 12) return `${months} mo`;
  const years = Math.floor(months / 12);
  const rest = months % 12;
  return rest ? `${years} y ${rest} mo` : `${years} y`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** How dates are written: the locale's short month ("4 Mar 2025"), or digits in a fixed order. */
export type DateFormat = 'auto' | 'mdy' | 'dmy' | 'iso';

let dateFormat: DateFormat = 'auto';

/** Sets how `formatDate` writes dates (the display preferences call it). */
export function setDateFormat(format: DateFormat): void {
  dateFormat = format;
}

/** `2025-03-04` → "4 Mar 2025" in the user's locale, or 03/04/2025, 04/03/2025 or 2025-03-04 as they chose. */
export function formatDate(iso: string): string {
  if (!isIsoDate(iso)) return iso;
  const [y, m, d] = iso.split('-');
  switch (dateFormat) {
    case 'mdy':
      return `${m}/${d}/${y}`;
    case 'dmy':
      return `${d}/${m}/${y}`;
    case 'iso':
      return iso;
    case 'auto': {
      const [year, month, day] = parts(iso);
      return new Date(Date.UTC(year, month - 1, day)).toLocaleDateString(undefined, {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        timeZone: 'UTC',
      });
    }
  }
}
