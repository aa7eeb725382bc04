import type { Role } from '../../api/types';
import { runsTheMap } from '../map/access';

/** Who canvasses: every signed-in account but a TEMP one, which an organiser must upgrade first. */
export function canvasses(role: Role | undefined): boolean {
  return role !== undefined && role !== 'TEMP';
}

/** Who follows the canvass live: the map's organisers (MAP_ADMIN governs canvassing) and SUPER_ADMIN. */
export const runsCanvassing = runsTheMap;

/** The canvass screens a role may open, for the start page and the area's own links. */
export function canvassLinks(role: Role | undefined): { to: string; label: string }[] {
  const links = canvasses(role) ? [{ to: '/changemaker/canvass', label: 'Canvass' }] : [];
  return runsCanvassing(role) ? [...links, { to: '/changemaker/canvass/dashboard', label: 'Canvass dashboard' }] : links;
}
