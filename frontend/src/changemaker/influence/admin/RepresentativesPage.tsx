import { useState, type FormEvent } from 'react';
import { errorMessage } from '../../../api/errors';
import type { Level, RepresentativeRecord } from '../../../api/influenceTypes';
import { LEVELS } from '../../../api/influenceTypes';
import { ConfirmButton } from '../../../shell/confirm';
import { FormError, Loading } from '../../../shell/forms';
import { useLoad } from '../../../shell/useLoad';
import { usePageTitle } from '../../../shell/usePageTitle';
import { useInfluence } from '../hooks';
import { LEVEL_LABELS } from '../labels';
import { Pager } from '../Pager';
import { ImportPanel } from './ImportPanel';

/** Representatives by level and district, with search, quick edits and the two CSV imports. */
export function RepresentativesPage() {
  usePageTitle('Representatives');
  const api = useInfluence();
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  const [level, setLevel] = useState<Level | undefined>(undefined);
  const [page, setPage] = useState(1);
  const load = useLoad(() => api.representatives({ q, level, page }), [api, q, level, page]);

  function onSearch(event: FormEvent) {
    event.preventDefault();
    setQ(typed);
    setPage(1);
  }

  return (
    <>
      <h1>Representatives</h1>
      <form className="search" role="search" onSubmit={onSearch}>
        <label className="visually-hidden" htmlFor="rep-search">
          Search representatives
        </label>
        <input id="rep-search" type="search" placeholder="Name, district, office or email" value={typed} onChange={(e) => setTyped(e.target.value)} />
        <button type="submit">Search</button>
      </form>
      <div className="filters" role="group" aria-label="Level">
        <button type="button" aria-pressed={level === undefined} onClick={() => setLevel(undefined)}>
          All levels
        </button>
        {LEVELS.map((l) => (
          <button key={l} type="button" aria-pressed={level === l} onClick={() => { setLevel(l); setPage(1); }}>
            {LEVEL_LABELS[l]}
          </button>
        ))}
      </div>
      {load.loading && <Loading label="Loading representatives…" />}
      <FormError message={load.error} />
      {load.data && (
        <>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th>Name</th>
                  <th>Office</th>
                  <th>Level</th>
                  <th>Email</th>
                  <th>Source</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {load.data.data.map((rep) => (
                  <RepresentativeRow key={rep.id} rep={rep} onChanged={load.reload} />
                ))}
              </tbody>
            </table>
          </div>
          <p className="muted">{load.data.meta.total} representatives</p>
          <Pager meta={load.data.meta} onPage={setPage} />
        </>
      )}
      <ImportPanel
        kind="representatives"
        title="Import representatives"
        columns="name, elected_office, level, district (required); key, email, party, photo_url, phone, address"
        onImported={load.reload}
      />
      <ImportPanel
        kind="postal-codes"
        title="Import postal codes"
        columns="postal_code (K1A 0B1, or K1A for a whole area), level, district"
        onImported={load.reload}
      />
    </>
  );
}

function RepresentativeRow({ rep, onChanged }: { rep: RepresentativeRecord; onChanged(): void }) {
  const api = useInfluence();
  const [email, setEmail] = useState(rep.email);
  const [error, setError] = useState<string | null>(null);

  async function save() {
    setError(null);
    try {
      await api.updateRepresentative(rep.id, { email });
      onChanged();
    } catch (caught) {
      setError(errorMessage(caught));
    }
  }

  return (
    <tr>
      <td>{rep.name}</td>
      <td>
        {rep.elected_office}, {rep.district}
      </td>
      <td>{LEVEL_LABELS[rep.level]}</td>
      <td>
        <input aria-label={`Email of ${rep.name}`} type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
        {email !== rep.email && (
          <button type="button" onClick={save}>
            Save
          </button>
        )}
        <FormError message={error} />
      </td>
      <td>{rep.source}</td>
      <td>
        <ConfirmButton label="Remove" confirmLabel={`Yes, remove ${rep.name}`} className="link-button" onConfirm={async () => { await api.deleteRepresentative(rep.id); onChanged(); }} />
      </td>
    </tr>
  );
}
