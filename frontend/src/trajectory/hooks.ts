import { useMemo } from 'react';
import { TrajectoryApi } from '../api/trajectory';
import type { Units } from '../api/types';
import { useAuth } from '../auth/AuthContext';

/** The Trajectory endpoints on the app's one API client. */
export function useTrajectory(): TrajectoryApi {
  const { api } = useAuth();
  return useMemo(() => new TrajectoryApi(api), [api]);
}

/** The signed-in user's display units (the API always speaks SI). */
export function useUnits(): Units {
  return useAuth().user?.preferences.units ?? 'metric';
}
