import type { Child } from '../api/trajectoryTypes';
import { useTrajectory } from './hooks';
import { useObjectUrl } from './useObjectUrl';

/**
 * The child's photo, fetched with the bearer token (the API answers with a
 * redirect to storage), or their initials when there is none.
 */
export function ChildAvatar({ child, size = 'medium' }: { child: Child; size?: 'medium' | 'large' }) {
  const api = useTrajectory();
  const image = useObjectUrl(child.has_avatar ? () => api.avatar(child.id) : null, `${child.id}:${child.updated_at}`);
  const initials = child.name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((word) => word[0]?.toUpperCase())
    .join('');
  return (
    <span className={`avatar avatar-${size}`}>
      {image.url ? <img src={image.url} alt={`Photo of ${child.name}`} /> : <span aria-hidden="true">{initials}</span>}
    </span>
  );
}
