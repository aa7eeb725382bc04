import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, errorMessage } from '../../api/errors';
import { useLoad } from '../../shell/useLoad';
import { usePageTitle } from '../../shell/usePageTitle';
import { useMapApi } from './api';
import type { Location, LocationFields, SignSize } from './types';
import { formatMoment } from '../../trajectory/dates';

const EMPTY: LocationFields = {
  address: '',
  unit: '',
  occupant_name: '',
  occupant_email: null,
  occupant_phone: null,
  support_level: null,
  lawn_sign: false,
  lawn_sign_size: null,
  notes: '',
  point: null,
};

/** Adds a household (`/locations/new`) or edits one, with its history. */
export function LocationEditor() {
  const { id = 'new' } = useParams();
  const creating = id === 'new';
  const api = useMapApi();
  const load = useLoad<Location | null>(() => (creating ? Promise.resolve(null) : api.location(id)), [api, id]);
  usePageTitle(creating ? 'New household' : (load.data?.address ?? 'Household'));
  if (load.loading && !load.data && !creating) return <p role="status">Loading…</p>;
  if (load.error) return <p role="alert">{load.error}</p>;
  return <Form key={load.data?.updated_at ?? 'new'} location={load.data} onSaved={load.setData} />;
}

function Form({ location, onSaved }: { location: Location | null; onSaved(l: Location): void }) {
  const api = useMapApi();
  const navigate = useNavigate();
  const [f, setF] = useState<LocationFields>(location ?? EMPTY);
  const [lng, setLng] = useState(location?.point ? String(location.point.lng) : '');
  const [lat, setLat] = useState(location?.point ? String(location.point.lat) : '');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const set = <K extends keyof LocationFields>(key: K, value: LocationFields[K]) => setF({ ...f, [key]: value });
  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    setErrors({});
    setProblem(null);
    const point = lng.trim() && lat.trim() ? { lng: Number(lng), lat: Number(lat) } : null;
    const fields = { ...f, point };
    try {
      if (location) {
        const { point: _, ...rest } = fields;
        const moved = point?.lng !== location.point?.lng || point?.lat !== location.point?.lat;
        onSaved(await api.updateLocation(location.id, { ...rest, ...(moved ? { point } : {}), updated_at: location.updated_at }));
      } else {
        const created = await api.createLocation(fields);
        navigate(`../${created.id}`, { replace: true });
      }
    } catch (caught) {
      if (caught instanceof ApiError && caught.details && typeof caught.details === 'object') {
        setErrors(caught.details as Record<string, string>);
      }
      setProblem(errorMessage(caught));
    }
  };
  const remove = async () => {
    if (!location || !window.confirm(`Delete ${location.address}?`)) return;
    try {
      await api.deleteLocation(location.id);
      navigate('..');
    } catch (caught) {
      setProblem(errorMessage(caught));
    }
  };
  const field = (name: keyof LocationFields, label: string, input: React.ReactNode) => (
    <label className="field">
      {label} {input}
      {errors[name] && <span className="field-error">{errors[name]}</span>}
    </label>
  );
  return (
    <section aria-labelledby="location-heading">
      <h1 id="location-heading">{location ? location.address : 'New household'}</h1>
      <p>
        <Link to="..">All locations</Link>
        {location && ` · ${location.geocode_status}${location.geocode_provider ? ` (${location.geocode_provider})` : ''}`}
      </p>
      <form onSubmit={save} className="location-form">
        {field('address', 'Address', <input value={f.address} onChange={(e) => set('address', e.target.value)} required />)}
        {field('unit', 'Unit', <input value={f.unit ?? ''} onChange={(e) => set('unit', e.target.value)} />)}
        {field('occupant_name', 'Occupant', <input value={f.occupant_name ?? ''} onChange={(e) => set('occupant_name', e.target.value)} />)}
        {field('occupant_email', 'Email', <input type="email" value={f.occupant_email ?? ''} onChange={(e) => set('occupant_email', e.target.value || null)} />)}
        {field('occupant_phone', 'Phone', <input type="tel" value={f.occupant_phone ?? ''} onChange={(e) => set('occupant_phone', e.target.value || null)} />)}
        {field(
          'support_level',
          'Support',
          <select value={f.support_level ?? ''} onChange={(e) => set('support_level', e.target.value ? Number(e.target.value) : null)}>
            <option value="">unknown</option>
            <option value="1">1 strong</option>
            <option value="2">2 leaning</option>
            <option value="3">3 undecided</option>
            <option value="4">4 opposed</option>
          </select>,
        )}
        <label className="field">
          <input
            type="checkbox"
            checked={f.lawn_sign ?? false}
            onChange={(e) => setF({ ...f, lawn_sign: e.target.checked, lawn_sign_size: e.target.checked ? f.lawn_sign_size : null })}
          />{' '}
          Lawn sign
        </label>
        {f.lawn_sign &&
          field(
            'lawn_sign_size',
            'Sign size',
            <select value={f.lawn_sign_size ?? ''} onChange={(e) => set('lawn_sign_size', (e.target.value || null) as SignSize | null)}>
              <option value="">not recorded</option>
              <option>small</option>
              <option>medium</option>
              <option>large</option>
            </select>,
          )}
        {field('notes', 'Notes', <textarea value={f.notes ?? ''} onChange={(e) => set('notes', e.target.value)} />)}
        <fieldset>
          <legend>Point (empty: found from the address)</legend>
          <label className="field">
            Longitude <input inputMode="decimal" value={lng} onChange={(e) => setLng(e.target.value)} />
          </label>
          <label className="field">
            Latitude <input inputMode="decimal" value={lat} onChange={(e) => setLat(e.target.value)} />
          </label>
          {(errors['point.lng'] || errors['point.lat']) && <span className="field-error">{errors['point.lng'] ?? errors['point.lat']}</span>}
        </fieldset>
        {problem && <p role="alert">{problem}</p>}
        <button type="submit">Save</button> {location && <button type="button" onClick={remove}>Delete</button>}
      </form>
      {location && <History id={location.id} version={location.updated_at} />}
    </section>
  );
}

function History({ id, version }: { id: string; version: string }) {
  const api = useMapApi();
  const load = useLoad(() => api.history(id), [api, id, version]);
  if (!load.data) return null;
  return (
    <>
      <h2>History</h2>
      <ol className="history">
        {load.data.data.map((h) => (
          <li key={h.id}>
            {formatMoment(h.created_at)} · {h.action} by {h.actor_name ?? 'the geocoder'}:{' '}
            {Object.keys(h.changes as Record<string, unknown>).join(', ')}
          </li>
        ))}
      </ol>
    </>
  );
}
