import {
  AwardId,
  IdempotencyKey,
  NotFoundError,
  VoteInput,
  parseOrThrow,
  phaseAt,
  type AwardTally,
  type PublicUser,
  type VoteResult,
} from '@yunzhan/shared';
import { authorize } from '../auth/policy';
import type { Store } from '../db/store';
import type { Rate } from '../limits/rate-limiter';
import { RateLimits } from '../limits/rate-limits';
import { SenderLimits } from '../limits/sender-limits';
import { fieldError, param, requirePhase, type AwardAccess } from './award-access';
import { TallyPusher, type WindowTimer } from './tally-pusher';

export type { Rate } from '../limits/rate-limiter';

/** Options of the voting desk. */
export interface VotingOptions {
  /** Votes per account. */
  userRate: Rate;
  /** Votes per client address. */
  addressRate: Rate;
  /** Where the limits count (shared by the nodes on Redis). Default: this process's memory. */
  limits?: RateLimits;
  /** Sends a live tally (Realtime.emitAwardTally); none: tallies are not pushed. */
  emitTally?: (tally: AwardTally) => void;
  /** Least time between two tallies of a category, in ms. Default 1000. */
  tallyIntervalMs?: number;
  /** The tally windows' timer (TallyPusherOptions.startTimer). Default: setTimeout. */
  tallyTimer?: WindowTimer;
  onError?: (err: unknown) => void;
}

/**
 * Public voting: any signed-in account, during the voting phase, within the per-account and
 * per-address rate limits. The store counts each vote once (the keys of award_votes, one transaction);
 * categories with live tallies get their counts pushed, coalesced to one a second.
 */
export class VotingDesk {
  private readonly limits: SenderLimits;
  private readonly pusher: TallyPusher;

  constructor(
    private readonly access: AwardAccess,
    options: VotingOptions,
  ) {
    // The account pays for every attempt; the address only for votes that counted, so refused
    // votes (already voted, none left, closed) never spend what others behind it need.
    const limits = options.limits ?? RateLimits.memory();
    this.limits = new SenderLimits([limits.limiter('votes:user', options.userRate)], limits.limiter('votes:address', options.addressRate));
    this.pusher = new TallyPusher({
      read: (programmeId, categoryId) => this.liveTally(programmeId, categoryId),
      emit: (tally) => options.emitTally?.(tally),
      intervalMs: options.tallyIntervalMs,
      startTimer: options.tallyTimer,
      onError: options.onError,
    });
  }

  /**
   * Casts a vote. `idempotencyKey` is the raw header: a retry with the same key answers the first
   * vote again (`replayed: true`) and counts nothing.
   */
  async vote(user: PublicUser | null, address: string, rawId: unknown, body: unknown, idempotencyKey: unknown): Promise<VoteResult> {
    authorize(user, 'award:vote');
    await this.limits.admit([user!.id], address);
    const programmeId = param(AwardId, 'id', rawId);
    const input = VoteInput.safeParse(body);
    const key = idempotencyKey === undefined ? null : IdempotencyKey.safeParse(idempotencyKey);
    if (!input.success || (key && !key.success)) return this.refuseRequest(user, programmeId, body, idempotencyKey);
    const { categoryId, entryId } = input.data;
    // One transaction: the phase, the category and the entry are read with the category and the
    // entry share-locked (voteTarget), so a vote never commits after an advance out of voting or a
    // withdrawal of its entry, and the limit read there is the one the insert is checked against.
    // The programme itself is only loaded when the target is missing, to say why.
    const { outcome, tallies } = await this.access.store.transaction(async (tx) => {
      const target = (await tx.awards.voteTarget(programmeId, categoryId, entryId)) ?? (await this.explainMissingTarget(tx, user, programmeId, categoryId));
      const phase = phaseAt(target.schedule, this.access.now());
      if (this.access.hidden(user, phase)) throw new NotFoundError('Award programme');
      requirePhase(phase, ['voting'], 'Voting');
      if (target.entry.status !== 'active' || target.entry.categoryId !== categoryId) throw new NotFoundError('Entry');
      const vote = { programmeId, categoryId, entryId, userId: user!.id, idempotencyKey: key?.data ?? null };
      return { outcome: await tx.awards.vote(vote, target.votesPerAccount), tallies: target.tallies };
    });
    if (!outcome.replayed) await this.limits.accepted(address);
    if (!outcome.replayed && tallies === 'live') this.pusher.changed(programmeId, categoryId);
    return { categoryId, entryId: outcome.entryId, replayed: outcome.replayed, myVotes: outcome.myVotes, votesLeft: outcome.votesLeft };
  }

  /** A request its schemas refuse: NOT_FOUND first for a programme the caller may not know of, else VALIDATION_FAILED naming the field. */
  private async refuseRequest(user: PublicUser | null, programmeId: string, body: unknown, idempotencyKey: unknown): Promise<never> {
    await this.access.visible(user, programmeId);
    parseOrThrow(VoteInput, body);
    param(IdempotencyKey, 'Idempotency-Key', idempotencyKey);
    throw new Error('a vote its schemas refused passed them on a second look');
  }

  /**
   * Why a vote has no target, as the programme says: NOT_FOUND for a programme the caller may not
   * know of, PHASE_CLOSED outside voting, VALIDATION_FAILED for a category it does not have, else
   * NOT_FOUND for the entry. Always throws.
   */
  private async explainMissingTarget(tx: Store, user: PublicUser | null, programmeId: string, categoryId: string): Promise<never> {
    const { programme, phase } = await this.access.visibleIn(tx, user, programmeId);
    requirePhase(phase, ['voting'], 'Voting');
    if (!programme.categories.some((c) => c.id === categoryId)) throw fieldError('categoryId', 'no such category in this programme');
    throw new NotFoundError('Entry');
  }

  /** The caller's votes in every category of a programme. */
  async mine(user: PublicUser | null, rawId: unknown): Promise<Record<string, string[]>> {
    authorize(user, 'award:vote');
    const { programme } = await this.access.visible(user, rawId);
    const votes = await this.access.store.awards.myVotes(programme.id, user!.id);
    return Object.fromEntries(programme.categories.map((c) => [c.id, votes[c.id] ?? []]));
  }

  /** A category's counts over its active entries, when its tallies are live; else null. */
  async liveTally(programmeId: string, categoryId: string): Promise<AwardTally | null> {
    const { store } = this.access;
    const programme = await store.awards.getProgramme(programmeId);
    if (programme?.categories.find((c) => c.id === categoryId)?.tallies !== 'live') return null;
    const counts = await store.awards.tally(programmeId, categoryId);
    const entries = await store.awards.entries(programmeId, { categoryId, status: 'active' });
    const votes = entries.map((e) => ({ entryId: e.id, votes: counts.get(e.id) ?? 0 }));
    return { programmeId, categoryId, totalVotes: votes.reduce((sum, v) => sum + v.votes, 0), votes };
  }

  /** Stops pushing tallies. */
  close(): void {
    this.pusher.close();
  }
}
