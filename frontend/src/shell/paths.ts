/** Where a signed-in user goes when nothing else was asked for. */
export const HOME_PATH = '/trajectory';

/** The login page, remembering the path the visitor wanted. */
export function loginPath(wanted: string): string {
  if (!wanted || wanted === '/' || wanted.startsWith('/login')) return '/login';
  return `/login?next=${encodeURIComponent(wanted)}`;
}

/**
 * A `next` value that is safe to navigate to: an in-app path only, so a crafted
 * link cannot send someone to another site after they log in.
 */
export function safeNext(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) {
    return HOME_PATH;
  }
  return next;
}
