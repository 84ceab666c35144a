import type { PublicUser, Role } from '@yunzhan/shared';
import { ForbiddenError, UnauthenticatedError } from '@yunzhan/shared';

/** Things a caller may try to do. Deny unless a rule below allows. */
export type Action =
  | 'event:watch'
  | 'event:publish'
  | 'event:caption'
  | 'event:captioners'
  | 'event:create'
  | 'chat:send'
  | 'jobs:read'
  | 'jobs:cancel'
  | 'asset:upload'
  | 'asset:view-all'
  | 'work:create'
  | 'work:read'
  | 'work:update'
  | 'work:view-all'
  | 'work:review'
  | 'exhibition:create'
  | 'exhibition:read'
  | 'exhibition:edit'
  | 'exhibition:submit'
  | 'exhibition:review'
  | 'exhibition:preview'
  | 'hall:enter'
  | 'award:manage'
  | 'award:enter'
  | 'award:withdraw'
  | 'award:judge'
  | 'award:score'
  | 'award:vote'
  | 'award:reveal'
  | 'user:list'
  | 'user:set-role'
  | 'health:details';

/**
 * What a rule may look at: an event's hosts, the owner of a work or exhibition, and whether it is
 * public (a work placed in, or an exhibition with, a published layout). An EventRecord is one.
 */
export interface Subject {
  hostIds?: readonly string[];
  /** The accounts named to type an event's live captions (read from the store when asked: CaptionerService). */
  captionerIds?: readonly string[];
  /** The judges assigned to an award programme. */
  judgeIds?: readonly string[];
  ownerId?: string;
  isPublic?: boolean;
}

type Rule = (user: PublicUser | null, subject: Subject) => boolean;

const anyone: Rule = () => true;
const signedIn: Rule = (user) => user !== null;
const roles =
  (...allowed: Role[]): Rule =>
  (user) =>
    user !== null && allowed.includes(user.role);
const owner: Rule = (user, s) => user !== null && s.ownerId !== undefined && s.ownerId === user.id;
const either =
  (...rules: Rule[]): Rule =>
  (user, s) =>
    rules.some((r) => r(user, s));
const isPublic: Rule = (_user, s) => s.isPublic === true;
const admin = roles('admin');
const eventHost: Rule = (user, s) => user !== null && user.role === 'host' && (s.hostIds ?? []).includes(user.id);
const eventCaptioner: Rule = (user, s) => user !== null && (s.captionerIds ?? []).includes(user.id);
const assignedJudge: Rule = (user, s) => user !== null && user.role === 'judge' && (s.judgeIds ?? []).includes(user.id);

/**
 * The policy as a table: one rule per action, checked by the compiler to cover every action.
 * Hosts run lives; curators catalogue works and build exhibitions; admins review them.
 */
const RULES: { [A in Action]: Rule } = {
  'event:watch': anyone,
  'chat:send': signedIn,
  'event:publish': (user, s) => user !== null && (user.role === 'admin' || (user.role === 'host' && (s.hostIds ?? []).includes(user.id))),
  // Live captions are typed by the event's captioners (whatever their role: it grants nothing
  // else), its hosts, or an admin; the hosts and admins name the captioners.
  'event:caption': either(admin, eventHost, eventCaptioner),
  'event:captioners': either(admin, eventHost),
  'event:create': admin,
  // Hosts, curators and admins upload media and see their own uploads; admins see everyone's.
  'asset:upload': roles('admin', 'host', 'curator'),
  'asset:view-all': admin,
  'jobs:read': admin,
  'jobs:cancel': admin,
  'work:create': roles('admin', 'curator'),
  'work:read': either(admin, owner, isPublic),
  'work:update': either(admin, owner),
  'work:view-all': admin,
  // Changes to the metadata of works visitors can see are approved or returned by admins.
  'work:review': admin,
  'exhibition:create': roles('admin', 'curator'),
  'exhibition:read': either(admin, owner, isPublic),
  'exhibition:edit': either(admin, owner),
  'exhibition:submit': owner,
  'exhibition:review': admin,
  'exhibition:preview': either(admin, owner),
  'hall:enter': either(admin, owner, isPublic),
  // Awards: admins organise (programmes, phases, progress, audit, tie-breaks, drafts); a work's
  // owner enters it (ownerId: the work's owner) and withdraws it (ownerId: the entrant); only the
  // judges assigned to a programme judge it (admins included out); hosts of the ceremony event reveal.
  'award:manage': admin,
  'award:enter': either(admin, owner),
  'award:withdraw': either(admin, owner),
  'award:judge': roles('judge'),
  'award:score': assignedJudge,
  'award:vote': signedIn,
  'award:reveal': either(admin, eventHost),
  'user:list': admin,
  'user:set-role': admin,
  // /healthz details (paths, versions, pids, free space); direct requests from loopback also get them.
  'health:details': admin,
};

/** Whether `user` may do `action` on `subject` (an event, a work, an exhibition). Anything not listed is denied. */
export function can(user: PublicUser | null, action: Action, subject: Subject = {}): boolean {
  const rule = Object.hasOwn(RULES, action) ? RULES[action] : undefined;
  return rule ? rule(user, subject) : false;
}

/** Throws UNAUTHENTICATED or FORBIDDEN unless `can(...)` allows. */
export function authorize(user: PublicUser | null, action: Action, subject?: Subject): void {
  if (can(user, action, subject)) return;
  if (!user) throw new UnauthenticatedError();
  throw new ForbiddenError();
}
