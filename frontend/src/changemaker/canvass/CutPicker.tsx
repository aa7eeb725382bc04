import { ApiError } from '../../api/errors';
import { FormError, Loading } from '../../shell/forms';
import { useLoad } from '../../shell/useLoad';
import { useSubmit } from '../../shell/useSubmit';
import { LoadError } from '../../trajectory/LoadError';
import { formatMoment } from '../../trajectory/dates';
import type { CanvassApi } from './api';
import { Coverage } from './Coverage';
import type { CanvassQueue } from './queue';
import type { CanvassSession } from './types';
import { fetchHouseholds } from './walk';

interface Props {
  api: CanvassApi;
  queue: CanvassQueue;
  online: boolean;
  onNotice(message: string): void;
}

/**
 * Before a walk: the session in progress to resume, if any, and every cut with
 * its coverage to start one. Starting fetches the walk list and keeps it on the
 * phone, so the walk itself needs no signal.
 */
export function CutPicker({ api, queue, online, onNotice }: Props) {
  const load = useLoad(() => Promise.all([api.cuts(), api.currentSession()]), [api, online]);
  const submit = useSubmit([]);

  async function resume(session: CanvassSession) {
    await queue.keepWalk(session, await fetchHouseholds(api, session.id));
  }

  const start = (cutId: string) =>
    submit.run(async () => {
      let session: CanvassSession;
      try {
        session = await api.startSession(cutId);
      } catch (caught) {
        const active = caught instanceof ApiError && caught.code === 'SESSION_ACTIVE' ? caught.details.session_id : null;
        if (typeof active !== 'string') throw caught;
        // One session at a time: the one already under way comes back.
        session = await api.session(active);
        onNotice(`You were already walking ${session.cut_name}: carry on where you left off.`);
      }
      await resume(session);
    });

  if (load.loading && !load.data) return <Loading label="Loading the cuts…" />;
  if (load.error || !load.data) {
    const why = online ? load.error : 'You are offline. The cuts load when you are back online; a walk started before then works offline.';
    return <LoadError title="Canvass" message={why} retry={load.reload} />;
  }
  const [cuts, current] = load.data;
  return (
    <section aria-labelledby="canvass-heading">
      <h1 id="canvass-heading">Canvass</h1>
      <FormError message={submit.error} />
      {current && (
        <div className="card" role="group" aria-label="CanvassSession in progress">
          <h2>Your session in progress</h2>
          <p>
            {current.cut_name}, started {formatMoment(current.started_at)} · {current.visits}{' '}
            {current.visits === 1 ? 'visit' : 'visits'}
          </p>
          <button type="button" className="primary" disabled={submit.pending} onClick={() => void submit.run(() => resume(current))}>
            Resume {current.cut_name}
          </button>
        </div>
      )}
      <h2>Pick a cut to walk</h2>
      {cuts.length === 0 ? (
        <p className="muted">No cut to walk yet: organisers draw them on the map.</p>
      ) : (
        <ul className="cut-list">
          {cuts.map((cut) => (
            <li key={cut.id} className="card cut-card" style={{ borderLeftColor: cut.colour }}>
              <h3>{cut.name}</h3>
              <Coverage name={cut.name} visited={cut.visited} addresses={cut.addresses} pct={cut.coverage_pct} />
              <button type="button" className="primary" disabled={submit.pending} onClick={() => void start(cut.id)}>
                {submit.pending ? 'Starting…' : 'Start'}
                <span className="visually-hidden"> canvassing {cut.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
