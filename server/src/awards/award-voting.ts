import {
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
import type { Rate } from '../limits/rate-limiter';
import { RateLimits } from '../limits/rate-limits';
import { SenderLimits } from '../limits/sender-limits';
import { fieldError, param, requirePhase, type AwardAccess } from './award-access';
import { TallyPusher } from './tally-pusher';

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
    const { programme, phase } = await this.access.visible(user, rawId);
    const input = parseOrThrow(VoteInput, body);
    const key = idempotencyKey === undefined ? null : param(IdempotencyKey, 'Idempotency-Key', idempotencyKey);
    requirePhase(phase, ['voting'], 'Voting');
    const category = programme.categories.find((c) => c.id === input.categoryId);
    if (!category) throw fieldError('categoryId', 'no such category in this programme');
    // One transaction: the phase and the entry are read with the category and the entry
    // share-locked (voteTarget), so a vote never commits after an advance out of voting or a
    // withdrawal of its entry, and the limit read there is the one the insert is checked against.
    const outcome = await this.access.store.transaction(async (tx) => {
      const target = await tx.awards.voteTarget(programme.id, category.id, input.entryId);
      if (!target) throw new NotFoundError('Entry');
      requirePhase(phaseAt(target.schedule, this.access.now()), ['voting'], 'Voting');
      if (target.entry.status !== 'active' || target.entry.categoryId !== category.id) throw new NotFoundError('Entry');
      return tx.awards.vote({ programmeId: programme.id, categoryId: category.id, entryId: input.entryId, userId: user!.id, idempotencyKey: key }, target.votesPerAccount);
    });
    if (!outcome.replayed) await this.limits.accepted(address);
    if (!outcome.replayed && category.tallies === 'live') this.pusher.changed(programme.id, category.id);
    return { categoryId: category.id, entryId: outcome.entryId, replayed: outcome.replayed, myVotes: outcome.myVotes, votesLeft: outcome.votesLeft };
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
