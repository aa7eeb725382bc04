import type { Role } from '../../api/types';

/** Who runs the map: SUPER_ADMIN and MAP_ADMIN. */
export function runsTheMap(role: Role | undefined): boolean {
  return role === 'SUPER_ADMIN' || role === 'MAP_ADMIN';
}

/** The links of the Map module, for those who run it. */
export const MAP_LINKS = [
  { to: '/changemaker/map', label: 'Map and cuts' },
  { to: '/changemaker/map/locations', label: 'Locations' },
  { to: '/changemaker/map/import', label: 'Import CSV' },
];
