import { useEffect, useRef } from 'react';
import type { HeatmapDay } from '../../api/trajectoryTypes';
import { formatDate, today } from '../dates';
import { level, monthStarts, yearCells } from './calendar';

const CELL = 12;
const GAP = 2;
const TOP = 16;
const LEFT = 34;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Mon', '', 'Wed', '', 'Fri', '', ''];

function describe(date: string, count: number): string {
  if (count === 0) return `${formatDate(date)}: no illness`;
  return `${formatDate(date)}: ${count} ${count === 1 ? 'illness' : 'illnesses'}`;
}

interface Props {
  year: number;
  days: HeatmapDay[];
  /** Called with a day that had illness when it is tapped, clicked or chosen with the keyboard. */
  onPick?(date: string): void;
  picked?: string | null;
}

/**
 * A year of days, shaded by how many illnesses were ongoing on each. On a narrow
 * screen the grid scrolls sideways and opens on the current months; days with
 * illness can be tapped to list them.
 */
export function IllnessHeatmap({ year, days, onPick, picked }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const counts = new Map(days.map((d) => [d.date, d.count]));
  const cells = yearCells(year, counts);
  const weeks = Math.max(...cells.map((c) => c.week)) + 1;
  const sick = cells.filter((c) => c.count > 0).length;
  const width = weeks * (CELL + GAP);
  const height = TOP + 7 * (CELL + GAP);
  const now = today();
  const currentWeek = cells.find((c) => c.date === now)?.week;

  // The current months first: scroll the grid so this week sits at the right edge.
  useEffect(() => {
    const box = scroller.current;
    if (!box || currentWeek === undefined) return;
    box.scrollLeft = Math.max(0, LEFT + (currentWeek + 2) * (CELL + GAP) - box.clientWidth);
  }, [currentWeek, year]);
  return (
    <figure className="heatmap">
      <div className="heatmap-scroll" ref={scroller}>
        {/* The weekday labels stay in view while the weeks scroll past them. */}
        <svg className="heatmap-days" width={LEFT} height={height} aria-hidden="true">
          {DAYS.map((label, i) =>
            label ? (
              <text key={label} x={0} y={TOP + i * (CELL + GAP) + CELL - 2} className="heatmap-label">
                {label}
              </text>
            ) : null,
          )}
        </svg>
        <svg
          viewBox={`0 0 ${width} ${height}`}
          width={width}
          height={height}
          role={onPick ? 'group' : 'img'}
          aria-label={`Illness calendar ${year}: ${sick} ${sick === 1 ? 'day' : 'days'} with illness`}
        >
          {monthStarts(cells).map(({ month, week }) => (
            <text key={month} x={week * (CELL + GAP)} y={12} className="heatmap-label">
              {MONTHS[month]}
            </text>
          ))}
          {cells.map((c) => {
            const pickable = onPick && c.count > 0;
            return (
              <rect
                key={c.date}
                x={c.week * (CELL + GAP)}
                y={TOP + c.weekday * (CELL + GAP)}
                width={CELL}
                height={CELL}
                rx={2}
                className={`heat-${level(c.count)}${picked === c.date ? ' picked' : ''}`}
                data-date={c.date}
                data-count={c.count}
                {...(pickable && {
                  role: 'button',
                  tabIndex: 0,
                  'aria-label': describe(c.date, c.count),
                  'aria-pressed': picked === c.date,
                  onClick: () => onPick(c.date),
                  onKeyDown: (event: React.KeyboardEvent) => {
                    if (event.key === 'Enter' || event.key === ' ') {
                      event.preventDefault();
                      onPick(c.date);
                    }
                  },
                })}
              >
                <title>{describe(c.date, c.count)}</title>
              </rect>
            );
          })}
        </svg>
      </div>
      <figcaption className="heatmap-legend">
        <span>{sick === 0 ? 'No illness recorded this year.' : `${sick} ${sick === 1 ? 'day' : 'days'} with illness.`}</span>
        <span className="legend-scale" aria-hidden="true">
          None
          {[0, 1, 2, 3].map((l) => (
            <svg key={l} width={CELL} height={CELL}>
              <rect width={CELL} height={CELL} rx={2} className={`heat-${l}`} />
            </svg>
          ))}
          3 or more
        </span>
      </figcaption>
    </figure>
  );
}
