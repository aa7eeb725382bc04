import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { CampaignStats } from '../../../api/influenceTypes';

/** Emails per day over the last 30 days, sent through the server and opened in mail apps. */
export function EmailsChart({ stats }: { stats: CampaignStats }) {
  const rows = stats.per_day.map((d) => ({ day: d.day.slice(5), server: d.server, mailto: d.mailto }));
  const total = stats.per_day.reduce((sum, d) => sum + d.server + d.mailto, 0);
  return (
    <figure className="growth-chart" aria-label={`Emails per day: ${total} in the last 30 days`}>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={rows} margin={{ top: 8, right: 12, bottom: 8, left: 0 }}>
          <CartesianGrid stroke="#e6e9ef" vertical={false} />
          <XAxis dataKey="day" interval="preserveStartEnd" tick={{ fontSize: 11 }} />
          <YAxis allowDecimals={false} width={36} />
          <Tooltip />
          <Legend verticalAlign="top" height={28} />
          <Bar dataKey="server" name="Sent" stackId="emails" fill="#1f5f8b" />
          <Bar dataKey="mailto" name="Mail app" stackId="emails" fill="#8fb8d6" />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
