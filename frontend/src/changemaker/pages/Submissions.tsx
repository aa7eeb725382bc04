import { FormError, Loading } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { usePagesApi } from './api';
import { formatMoment } from '../../trajectory/dates';

/** The messages a page's contact form received, newest first. */
export function Submissions({ pageId }: { pageId: string }) {
  const api = usePagesApi();
  const list = useLoad(() => api.submissions(pageId), [api, pageId]);
  return (
    <section>
      <h2>Messages</h2>
      {list.loading && <Loading />}
      <FormError message={list.error} />
      {list.data && list.data.data.length === 0 && <p className="muted">No message yet.</p>}
      {list.data && list.data.data.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th>Received</th>
                <th>From</th>
                <th>Message</th>
              </tr>
            </thead>
            <tbody>
              {list.data.data.map((m) => (
                <tr key={m.id}>
                  <td>{formatMoment(m.created_at)}</td>
                  <td>
                    {m.name}
                    <br />
                    <a href={`mailto:${m.email}`}>{m.email}</a>
                  </td>
                  <td style={{ whiteSpace: 'pre-wrap' }}>{m.message}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
