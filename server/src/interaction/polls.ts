import { ForbiddenError, InvalidStateError, NotFoundError, UnauthenticatedError, type ChatChannel, type PollCloseInput, type PollCreateInput, type PollState, type PollVoteInput, type PublicUser } from '@yunzhan/shared';
import type { Store } from '../db/store';
import type { PollRecord } from './poll-store';

/** Most polls a channel may have open at once. */
export const MAX_OPEN_POLLS = 5;
/** How long a closed poll is still handed to joining viewers, in milliseconds (15 minutes). */
export const RECENTLY_CLOSED_MS = 15 * 60_000;
/** Most polls handed to a joining viewer. */
const JOIN_POLL_LIMIT = 10;

/** Options of the poll service. */
export interface PollServiceOptions {
  /** The data layer: its polls, and transactions for the open-polls cap. */
  store: Pick<Store, 'polls' | 'transaction'>;
  /** Whether a user may run polls in a channel (its hosts, moderators, admins). */
  mayModerate: (user: PublicUser, channel: ChatChannel) => Promise<boolean>;
  /** Where changed poll states go (the fan-out: at most one per poll per tick). */
  publish: (state: PollState) => void;
}

/** The public state of a stored poll. */
export function toPollState(record: PollRecord): PollState {
  const { createdBy: _createdBy, ...state } = record;
  return state;
}

/**
 * Live polls: hosts and moderators open and close them, signed-in viewers vote once (the store's
 * UNIQUE key decides, so two tabs or two nodes cannot double-count), and every change is
 * published through the fan-out, which sends each poll's latest state at most once per tick.
 */
export class PollService {
  constructor(private readonly options: PollServiceOptions) {}

  /** Opens a poll in a channel. */
  async create(user: PublicUser | null, input: PollCreateInput): Promise<PollState> {
    const author = await this.moderator(user, input.channel);
    // Count and insert under the channel's lock: polls created at once on any node take turns.
    const created = await this.options.store.transaction(async (tx) => {
      await tx.polls.lockChannel(input.channel);
      if ((await tx.polls.openCount(input.channel)) >= MAX_OPEN_POLLS) {
        throw new InvalidStateError(`At most ${MAX_OPEN_POLLS} polls may be open at once`);
      }
      return tx.polls.create({ ...input, createdBy: author.id });
    });
    const state = toPollState(created);
    this.options.publish(state);
    return state;
  }

  /** Casts a signed-in user's only ballot; `inChannel` says whether the voter is in the poll's room. */
  async vote(user: PublicUser | null, input: PollVoteInput, inChannel: (channel: ChatChannel) => boolean): Promise<PollState> {
    if (!user) throw new UnauthenticatedError('Sign in to vote');
    const poll = await this.options.store.polls.get(input.pollId);
    // A poll of a room the voter is not in does not exist for them.
    if (!poll || !inChannel(poll.channel)) throw new NotFoundError('Poll');
    const state = toPollState(await this.options.store.polls.vote(poll.id, user.id, input.choices));
    this.options.publish(state);
    return state;
  }

  /** Closes a poll (whoever may run polls in its channel). */
  async close(user: PublicUser | null, input: PollCloseInput): Promise<PollState> {
    const poll = await this.options.store.polls.get(input.pollId);
    if (!poll) throw new NotFoundError('Poll');
    await this.moderator(user, poll.channel);
    const state = toPollState(await this.options.store.polls.close(poll.id));
    if (poll.open) this.options.publish(state);
    return state;
  }

  /** The polls a joining viewer gets: open ones and those closed in the last 15 minutes. */
  async forChannel(channel: ChatChannel, now = Date.now()): Promise<PollState[]> {
    const since = new Date(now - RECENTLY_CLOSED_MS).toISOString();
    return (await this.options.store.polls.recent(channel, since, JOIN_POLL_LIMIT)).map(toPollState);
  }

  private async moderator(user: PublicUser | null, channel: ChatChannel): Promise<PublicUser> {
    if (!user) throw new UnauthenticatedError();
    if (!(await this.options.mayModerate(user, channel))) throw new ForbiddenError('Only hosts and moderators run polls');
    return user;
  }
}
