import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../api/errors';
import { useLoad } from '../../shell/useLoad';
import { usePageTitle } from '../../shell/usePageTitle';
import { saveFile } from '../../trajectory/saveFile';
import { useMapApi } from './api';
import { LeafletMap } from './LeafletMap';

/**
 * One cut: its stats (addresses, visited, coverage, support), its shape to
 * reshape on the map, and its walk sheet in walking order, ready to print.
 */
export function CutPage() {
  const { id = '' } = useParams();
  const api = useMapApi();
  const navigate = useNavigate();
  const load = useLoad(async () => {
    const [settings, cut, stats, sheet] = await Promise.all([api.settings(), api.cut(id), api.stats(id), api.walkSheet(id)]);
    return { settings, cut, stats, sheet };
  }, [api, id]);
  const [problem, setProblem] = useState<string | null>(null);
  usePageTitle(load.data?.cut.name ?? 'Cut');

  if (load.loading && !load.data) return <p role="status">Loading the cut…</p>;
  if (load.error || !load.data) {
    return (
      <p role="alert">
        The cut could not be loaded: {load.error} <Link to="..">Back to the map</Link>
      </p>
    );
  }
  const { settings, cut, stats, sheet } = load.data;
  const downloadPdf = async () => {
    setProblem(null);
    try {
      saveFile(await api.walkSheetPdf(cut.id), `walk-sheet-${cut.name}.pdf`);
    } catch (caught) {
      setProblem(errorMessage(caught));
    }
  };
  const remove = async () => {
    if (!window.confirm(`Delete the cut “${cut.name}”? Its households stay on the map.`)) return;
    try {
      await api.deleteCut(cut.id);
      navigate('/changemaker/map');
    } catch (caught) {
      setProblem(errorMessage(caught));
    }
  };
  return (
    <section aria-labelledby="cut-heading">
      <h1 id="cut-heading">{cut.name}</h1>
      <p className="muted no-print">
        {cut.category} · {(cut.area_m2 / 1e6).toFixed(2)} km² · <Link to="/changemaker/map">back to the map</Link>
      </p>
      <dl className="cut-stats" aria-label="Stats">
        <div>
          <dt>Addresses</dt>
          <dd data-testid="stat-addresses">{stats.addresses}</dd>
        </div>
        <div>
          <dt>Visited</dt>
          <dd>{stats.visited}</dd>
        </div>
        <div>
          <dt>Coverage</dt>
          <dd>{stats.coverage_percent}%</dd>
        </div>
        <div>
          <dt>Support 1 / 2 / 3 / 4 / unknown</dt>
          <dd>
            {stats.support.level_1} / {stats.support.level_2} / {stats.support.level_3} / {stats.support.level_4} /{' '}
            {stats.support.unknown}
          </dd>
        </div>
        <div>
          <dt>Lawn signs</dt>
          <dd>{stats.lawn_signs}</dd>
        </div>
      </dl>
      <div className="no-print">
        <LeafletMap
          settings={settings}
          markers={[]}
          cuts={[cut]}
          onEdit={async (_, shape) => {
            setProblem(null);
            try {
              await api.updateCut(cut.id, { geometry: shape as never });
              load.reload();
            } catch (caught) {
              setProblem(errorMessage(caught));
            }
          }}
        />
        {problem && <p role="alert">{problem}</p>}
        <p>
          <button onClick={() => window.print()}>Print the walk sheet</button>{' '}
          <button onClick={downloadPdf}>Download the walk sheet (PDF)</button>{' '}
          <button onClick={remove}>Delete the cut</button>
        </p>
      </div>
      <h2>Walk sheet</h2>
      <p>
        {sheet.stops.length} doors, about {(sheet.total_distance_m / 1000).toFixed(1)} km, in walking order from the cut’s
        first corner.
      </p>
      {sheet.stops.length === 0 ? (
        <p className="muted">No household inside this cut yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="walk-sheet">
            <thead>
              <tr>
                <th>#</th>
                <th>Address</th>
                <th>Name</th>
                <th>Support</th>
                <th>Sign</th>
                <th>Notes</th>
                <th>Outcome</th>
              </tr>
            </thead>
            <tbody>
              {sheet.stops.map((s) => (
                <tr key={s.location_id}>
                  <td>{s.order}</td>
                  <td>
                    {s.address}
                    {s.unit ? `, ${s.unit}` : ''}
                  </td>
                  <td>{s.occupant_name}</td>
                  <td>{s.support_level ?? ''}</td>
                  <td>{s.lawn_sign ? 'yes' : ''}</td>
                  <td>{s.notes}</td>
                  <td className="mark" />
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
