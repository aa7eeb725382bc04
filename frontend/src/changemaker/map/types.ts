/**
 * Names for the Map module's shapes of the HTTP API (locations, cuts, their
 * stats and walk sheets, the import), taken from the generated `schema.ts`.
 */
import type { Schemas } from '../../api/types';

export type Location = Schemas['Location'];
export type LocationFields = Schemas['LocationFields'];
export type LocationPatch = Schemas['LocationPatch'];
export type Point = Schemas['Point'];
export type SignSize = Schemas['SignSize'];
export type LocationChange = Schemas['LocationChange'];
export type Marker = Schemas['Marker'];
export type MapSettings = Schemas['MapSettings'];
export type LocationImport = Schemas['LocationImport'];
export type LocationImportReport = Schemas['LocationImportReport'];
export type ImportProblem = Schemas['ImportProblem'];
export type Cut = Schemas['Cut'];
export type CutFields = Schemas['CutFields'];
export type CutPatch = Schemas['CutPatch'];
export type CutCategory = Schemas['CutCategory'];
export type CutStats = Schemas['CutStats'];
export type WalkSheet = Schemas['WalkSheet'];

/** The map's own columns, as the import and export name them. */
export const IMPORT_COLUMNS = [
  'address',
  'unit',
  'occupant_name',
  'occupant_email',
  'occupant_phone',
  'support_level',
  'lawn_sign',
  'lawn_sign_size',
  'notes',
  'lng',
  'lat',
] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
