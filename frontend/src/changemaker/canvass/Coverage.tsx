/** How much of a cut has been visited, as a bar with its numbers beside it. */
export function Coverage({ name, visited, addresses, pct }: { name: string; visited: number; addresses: number; pct: number }) {
  const rounded = Math.round(pct);
  return (
    <div className="coverage">
      <progress max={100} value={Math.min(100, Math.max(0, pct))} aria-label={`${name}: ${rounded}% visited`} />
      <span className="muted">
        {visited} of {addresses} {addresses === 1 ? 'door' : 'doors'} visited · {rounded}%
      </span>
    </div>
  );
}

/** A distance walked: "350 m", "2.4 km". */
export function distanceText(metres: number): string {
  return metres < 1000 ? `${Math.round(metres)} m` : `${(metres / 1000).toFixed(1)} km`;
}
