import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';
import type { Role } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';

/** Who runs the video library. */
export function canManageMedia(role: Role | undefined): boolean {
  return role === 'SUPER_ADMIN' || role === 'MEDIA_ADMIN';
}

/** Who may comment in the gallery: any account but a TEMP one (a visitor signs in first). */
export function canComment(role: Role | undefined): boolean {
  return role !== undefined && role !== 'TEMP';
}

/** Shows its children to media admins only. */
export function RequireMediaAdmin({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  if (!canManageMedia(user?.role)) {
    return (
      <section>
        <h1>Not allowed</h1>
        <p>The video library is for media admins.</p>
      </section>
    );
  }
  return <>{children}</>;
}

/** The Media module's entries on the Changemaker start page: the gallery for everyone, the library for its admins. */
export function MediaLinks() {
  const { user } = useAuth();
  return (
    <section aria-label="Media">
      <h2>Media</h2>
      <ul>
        <li>
          <Link to="/gallery">Video gallery</Link>: watch and react to the campaign’s videos.
        </li>
        {canManageMedia(user?.role) && (
          <li>
            <Link to="/changemaker/media">Video library</Link>: upload, describe, schedule and follow the views.
          </li>
        )}
      </ul>
    </section>
  );
}
