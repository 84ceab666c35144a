import { AppError, CaptionersInput, EventId, NotFoundError, UnauthenticatedError, parseOrThrow, type CaptionerList, type CaptionerStatus, type PublicUser } from '@yunzhan/shared';
import { authorize, can, type Subject } from '../auth/policy';
import type { EventRecord, Store } from '../db/store';
import type { CaptionerStore } from './captioner-store';

/**
 * What `event:caption` is checked on: the event, with the account among its captioners when it
 * is one now. Read from the store on every call (no cache), so a captioner who is removed is
 * refused their next line; hosts and admins are allowed without the lookup.
 */
export async function captionSubject(captioners: CaptionerStore, event: EventRecord, user: PublicUser | null): Promise<Subject> {
  if (user === null || can(user, 'event:caption', event)) return event;
  return { ...event, captionerIds: (await captioners.isCaptioner(event.id, user.id)) ? [user.id] : [] };
}

/**
 * An event's captioners: the accounts its hosts (or an admin) name to type its live captions,
 * whatever their role. Being one allows `caption:send` on that event and nothing else.
 */
export class CaptionerService {
  constructor(private readonly store: Store) {}

  /** The event's captioners, by username (its hosts, admins). */
  async list(user: PublicUser | null, eventId: unknown): Promise<CaptionerList> {
    const event = await this.managed(user, eventId);
    return this.store.captioners.list(event.id);
  }

  /**
   * Replaces the event's captioners with the accounts named in `input` (CaptionersInput; its
   * hosts, admins); answers the new list. A name no account has is NOT_FOUND with
   * `details.usernames` (every such name, as given), and nothing changes.
   */
  async replace(user: PublicUser | null, eventId: unknown, input: unknown): Promise<CaptionerList> {
    const event = await this.managed(user, eventId);
    const { usernames } = parseOrThrow(CaptionersInput, input);
    return this.store.transaction(async (tx) => {
      const ids = new Set<string>();
      const unknown: string[] = [];
      for (const name of usernames) {
        const account = await tx.users.byUsername(name);
        if (account) ids.add(account.id);
        else unknown.push(name);
      }
      if (unknown.length > 0) throw new AppError('NOT_FOUND', `No account named ${unknown.join(', ')}`, { usernames: unknown });
      await tx.captioners.replace(event.id, [...ids]);
      return tx.captioners.list(event.id);
    });
  }

  /** Whether the signed-in account is one of the event's captioners (the link to its caption page). */
  async status(user: PublicUser | null, eventId: unknown): Promise<CaptionerStatus> {
    const event = await this.event(eventId);
    if (!user) throw new UnauthenticatedError();
    return { captioner: await this.store.captioners.isCaptioner(event.id, user.id) };
  }

  private async event(eventId: unknown): Promise<EventRecord> {
    const event = await this.store.events.get(parseOrThrow(EventId, eventId));
    if (!event) throw new NotFoundError('Event');
    return event;
  }

  private async managed(user: PublicUser | null, eventId: unknown): Promise<EventRecord> {
    const event = await this.event(eventId);
    authorize(user, 'event:captioners', event);
    return event;
  }
}
