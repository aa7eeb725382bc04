/**
 * Viewer analytics (`GET /api/media/analytics`, `GET /api/media/videos/{id}/analytics`):
 * views and watch time by day (UTC days, as the server counts them), the
 * completion rate (views that watched at least 90 %), and the most viewed
 * videos, over the last 7, 30 or 90 days. Each chart has its numbers in
 * text beside it for screen readers.
 */
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { FormError, Loading } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { usePageTitle } from '../../shell/usePageTitle';
import { formatDate } from '../../trajectory/dates';
import { type Day, type TopVideo, type Totals, useMediaApi } from './api';

/** The periods a dashboard offers, in days. */
export const PERIODS = [7, 30, 90] as const;

/** A share from 0 to 1 as a whole percentage: "67 %". */
export function percent(rate: number): string {
  return `${Math.round(rate * 100)} %`;
}

/** Watch time in words: "45 s", "12 min", "3 h 5 min". */
export function watchTime(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/** The chart rows of a period: each day's label, views and watch time in minutes. */
export function chartDays(daily: Day[]): { label: string; views: number; minutes: number }[] {
  return daily.map((d) => ({ label: formatDate(d.day), views: d.views, minutes: Math.round((d.watch_seconds / 60) * 10) / 10 }));
}

function PeriodPicker({ days, onChange }: { days: number; onChange(days: number): void }) {
  return (
    <label>
      Period{' '}
      <select value={days} onChange={(e) => onChange(Number(e.target.value))}>
        {PERIODS.map((d) => (
          <option key={d} value={d}>
            Last {d} days
          </option>
        ))}
      </select>
    </label>
  );
}

function Summary({ totals, days }: { totals: Totals; days: number }) {
  return (
    <dl className="stats" aria-label="Totals">
      <div>
        <dt>Views</dt>
        <dd>{totals.views}</dd>
      </div>
      <div>
        <dt>Viewers</dt>
        <dd>{totals.viewers}</dd>
      </div>
      <div>
        <dt>Watch time</dt>
        <dd>{watchTime(totals.watch_seconds)}</dd>
      </div>
      <div>
        <dt>Completion rate</dt>
        <dd>{percent(totals.completion_rate)}</dd>
      </div>
      <p className="muted">Over the last {days} days; a viewer’s repeat plays within an hour count once.</p>
    </dl>
  );
}

function DailyCharts({ totals }: { totals: Totals }) {
  const rows = chartDays(totals.daily);
  return (
    <>
      <figure className="growth-chart" aria-label={`Views per day: ${totals.views} in all`}>
        <figcaption>Views over time</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <BarChart data={rows} margin={{ top: 8, right: 12, bottom: 8, left: 0 }}>
            <CartesianGrid vertical={false} />
            <XAxis dataKey="label" interval="preserveStartEnd" tick={{ fontSize: 11 }} />
            <YAxis allowDecimals={false} width={36} />
            <Tooltip />
            <Bar dataKey="views" name="Views" fill="#1f5f8b" />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <figure className="growth-chart" aria-label={`Watch time per day: ${watchTime(totals.watch_seconds)} in all`}>
        <figcaption>Watch time (minutes)</figcaption>
        <ResponsiveContainer width="100%" height={220}>
          <LineChart data={rows} margin={{ top: 8, right: 12, bottom: 8, left: 0 }}>
            <CartesianGrid vertical={false} />
            <XAxis dataKey="label" interval="preserveStartEnd" tick={{ fontSize: 11 }} />
            <YAxis width={36} />
            <Tooltip />
            <Line type="monotone" dataKey="minutes" name="Minutes" stroke="#1f5f8b" dot={false} />
          </LineChart>
        </ResponsiveContainer>
      </figure>
    </>
  );
}

function TopVideos({ videos }: { videos: TopVideo[] }) {
  if (videos.length === 0) return null;
  const rows = videos.map((v) => ({ title: v.title, views: v.views, completion: Math.round(v.completion_rate * 100) }));
  return (
    <section aria-labelledby="top-videos-heading">
      <h2 id="top-videos-heading">Top videos</h2>
      <figure className="growth-chart" aria-label="Views of the top videos">
        <ResponsiveContainer width="100%" height={Math.max(120, 36 * rows.length)}>
          <BarChart data={rows} layout="vertical" margin={{ top: 8, right: 12, bottom: 8, left: 0 }}>
            <XAxis type="number" allowDecimals={false} />
            <YAxis type="category" dataKey="title" width={140} tick={{ fontSize: 11 }} />
            <Tooltip />
            <Bar dataKey="views" name="Views" fill="#1f5f8b" />
            <Bar dataKey="completion" name="Completion %" fill="#8fb8d6" />
          </BarChart>
        </ResponsiveContainer>
      </figure>
      <table>
        <thead>
          <tr>
            <th scope="col">Video</th>
            <th scope="col">Views</th>
            <th scope="col">Watch time</th>
            <th scope="col">Completion</th>
          </tr>
        </thead>
        <tbody>
          {videos.map((v) => (
            <tr key={v.id}>
              <th scope="row">
                <Link to={`/changemaker/media/videos/${v.id}/analytics`}>{v.title}</Link>
              </th>
              <td>{v.views}</td>
              <td>{watchTime(v.watch_seconds)}</td>
              <td>{percent(v.completion_rate)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function Report({ totals, days, top }: { totals: Totals; days: number; top?: TopVideo[] }) {
  return (
    <>
      <Summary totals={totals} days={days} />
      {totals.views === 0 ? <p className="muted">No views in this period yet.</p> : <DailyCharts totals={totals} />}
      {top && <TopVideos videos={top} />}
    </>
  );
}

/** `/changemaker/media/analytics`: the whole gallery. */
export function AnalyticsDashboard() {
  usePageTitle('Video analytics');
  const api = useMediaApi();
  const [days, setDays] = useState(30);
  const dashboard = useLoad(() => api.analytics(days), [api, days]);
  return (
    <section aria-labelledby="analytics-heading">
      <h1 id="analytics-heading">Video analytics</h1>
      <PeriodPicker days={days} onChange={setDays} />
      <FormError message={dashboard.error} />
      {dashboard.loading && <Loading label="Loading analytics…" />}
      {dashboard.data && !dashboard.loading && <Report totals={dashboard.data} days={days} top={dashboard.data.top_videos} />}
    </section>
  );
}

/** `/changemaker/media/videos/:id/analytics`: one video. */
export function VideoAnalytics() {
  const { id = '' } = useParams();
  const api = useMediaApi();
  const [days, setDays] = useState(30);
  const video = useLoad(() => api.video(id), [api, id]);
  const totals = useLoad(() => api.videoAnalytics(id, days), [api, id, days]);
  const title = video.data ? `Analytics of ${video.data.title}` : 'Video analytics';
  usePageTitle(title);
  return (
    <section aria-labelledby="video-analytics-heading">
      <h1 id="video-analytics-heading">{title}</h1>
      <p>
        <Link to="/changemaker/media/analytics">All videos</Link>
      </p>
      <PeriodPicker days={days} onChange={setDays} />
      <FormError message={totals.error ?? video.error} />
      {totals.loading && <Loading label="Loading analytics…" />}
      {totals.data && !totals.loading && <Report totals={totals.data} days={days} />}
    </section>
  );
}
