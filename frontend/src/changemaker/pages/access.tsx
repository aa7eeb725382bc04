import type { ReactNode } from 'react';
import type { Role } from '../../api/types';
import { useAuth } from '../../auth/AuthContext';

/** Who edits landing pages and email templates. */
export function canEditPages(role: Role | undefined): boolean {
  return role === 'SUPER_ADMIN' || role === 'PAGES_ADMIN';
}

/** Shows its children to page editors only. */
export function RequirePagesEditor({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  if (!canEditPages(user?.role)) {
    return (
      <section>
        <h1>Not allowed</h1>
        <p>Landing pages and email templates are for their editors.</p>
      </section>
    );
  }
  return <>{children}</>;
}
