import { useState } from 'react';
import { Link } from 'react-router-dom';
import { errorMessage } from '../../api/errors';
import { useLoad } from '../../shell/useLoad';
import { usePageTitle } from '../../shell/usePageTitle';
import { useMapApi } from './api';
import { saveFile } from '../../trajectory/saveFile';

/** The households as a list: search by address, page through, export as CSV. */
export function LocationsPage() {
  usePageTitle('Locations');
  const api = useMapApi();
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [problem, setProblem] = useState<string | null>(null);
  const load = useLoad(() => api.locations({ q: q || undefined, page }), [api, q, page]);
  const exportCsv = async () => {
    try {
      saveFile(await api.exportCsv(), 'locations.csv');
    } catch (caught) {
      setProblem(errorMessage(caught));
    }
  };
  const total = load.data?.meta.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / 50));
  return (
    <section aria-labelledby="locations-heading">
      <h1 id="locations-heading">Locations</h1>
      <p>
        <Link to="new">Add a household</Link> · <Link to="../import">Import a CSV</Link> ·{' '}
        <button onClick={exportCsv}>Export CSV</button>
      </p>
      {problem && <p role="alert">{problem}</p>}
      <label>
        Search addresses{' '}
        <input
          type="search"
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setPage(1);
          }}
        />
      </label>
      {load.error && <p role="alert">{load.error}</p>}
      {load.loading && !load.data && <p role="status">Loading…</p>}
      {load.data && load.data.data.length === 0 && <p className="muted">No household matches.</p>}
      {load.data && load.data.data.length > 0 && (
        <>
          <ul className="location-list">
            {load.data.data.map((l) => (
              <li key={l.id}>
                <Link to={l.id}>
                  {l.address}
                  {l.unit ? `, ${l.unit}` : ''}
                </Link>{' '}
                <span className="muted">
                  {l.occupant_name} · support {l.support_level ?? '?'} · {l.geocode_status}
                </span>
              </li>
            ))}
          </ul>
          <p>
            <button disabled={page <= 1} onClick={() => setPage(page - 1)}>
              Previous
            </button>{' '}
            Page {page} of {pages} ({total}){' '}
            <button disabled={page >= pages} onClick={() => setPage(page + 1)}>
              Next
            </button>
          </p>
        </>
      )}
    </section>
  );
}
