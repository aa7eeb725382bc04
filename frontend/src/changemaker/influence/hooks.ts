import { useMemo } from 'react';
import { InfluenceApi } from '../../api/influence';
import type { Role } from '../../api/types';
import type { LookupResult } from '../../api/influenceTypes';
import { useAuth } from '../../auth/AuthContext';
import type { SubmitState } from '../../shell/useSubmit';
import { normalisePostalCode, POSTAL_CODE_MESSAGE } from './postalCode';

/** The Influence endpoints on the app's one API client. */
export function useInfluence(): InfluenceApi {
  const { api } = useAuth();
  return useMemo(() => new InfluenceApi(api), [api]);
}

/** Whether `role` administers Influence (campaigns, representatives, emails, responses). */
export function administersInfluence(role: Role | undefined): boolean {
  return role === 'SUPER_ADMIN' || role === 'INFLUENCE_ADMIN';
}

/** Whether `role` may submit a campaign for review: any account but a TEMP one. */
export function maySubmitCampaigns(role: Role | undefined): boolean {
  return role !== undefined && role !== 'TEMP';
}

/**
 * Asks who represents the postal code `typed` for campaign `slug`, as one
 * submission of `submit`: a code that cannot be Canadian is answered at once,
 * without a request. `onFound` runs with the answer (and may throw to refuse it).
 */
export function findRepresentatives(
  submit: SubmitState,
  api: InfluenceApi,
  slug: string,
  typed: string,
  onFound: (found: LookupResult) => void,
): Promise<boolean> {
  const code = normalisePostalCode(typed);
  return submit.run(
    async () => onFound(await api.lookup(slug, code ?? typed)),
    code ? {} : { postal_code: POSTAL_CODE_MESSAGE },
  );
}
