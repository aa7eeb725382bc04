import { useState } from 'react';
import { Link, useNavigate } from 'react-router-dom';
import { errorMessage } from '../../api/errors';
import { useLoad } from '../../shell/useLoad';
import { usePageTitle } from '../../shell/usePageTitle';
import { useMapApi } from './api';
import { LeafletMap, SUPPORT_COLOURS, type DrawnShape } from './LeafletMap';
import type { CutCategory } from './types';

const CATEGORIES: CutCategory[] = ['custom', 'ward', 'neighbourhood', 'district'];

/** The organisers' map: every placed household (clustered), the cuts, and drawing a new cut. */
export function MapPage() {
  usePageTitle('Map');
  const api = useMapApi();
  const navigate = useNavigate();
  const load = useLoad(async () => {
    const [settings, markers, cuts] = await Promise.all([api.settings(), api.markers(), api.cuts()]);
    return { settings, markers, cuts: cuts.data };
  }, [api]);
  const [drawn, setDrawn] = useState<DrawnShape | null>(null);

  if (load.loading && !load.data) return <p role="status">Loading the map…</p>;
  if (load.error || !load.data) {
    return (
      <p role="alert">
        The map could not be loaded: {load.error} <button onClick={load.reload}>Try again</button>
      </p>
    );
  }
  const { settings, markers, cuts } = load.data;
  return (
    <section aria-labelledby="map-heading">
      <h1 id="map-heading">Map</h1>
      <p className="muted">
        {markers.length} households placed · {cuts.length} cuts. Draw a polygon or rectangle to add a cut.
      </p>
      {markers.length === 0 && (
        <p className="card">
          No household is on the map yet: <Link to="import">import a CSV</Link> or <Link to="locations/new">add one</Link>.
        </p>
      )}
      <LeafletMap
        settings={settings}
        markers={markers}
        cuts={cuts}
        onDraw={setDrawn}
        onOpenCut={(cut) => navigate(`cuts/${cut.id}`)}
        onOpenMarker={(m) => navigate(`locations/${m.id}`)}
      />
      <Legend />
      {drawn && (
        <NewCutForm
          shape={drawn}
          onCancel={() => setDrawn(null)}
          onSaved={(id) => {
            setDrawn(null);
            navigate(`cuts/${id}`);
          }}
        />
      )}
      <h2>Cuts</h2>
      {cuts.length === 0 ? (
        <p className="muted">No cut yet.</p>
      ) : (
        <ul>
          {cuts.map((c) => (
            <li key={c.id}>
              <span className="swatch" style={{ background: c.colour }} aria-hidden="true" />{' '}
              <Link to={`cuts/${c.id}`}>{c.name}</Link> <span className="muted">({c.category})</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Legend() {
  return (
    <p className="map-legend" aria-label="Legend">
      {[1, 2, 3, 4].map((level) => (
        <span key={level}>
          <span className="swatch" style={{ background: SUPPORT_COLOURS[level] }} aria-hidden="true" /> support {level}
        </span>
      ))}
      <span>
        <span className="swatch" style={{ background: '#888' }} aria-hidden="true" /> unknown
      </span>
      <span>dark ring: visited</span>
    </p>
  );
}

function NewCutForm({ shape, onCancel, onSaved }: { shape: DrawnShape; onCancel(): void; onSaved(id: string): void }) {
  const api = useMapApi();
  const [name, setName] = useState('');
  const [category, setCategory] = useState<CutCategory>('custom');
  const [colour, setColour] = useState('#3388ff');
  const [error, setError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(null);
    try {
      const cut = await api.createCut({ name, category, colour, description: '', geometry: shape as never });
      onSaved(cut.id);
    } catch (caught) {
      setError(errorMessage(caught));
    } finally {
      setSaving(false);
    }
  };
  return (
    <form className="card" onSubmit={save} aria-label="New cut">
      <h2>New cut</h2>
      <label>
        Name <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={120} />
      </label>
      <label>
        Category{' '}
        <select value={category} onChange={(e) => setCategory(e.target.value as CutCategory)}>
          {CATEGORIES.map((c) => (
            <option key={c}>{c}</option>
          ))}
        </select>
      </label>
      <label>
        Colour <input type="color" value={colour} onChange={(e) => setColour(e.target.value)} />
      </label>
      {error && <p role="alert">{error}</p>}
      <button type="submit" disabled={saving}>
        {saving ? 'Saving…' : 'Save cut'}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </form>
  );
}
