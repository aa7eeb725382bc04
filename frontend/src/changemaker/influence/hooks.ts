import { useMemo } from 'react';
import { InfluenceApi } from '../../api/influence';
import type { Role } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';

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
