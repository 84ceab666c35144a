import type { PublicUser } from '@yunzhan/shared';
import { ForbiddenError, UnauthenticatedError } from '@yunzhan/shared';
import type { EventRecord } from '../db/store';

/** Things a caller may try to do. Deny unless a rule below allows. */
export type Action = 'event:watch' | 'event:publish' | 'event:create' | 'chat:send' | 'jobs:read' | 'jobs:cancel' | 'asset:upload' | 'asset:view-all';

/** Whether `user` may do `action` on `event`. Anything not listed is denied. */
export function can(user: PublicUser | null, action: Action, event?: EventRecord): boolean {
  switch (action) {
    case 'event:watch':
      return true;
    case 'chat:send':
      return user !== null;
    case 'event:publish':
      return user !== null && event !== undefined && (user.role === 'admin' || (user.role === 'host' && event.hostIds.includes(user.id)));
    case 'event:create':
      return user?.role === 'admin';
    // Hosts and admins upload media and see their own uploads; admins see everyone's.
    case 'asset:upload':
      return user?.role === 'admin' || user?.role === 'host';
    case 'asset:view-all':
      return user?.role === 'admin';
    case 'jobs:read':
    case 'jobs:cancel':
      return user?.role === 'admin';
    default:
      return false;
  }
}

/** Throws UNAUTHENTICATED or FORBIDDEN unless `can(...)` allows. */
export function authorize(user: PublicUser | null, action: Action, event?: EventRecord): void {
  if (can(user, action, event)) return;
  if (!user) throw new UnauthenticatedError();
  throw new ForbiddenError();
}
