/**
 * The phone's position, when the canvasser allows it: where the walking order
 * starts from, and the GPS track of the session (watched while the walk is
 * open, thinned out, and queued with the visits so it syncs in their batches).
 * Without permission the walk works the same, in the order from the cut's middle.
 */
import { useEffect, useState } from 'react';
import type { CanvassQueue } from './queue';
import type { TrackPoint } from './types';

export interface LatLng {
  lat: number;
  lng: number;
}

/** Keep a fix when it is this far from the last kept one… */
const MIN_STEP_M = 10;
/** …or this much later. */
const MIN_INTERVAL_MS = 30_000;

/** Metres between two points along the Earth's surface (a sphere is close enough to thin a track). */
export function metresBetween(a: LatLng, b: LatLng): number {
  const rad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * rad;
  const dLng = (b.lng - a.lng) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * 6_371_000 * Math.asin(Math.sqrt(h));
}

/** Whether a new fix adds to the track after `last`. */
export function worthKeeping(last: TrackPoint | null, next: TrackPoint): boolean {
  if (!last) return true;
  const elapsed = Date.parse(next.recorded_at) - Date.parse(last.recorded_at);
  return elapsed >= MIN_INTERVAL_MS || metresBetween(last, next) >= MIN_STEP_M;
}

function toPoint(position: GeolocationPosition): TrackPoint {
  return {
    lat: position.coords.latitude,
    lng: position.coords.longitude,
    accuracy_m: Math.round(position.coords.accuracy),
    recorded_at: new Date(position.timestamp).toISOString(),
  };
}

/** The phone's position now, or null when it is refused, unknown or slow to come. */
export function currentPosition(timeoutMs = 5_000): Promise<LatLng | null> {
  if (typeof navigator === 'undefined' || !navigator.geolocation) return Promise.resolve(null);
  return new Promise((resolve) => {
    navigator.geolocation.getCurrentPosition(
      (position) => resolve({ lat: position.coords.latitude, lng: position.coords.longitude }),
      () => resolve(null),
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
    );
  });
}

/**
 * Watches the position while `sessionId` is set, queueing the track's points;
 * answers the latest fix (null until one comes or when refused).
 */
export function useTrack(sessionId: string | null, queue: CanvassQueue): TrackPoint | null {
  const [latest, setLatest] = useState<TrackPoint | null>(null);
  useEffect(() => {
    if (!sessionId || typeof navigator === 'undefined' || !navigator.geolocation) return;
    let kept: TrackPoint | null = null;
    const watch = navigator.geolocation.watchPosition(
      (position) => {
        const point = toPoint(position);
        setLatest(point);
        if (!worthKeeping(kept, point)) return;
        kept = point;
        void queue.addPoints(sessionId, [point]);
      },
      () => setLatest(null),
      { enableHighAccuracy: true, maximumAge: 10_000 },
    );
    return () => navigator.geolocation.clearWatch(watch);
  }, [sessionId, queue]);
  return latest;
}
