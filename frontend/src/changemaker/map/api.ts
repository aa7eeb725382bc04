import { useMemo } from 'react';
import type { ApiClient, Page } from '../../api/client';
import { useAuth } from '../../auth/AuthContext';
import type {
  Cut,
  CutFields,
  CutPatch,
  CutStats,
  LocationChange,
  Location,
  LocationFields,
  LocationImport,
  LocationImportReport,
  LocationPatch,
  MapSettings,
  Marker,
  WalkSheet,
} from './types';

const id = encodeURIComponent;

/** Largest page the API serves. */
const MAX_LIMIT = 200;

/** The Map endpoints (locations, cuts, the public map's settings) on the app's one ApiClient. */
export class MapApi {
  constructor(private readonly api: ApiClient) {}

  settings(): Promise<MapSettings> {
    return this.api.request('GET', '/api/public/map/settings');
  }

  markers(): Promise<Marker[]> {
    return this.api.request('GET', '/api/locations/points');
  }

  locations(query: { q?: string; support_level?: number; page?: number } = {}): Promise<Page<Location>> {
    return this.api.requestPage('/api/locations', { ...query, limit: 50 });
  }

  location(locationId: string): Promise<Location> {
    return this.api.request('GET', `/api/locations/${id(locationId)}`);
  }

  createLocation(fields: LocationFields): Promise<Location> {
    return this.api.request('POST', '/api/locations', { body: fields });
  }

  updateLocation(locationId: string, patch: LocationPatch): Promise<Location> {
    return this.api.request('PATCH', `/api/locations/${id(locationId)}`, { body: patch });
  }

  deleteLocation(locationId: string): Promise<void> {
    return this.api.request('DELETE', `/api/locations/${id(locationId)}`);
  }

  history(locationId: string): Promise<Page<LocationChange>> {
    return this.api.requestPage(`/api/locations/${id(locationId)}/history`, { limit: MAX_LIMIT });
  }

  importCsv(request: LocationImport): Promise<LocationImportReport> {
    return this.api.request('POST', '/api/locations/import', { body: request });
  }

  exportCsv(): Promise<Blob> {
    return this.api.fetchFile('/api/locations/export');
  }

  cuts(): Promise<Page<Cut>> {
    return this.api.requestPage('/api/cuts', { limit: MAX_LIMIT });
  }

  cut(cutId: string): Promise<Cut> {
    return this.api.request('GET', `/api/cuts/${id(cutId)}`);
  }

  createCut(fields: CutFields): Promise<Cut> {
    return this.api.request('POST', '/api/cuts', { body: fields });
  }

  updateCut(cutId: string, patch: CutPatch): Promise<Cut> {
    return this.api.request('PATCH', `/api/cuts/${id(cutId)}`, { body: patch });
  }

  deleteCut(cutId: string): Promise<void> {
    return this.api.request('DELETE', `/api/cuts/${id(cutId)}`);
  }

  stats(cutId: string): Promise<CutStats> {
    return this.api.request('GET', `/api/cuts/${id(cutId)}/stats`);
  }

  walkSheet(cutId: string): Promise<WalkSheet> {
    return this.api.request('GET', `/api/cuts/${id(cutId)}/walk-sheet`);
  }

  /** The walk sheet as an A4 PDF. */
  walkSheetPdf(cutId: string): Promise<Blob> {
    return this.api.fetchFile(`/api/cuts/${id(cutId)}/walk-sheet/pdf`);
  }
}

/** The Map endpoints on the app's one API client. */
export function useMapApi(): MapApi {
  const { api } = useAuth();
  return useMemo(() => new MapApi(api), [api]);
}
