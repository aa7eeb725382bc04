import type { HeatmapDay } from '../../api/trajectoryTypes';
import { formatDate } from '../dates';
import { level, monthStarts, yearCells } from './calendar';

const CELL = 12;
const GAP = 2;
const TOP = 16;
const LEFT = 28;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Mon', '', 'Wed', '', 'Fri', '', ''];

function describe(date: string, count: number): string {
  if (count === 0) return `${formatDate(date)}: no illness`;
  return `${formatDate(date)}: ${count} ${count === 1 ? 'illness' : 'illnesses'}`;
}

/** A year of days, shaded by how many illnesses were ongoing on each. */
export function IllnessHeatmap({ year, days }: { year: number; days: HeatmapDay[] }) {
  const counts = new Map(days.map((d) => [d.date, d.count]));
  const cells = yearCells(year, counts);
  const weeks = Math.max(...cells.map((c) => c.week)) + 1;
  const sick = cells.filter((c) => c.count > 0).length;
  const width = LEFT + weeks * (CELL + GAP);
  const height = TOP + 7 * (CELL + GAP);
  return (
    <figure className="heatmap">
      <div className="heatmap-scroll">
        <svg
          viewBox={`0 0 ${width} ${height}`}
          width={width}
          height={height}
          role="img"
          aria-label={`Illness calendar ${year}: ${sick} ${sick === 1 ? 'day' : 'days'} with illness`}
        >
          {monthStarts(cells).map(({ month, week }) => (
            <text key={month} x={LEFT + week * (CELL + GAP)} y={10} className="heatmap-label">
              {MONTHS[month]}
            </text>
          ))}
          {DAYS.map((label, i) =>
            label ? (
              <text key={label} x={0} y={TOP + i * (CELL + GAP) + CELL - 2} className="heatmap-label">
                {label}
              </text>
            ) : null,
          )}
          {cells.map((c) => (
            <rect
              key={c.date}
              x={LEFT + c.week * (CELL + GAP)}
              y={TOP + c.weekday * (CELL + GAP)}
              width={CELL}
              height={CELL}
              rx={2}
              className={`heat-${level(c.count)}`}
              data-date={c.date}
              data-count={c.count}
            >
              <title>{describe(c.date, c.count)}</title>
            </rect>
          ))}
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
