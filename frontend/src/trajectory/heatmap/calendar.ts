/** The days of a year laid out as a calendar heatmap: one column per week, Monday on top. */

export interface CalendarCell {
  date: string;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  week: number;
  count: number;
}

function iso(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function yearCells(year: number, counts: Map<string, number>): CalendarCell[] {
  const cells: CalendarCell[] = [];
  const first = new Date(Date.UTC(year, 0, 1));
  const offset = (first.getUTCDay() + 6) % 7;
  for (let day = new Date(first); day.getUTCFullYear() === year; day.setUTCDate(day.getUTCDate() + 1)) {
    const index = Math.round((day.getTime() - first.getTime()) / 86_400_000) + offset;
    const date = iso(day);
    cells.push({ date, weekday: index % 7, week: Math.floor(index / 7), count: counts.get(date) ?? 0 });
  }
  return cells;
}

/** 0 for none, then 1, 2 and 3 for one, two and three or more illnesses that day. */
export function level(count: number): 0 | 1 | 2 | 3 {
  return count <= 0 ? 0 : count === 1 ? 1 : count === 2 ? 2 : 3;
}

/** The first week column of each month, for the labels above the grid. */
export function monthStarts(cells: CalendarCell[]): { month: number; week: number }[] {
  return cells
    .filter((c) => c.date.endsWith('-01'))
    .map((c) => ({ month: Number(c.date.slice(5, 7)) - 1, week: c.weekday === 0 ? c.week : c.week + 1 }));
}
