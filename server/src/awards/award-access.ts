import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { AppError, AwardId, NotFoundError, ValidationError, phaseAt, type AwardPhase, type PublicUser } from '@yunzhan/shared';
import { can } from '../auth/policy';
import type { Store, WorkRecord } from '../db/store';
import type { EntryRecord, ProgrammeRecord } from './award-store';
import type { Viewer } from './award-views';
import { BlindEntries } from './blind-entries';

/** A VALIDATION_FAILED naming one field, the shape `parseOrThrow` gives. */
export const fieldError = (path: string, message: string) => new ValidationError(`Invalid ${path}: ${message}`, { issues: [{ path, message }] });

/** Parses one named value (a path parameter, a header), VALIDATION_FAILED naming it. */
export function param<T>(schema: z.ZodType<T>, name: string, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw fieldError(name, parsed.error.issues[0]?.message ?? 'invalid');
  return parsed.data;
}

/** PHASE_CLOSED unless `phase` is one of `allowed`. */
export function requirePhase(phase: AwardPhase, allowed: readonly AwardPhase[], what: string): void {
  if (!allowed.includes(phase)) throw new AppError('PHASE_CLOSED', `${what} is not possible in the ${phase} phase`, { phase, allowed });
}

/** A new entry id (`en_` and 16 random characters). */
export const newEntryId = () => `en_${randomBytes(12).toString('base64url')}`;

/** A programme as loaded for a request, with its phase now. */
export interface Loaded {
  programme: ProgrammeRecord;
  phase: AwardPhase;
}

/** What every part of the awards module shares: the store, the clock, and who may see what. */
export class AwardAccess {
  /** Which works are blind entries to whom now (the one place that decides it). */
  readonly blind: BlindEntries;

  constructor(
    readonly store: Store,
    /** Milliseconds since the epoch; phases are derived from it. */
    readonly now: () => number = Date.now,
  ) {
    this.blind = new BlindEntries(store, now);
  }

  /** The programme if this caller may know it exists (drafts: admins only); else NOT_FOUND. */
  async visible(user: PublicUser | null, rawId: unknown): Promise<Loaded> {
    return this.seen(user, await this.store.awards.getProgramme(param(AwardId, 'id', rawId)));
  }

  /** `visible`, read through `tx` (a transaction's store). */
  async visibleIn(tx: Store, user: PublicUser | null, rawId: unknown): Promise<Loaded> {
    return this.seen(user, await tx.awards.getProgramme(param(AwardId, 'id', rawId)));
  }

  /**
   * `visible` for a rule that reads the programme and then writes: read through `tx` (inside
   * `Store.transaction`) with the programme's row locked until it ends (AwardStore.lockProgramme),
   * so its phase and judges stay as read while the rule applies.
   */
  async lockedVisible(tx: Store, user: PublicUser | null, rawId: unknown, options?: { categories?: boolean }): Promise<Loaded> {
    return this.seen(user, await tx.awards.lockProgramme(param(AwardId, 'id', rawId), options));
  }

  private seen(user: PublicUser | null, programme: ProgrammeRecord | null): Loaded {
    const phase = programme ? phaseAt(programme.schedule, this.now()) : 'draft';
    if (!programme || this.hidden(user, phase)) throw new NotFoundError('Award programme');
    return { programme, phase };
  }

  /** Whether a programme in `phase` is hidden from this caller (drafts: from all but admins). */
  hidden(user: PublicUser | null, phase: AwardPhase): boolean {
    return phase === 'draft' && !can(user, 'award:manage');
  }

  /** What `user` may see of a programme. */
  viewer(user: PublicUser | null): Viewer {
    return { userId: user?.id ?? null, admin: can(user, 'award:manage') };
  }

  /** The works of some entries by id (read through `store`, a transaction's, when given). */
  async worksOf(entries: readonly EntryRecord[], store: Store = this.store): Promise<Map<string, WorkRecord>> {
    return new Map((await store.works.getMany([...new Set(entries.map((e) => e.workId))])).map((w) => [w.id, w]));
  }

  /** An active entry of the programme, else NOT_FOUND (read through `store`, a transaction's, when given). */
  async activeEntry(programmeId: string, entryId: string, store: Store = this.store): Promise<EntryRecord> {
    const entry = await store.awards.getEntry(programmeId, entryId);
    if (!entry || entry.status !== 'active') throw new NotFoundError('Entry');
    return entry;
  }
}
