import type { Logger } from 'pino';
import { z } from 'zod';
import {
  AdvanceInput,
  AppError,
  EntryId,
  EntryInput,
  EventId,
  InvalidStateError,
  NotFoundError,
  ProgrammeInput,
  ProgrammePatch,
  RevealInput,
  TieBreakInput,
  UnauthenticatedError,
  AWARD_PHASES,
  parseOrThrow,
  phaseAt,
  phaseIndex,
  type AwardEntry,
  type AwardProgramme,
  type AwardResults,
  type AwardReveal,
  type AwardSummary,
  type AwardTally,
  type CategoryResult,
  type PublicUser,
} from '@yunzhan/shared';
import { authorize, can } from '../auth/policy';
import type { Store } from '../db/store';
import { KeyedLock } from '../live/keyed-lock';
import { AwardAccess, fieldError, newEntryId, param, requirePhase, type Loaded } from './award-access';
import { hallsNeedSync, syncHalls } from './award-halls';
import { JudgingDesk } from './award-judging';
import type { ProgrammeChange, ProgrammeRecord } from './award-store';
import { categoryResult, redactResult, toEntryView, toProgrammeView, toSummary } from './award-views';
import type { RateLimits } from '../limits/rate-limits';
import { VotingDesk, type Rate } from './award-voting';
import type { WindowTimer } from './tally-pusher';
import { advanceSchedule } from './phases';

const ListQuery = z.object({ eventId: EventId.optional() });

/** Options of the AwardService. */
export interface AwardServiceOptions {
  store: Store;
  /** Sends reveals and live tallies (Realtime.emitAwardReveal / emitAwardTally); none in unit tests. */
  publish?: { reveal(reveal: AwardReveal): void; tally(tally: AwardTally): void };
  /** Votes per account: burst, then per second (config `voteUserRate`). */
  voteUserRate: Rate;
  /** Votes per client address: burst, then per second (config `voteAddressRate`). */
  voteAddressRate: Rate;
  /** Where the vote limits count (shared by the nodes on Redis). Default: this process's memory. */
  limits?: RateLimits;
  logger?: Logger;
  /** The clock phases are derived from, ms since the epoch. Default Date.now. */
  now?: () => number;
  /** Least time between two live tallies of a category, in ms. Default 1000. */
  tallyIntervalMs?: number;
  /** The tally windows' timer. Default: setTimeout (tests pass one they fire themselves). */
  tallyTimer?: WindowTimer;
}

/**
 * Award programmes: organisers (admins) define them and move their phases; owners enter works;
 * judges score (`judging`); everyone signed in votes (`voting`); hosts reveal winners in the
 * ceremony; results open up as the ceremony goes. Authorisation always comes before any phase or
 * state check; drafts do not exist for anyone but admins.
 */
export class AwardService {
  /** Scores, recusals, progress and the audit log. */
  readonly judging: JudgingDesk;
  /** Votes and live tallies. */
  readonly voting: VotingDesk;
  private readonly access: AwardAccess;
  private readonly halls = new KeyedLock();

  constructor(private readonly options: AwardServiceOptions) {
    this.access = new AwardAccess(options.store, options.now ?? Date.now);
    this.judging = new JudgingDesk(this.access);
    this.voting = new VotingDesk(this.access, {
      userRate: options.voteUserRate,
      addressRate: options.voteAddressRate,
      limits: options.limits,
      emitTally: (t) => options.publish?.tally(t),
      tallyIntervalMs: options.tallyIntervalMs,
      tallyTimer: options.tallyTimer,
      onError: (err) => options.logger?.error({ err }, 'live tally could not be read'),
    });
  }

  private get store(): Store {
    return this.options.store;
  }

  /** Programmes the caller may see (drafts: admins), of one ceremony event with `?eventId=`. */
  async list(user: PublicUser | null, query: unknown): Promise<AwardSummary[]> {
    const { eventId } = parseOrThrow(ListQuery, query);
    const now = this.access.now();
    const admin = can(user, 'award:manage');
    return (await this.store.awards.listProgrammes(eventId ? { eventId } : {}))
      .map((p) => toSummary(p, phaseOf(p, now)))
      .filter((s) => admin || s.phase !== 'draft');
  }

  /** Creates a programme (admins); CONFLICT when the id is taken. */
  async create(user: PublicUser | null, body: unknown): Promise<AwardProgramme> {
    authorize(user, 'award:manage');
    const input = parseOrThrow(ProgrammeInput, body);
    // The programme and its first audit line commit together.
    const created = await this.store.transaction(async (tx) => {
      const judgeIds = await this.checkRefs(tx, input.eventId, input.judgeIds);
      const programme = await tx.awards.createProgramme({ ...input, summary: input.summary ?? null, judgeIds, createdBy: user!.id });
      await tx.awards.appendAudit(programme.id, { actorId: user!.id, action: 'programme-update', detail: { created: true } });
      return programme;
    });
    return this.view(user, { programme: created, phase: phaseOf(created, this.access.now()) });
  }

  /** The programme, its categories and nominees, as the caller may see it. */
  async get(user: PublicUser | null, rawId: unknown): Promise<AwardProgramme> {
    return this.view(user, await this.withHalls(await this.access.visible(user, rawId)));
  }

  /** Changes a programme's title, summary, ceremony event, schedule or judges (admins). */
  async update(user: PublicUser | null, rawId: unknown, body: unknown): Promise<AwardProgramme> {
    authorize(user, 'award:manage');
    // The audit line's `before` is the programme as this change replaces it; the categories are
    // locked too, as a schedule change moves the phases votes are checked against.
    const updated = await this.store.transaction(async (tx) => {
      const { programme } = await this.access.lockedVisible(tx, user, rawId, { categories: true });
      const patch = parseOrThrow(ProgrammePatch, body);
      const change: ProgrammeChange = { ...patch };
      if (patch.judgeIds !== undefined || patch.eventId !== undefined) {
        const judgeIds = await this.checkRefs(tx, patch.eventId ?? null, patch.judgeIds ?? []);
        if (patch.judgeIds !== undefined) change.judgeIds = judgeIds;
      }
      const keys = Object.keys(change) as (keyof ProgrammeChange)[];
      if (keys.length === 0) return programme;
      const before = Object.fromEntries(keys.map((k) => [k, programme[k]]));
      return tx.awards.updateProgramme(programme.id, change, { actorId: user!.id, action: 'programme-update', detail: { before, after: change } });
    });
    return this.view(user, await this.withHalls({ programme: updated, phase: phaseOf(updated, this.access.now()) }));
  }

  /** Starts a later phase now (admins); INVALID_STATE for the current or an earlier one. */
  async advance(user: PublicUser | null, rawId: unknown, body: unknown): Promise<AwardProgramme> {
    authorize(user, 'award:manage');
    // The phase is checked on the programme as locked: of two advances to one phase, the second
    // finds it started (INVALID_STATE). The categories are locked so that votes end first.
    const updated = await this.store.transaction(async (tx) => {
      const { programme, phase } = await this.access.lockedVisible(tx, user, rawId, { categories: true });
      const { to } = parseOrThrow(AdvanceInput, body);
      const schedule = advanceSchedule(programme.schedule, to, this.access.now());
      return tx.awards.updateProgramme(programme.id, { schedule }, { actorId: user!.id, action: 'advance', detail: { from: phase, to } });
    });
    return this.view(user, await this.withHalls({ programme: updated, phase: phaseOf(updated, this.access.now()) }));
  }

  /** Enters a work in a category: its owner during entries, an admin in draft or entries. */
  async addEntry(user: PublicUser | null, rawId: unknown, body: unknown): Promise<AwardEntry> {
    if (!user) throw new UnauthenticatedError();
    // Phase and eligibility are checked on what the insert commits with: an advance waits, or
    // is waited for and read.
    const { entry, work } = await this.store.transaction(async (tx) => {
      const { programme, phase } = await this.access.lockedVisible(tx, user, rawId);
      const input = parseOrThrow(EntryInput, body);
      const work = await tx.works.get(input.workId);
      authorize(user, 'award:enter', { ownerId: work?.ownerId });
      if (!work) throw fieldError('workId', 'no such work');
      requirePhase(phase, can(user, 'award:manage') ? ['draft', 'entries'] : ['entries'], 'Entering a work');
      const category = programme.categories.find((c) => c.id === input.categoryId);
      if (!category) throw fieldError('categoryId', 'no such category in this programme');
      const { eligibility } = category;
      if (!eligibility.kinds.includes(work.kind)) throw notEligible('kind', `This category takes ${eligibility.kinds.join(', ')} works`);
      if (work.status !== 'ready') throw notEligible('not-ready', 'The work is still being processed or its processing failed');
      if (eligibility.createdAfter && Date.parse(work.createdAt) < Date.parse(eligibility.createdAfter)) {
        throw notEligible('too-old', `Only works catalogued after ${eligibility.createdAfter}`);
      }
      const id = newEntryId();
      const added = await tx.awards.addEntry(
        { id, programmeId: programme.id, categoryId: category.id, workId: work.id, entrantId: work.ownerId },
        eligibility.maxEntriesPerEntrant,
        { actorId: user.id, action: 'entry-add', entryId: id, categoryId: category.id, detail: { workId: work.id, entrantId: work.ownerId } },
      );
      return { entry: added, work };
    });
    return toEntryView(entry, work, { showEntrant: true, hideCreator: false });
  }

  /** Withdraws an entry: its entrant before judging, an admin before the ceremony. */
  async withdrawEntry(user: PublicUser | null, rawId: unknown, rawEntryId: unknown): Promise<AwardEntry> {
    if (!user) throw new UnauthenticatedError();
    const { loaded, withdrawn } = await this.store.transaction(async (tx) => {
      const loaded = await this.access.lockedVisible(tx, user, rawId);
      const { programme, phase } = loaded;
      const entry = await tx.awards.getEntry(programme.id, param(EntryId, 'entryId', rawEntryId));
      if (!entry) throw new NotFoundError('Entry');
      authorize(user, 'award:withdraw', { ownerId: entry.entrantId });
      const last = can(user, 'award:manage') ? 'voting' : 'entries';
      requirePhase(phase, AWARD_PHASES.slice(0, phaseIndex(last) + 1), 'Withdrawing an entry');
      const withdrawn = await tx.awards.withdrawEntry(programme.id, entry.id, {
        actorId: user.id,
        action: 'entry-withdraw',
        entryId: entry.id,
        categoryId: entry.categoryId,
        detail: { workId: entry.workId },
      });
      return { loaded, withdrawn };
    });
    await this.withHalls(loaded);
    const work = (await this.access.worksOf([withdrawn])).get(withdrawn.workId);
    if (!work) throw new NotFoundError('Work');
    return toEntryView(withdrawn, work, { showEntrant: true, hideCreator: false });
  }

  /** Results as the caller may see them (admins: everything, always). */
  async results(user: PublicUser | null, rawId: unknown): Promise<AwardResults> {
    const { programme, phase } = await this.access.visible(user, rawId);
    const viewer = this.access.viewer(user);
    const categories: CategoryResult[] = [];
    for (const c of programme.categories) {
      const { full, order } = await this.categoryResult(this.store, programme, c.id, { for: user });
      categories.push(viewer.admin ? full : redactResult(full, c, phase, order));
    }
    return { programmeId: programme.id, phase, categories };
  }

  /** The organiser's pick among entries tied for first (admins, judging to ceremony). */
  async tieBreak(user: PublicUser | null, rawId: unknown, body: unknown): Promise<CategoryResult> {
    authorize(user, 'award:manage');
    // The tie is read with the programme and its categories locked: scores, withdrawals and
    // votes (which share-lock their category) cannot change it before the pick commits.
    return this.store.transaction(async (tx) => {
      const { programme, phase } = await this.access.lockedVisible(tx, user, rawId, { categories: true });
      const input = parseOrThrow(TieBreakInput, body);
      requirePhase(phase, ['judging', 'voting', 'ceremony'], 'A tie-break');
      if (!programme.categories.some((c) => c.id === input.categoryId)) throw fieldError('categoryId', 'no such category in this programme');
      const { full } = await this.categoryResult(tx, programme, input.categoryId);
      if (full.tiedForFirst.length === 0) throw new InvalidStateError('No entries are tied for first in this category');
      if (!full.tiedForFirst.includes(input.entryId)) throw fieldError('entryId', 'not among the entries tied for first');
      await tx.awards.setTieBreak(programme.id, input.categoryId, input.entryId, {
        actorId: user!.id,
        action: 'tie-break',
        entryId: input.entryId,
        categoryId: input.categoryId,
        detail: { tiedForFirst: full.tiedForFirst },
      });
      // Nothing else changed: the pick is among the tied entries, so it is the winner (decideWinner).
      return { ...full, winnerEntryId: input.entryId };
    });
  }

  /** Shows a category's nominees or winner, or clears the overlay (admins, the ceremony event's hosts). */
  async reveal(user: PublicUser | null, rawId: unknown, body: unknown): Promise<AwardReveal> {
    if (!user) throw new UnauthenticatedError();
    // The winner is decided on what the reveal commits with: a tie-break waits, or is read.
    const reveal = await this.store.transaction(async (tx) => {
      const { programme, phase } = await this.access.lockedVisible(tx, user, rawId);
      const event = programme.eventId ? await tx.events.get(programme.eventId) : null;
      authorize(user, 'award:reveal', { hostIds: event?.hostIds ?? [] });
      const input = parseOrThrow(RevealInput, body);
      requirePhase(phase, ['ceremony', 'results'], 'A reveal');
      return this.stageReveal(tx, user, programme, input);
    });
    // Stored whole; sent as each audience may see it (the rooms get what anonymous viewers may).
    this.options.publish?.reveal(await this.access.blind.reveal(null, reveal));
    return this.access.blind.reveal(user, reveal);
  }

  /** Builds a category's reveal from its results as `tx` reads them and records it. */
  private async stageReveal(tx: Store, user: PublicUser, programme: ProgrammeRecord, input: RevealInput): Promise<AwardReveal> {
    const category = programme.categories.find((c) => c.id === input.categoryId);
    if (!category) throw fieldError('categoryId', 'no such category in this programme');
    const { full, order } = await this.categoryResult(tx, programme, category.id);
    const byId = new Map(full.entries.map((e) => [e.entryId, e]));
    let winner: AwardReveal['winner'] = null;
    if (input.stage === 'winner') {
      if (!full.winnerEntryId) {
        if (full.tiedForFirst.length > 0) throw new AppError('TIE_UNRESOLVED', 'Entries are tied for first: break the tie first', { tiedForFirst: full.tiedForFirst });
        throw new InvalidStateError('No winner yet: there are no scores or votes');
      }
      winner = { entryId: full.winnerEntryId, work: byId.get(full.winnerEntryId)!.work };
    }
    const reveal: AwardReveal = {
      programmeId: programme.id,
      eventId: programme.eventId,
      programmeTitle: programme.title,
      categoryId: category.id,
      categoryTitle: category.title,
      stage: input.stage,
      nominees: order.map((id) => ({ entryId: id, work: byId.get(id)!.work })),
      winner,
      at: new Date(this.access.now()).toISOString(),
    };
    await tx.awards.reveal(reveal, {
      actorId: user.id,
      action: 'reveal',
      categoryId: category.id,
      entryId: winner?.entryId ?? null,
      detail: { stage: input.stage },
    });
    return reveal;
  }

  /** The reveal on screen now (AwardFollowSource of `award:join`); NOT_FOUND for a missing programme or a draft. */
  async currentReveal(user: PublicUser | null, programmeId: string): Promise<AwardReveal | null> {
    const { programme } = await this.access.visible(user, programmeId);
    const reveal = await this.store.awards.currentReveal(programme.id);
    return reveal && this.access.blind.reveal(user, reveal);
  }

  /** Builds or rebuilds the nominees' halls of a programme that need it; returns the programme as it is then. */
  async syncHalls(programmeId: string): Promise<ProgrammeRecord | null> {
    return this.halls.run(programmeId, async () => {
      const programme = await this.store.awards.getProgramme(programmeId);
      if (programme && (await syncHalls(this.store, programme, this.access.now()))) return this.store.awards.getProgramme(programmeId);
      return programme;
    });
  }

  /** Stops pushing live tallies. Idempotent. */
  close(): void {
    this.voting.close();
  }

  private async withHalls(loaded: Loaded): Promise<Loaded> {
    if (!(await hallsNeedSync(this.store, loaded.programme, this.access.now()))) return loaded;
    try {
      const programme = await this.syncHalls(loaded.programme.id);
      return programme ? { programme, phase: phaseOf(programme, this.access.now()) } : loaded;
    } catch (err) {
      // A hall that cannot be built must not take the programme down with it.
      this.options.logger?.error({ err, programmeId: loaded.programme.id }, 'nominees hall could not be built');
      return loaded;
    }
  }

  private async view(user: PublicUser | null, { programme, phase }: Loaded): Promise<AwardProgramme> {
    const entries = await this.store.awards.entries(programme.id, { status: 'active' });
    const works = await this.access.worksOf(entries);
    const blind = await this.access.blind.hiddenFrom(user, [...works.values()]);
    return toProgrammeView(programme, phase, entries, works, this.access.viewer(user), blind);
  }

  /**
   * A category's full results read through `store` (a transaction's for a rule), and its nominees
   * in the order they were entered; with `audience`, the works blind to `audience.for` are shown
   * blind (without, everything: admins, the reveal).
   */
  private async categoryResult(
    store: Store,
    programme: ProgrammeRecord,
    categoryId: string,
    audience?: { for: PublicUser | null },
  ): Promise<{ full: CategoryResult; order: string[] }> {
    const category = programme.categories.find((c) => c.id === categoryId)!;
    const nominees = await store.awards.entries(programme.id, { categoryId, status: 'active' });
    const works = await this.access.worksOf(nominees, store);
    const scores = await store.awards.scores(programme.id);
    const votes = await store.awards.tally(programme.id, categoryId);
    const blind = audience ? await this.access.blind.hiddenFrom(audience.for, [...works.values()]) : new Set<string>();
    const full = categoryResult(category, nominees, works, scores, programme.judgeIds, votes, blind);
    return { full, order: nominees.filter((e) => works.has(e.workId)).map((e) => e.id) };
  }

  /**
   * VALIDATION_FAILED unless the ceremony event exists and every judge is an account with role
   * judge; the judges once each. Read through `tx`, not locked: a judge's role is checked again
   * whenever they judge, and an event or account deleted later leaves by its foreign key.
   */
  private async checkRefs(tx: Store, eventId: string | null, judgeIds: readonly string[]): Promise<string[]> {
    if (eventId && !(await tx.events.get(eventId))) throw fieldError('eventId', 'no such event');
    const unique = [...new Set(judgeIds)];
    for (const id of unique) {
      const judge = await tx.users.byId(id);
      if (judge?.role !== 'judge') throw fieldError(`judgeIds.${judgeIds.indexOf(id)}`, 'not an account with the judge role');
    }
    return unique;
  }
}

const phaseOf = (p: ProgrammeRecord, now: number) => phaseAt(p.schedule, now);
const notEligible = (reason: 'kind' | 'not-ready' | 'too-many' | 'too-old', message: string) => new AppError('NOT_ELIGIBLE', message, { reason });
