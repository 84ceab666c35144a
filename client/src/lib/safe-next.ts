/**
 * The in-app path to return to after signing in, from a `?next=` value. Only same-site paths
 * are allowed (no `//host`, no `scheme:`), so the parameter cannot send people elsewhere.
 */
export function safeNextPath(next: string | null | undefined, fallback = '/'): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback;
  if (next.startsWith('/sign-in')) return fallback;
  return next;
}

/** Link to the sign-in page that comes back to `path` afterwards. */
export function signInHref(path: string): string {
  return `/sign-in?next=${encodeURIComponent(path)}`;
}
