import { NotFoundError, type ChatChannel, type Reaction, type ReactionInput } from '@yunzhan/shared';
import { RateLimits } from '../limits/rate-limits';
import { SenderLimits } from '../limits/sender-limits';

/** Who sends a reaction, for its rate limits. */
export interface ReactionSender {
  socketId: string;
  /** The signed-in account, or null for an anonymous viewer. */
  userId: string | null;
  /** Who the connection counts as (account, browser or address): tabs of one browser share an allowance. */
  viewerKey: string;
  address: string;
}

/** Options of the reaction service. Rates are per second, bursts in reactions. */
export interface ReactionServiceOptions {
  /** Where accepted reactions go (the fan-out sums them per tick into one `reaction:burst`). */
  publish: (channel: ChatChannel, reaction: Reaction) => void;
  /** Per socket and per account: burst 10, 5 per second. */
  perSender?: { burst: number; perSecond: number };
  /** Anonymous viewers per address (a venue behind one NAT shares it): burst 60, 30 per second. */
  perAnonymousAddress?: { burst: number; perSecond: number };
  /** Where the limits count (per viewer and per address shared by the nodes on Redis). Default: this process's memory. */
  limits?: RateLimits;
}

/**
 * Emoji reactions: only the fixed set (the schema), only into a room the sender is in, limited
 * per socket, per account and (for anonymous viewers) per address, and never broadcast one by
 * one: the fan-out sums each tick's reactions per room into one burst.
 */
export class ReactionService {
  private readonly limits: SenderLimits;

  constructor(private readonly options: ReactionServiceOptions) {
    const sender = options.perSender ?? { burst: 10, perSecond: 5 };
    const address = options.perAnonymousAddress ?? { burst: 60, perSecond: 30 };
    const limits = options.limits ?? RateLimits.memory();
    // Per socket and per viewer (account or browser): the sender's own. Anonymous viewers also
    // share their address's allowance, which only accepted reactions spend. A socket lives on one
    // node, so its count stays there; a viewer's tabs and an address may reach several nodes.
    this.limits = new SenderLimits(
      [limits.limiter('reactions:socket', sender, { local: true }), limits.limiter('reactions:viewer', sender)],
      limits.limiter('reactions:address', address),
    );
  }

  /** Accepts one reaction or throws (NOT_FOUND when not in the room, RATE_LIMITED). */
  async send(sender: ReactionSender, input: ReactionInput, inChannel: (channel: ChatChannel) => boolean): Promise<void> {
    if (!inChannel(input.channel)) throw new NotFoundError('Joined channel');
    const shared = sender.userId ? null : sender.address;
    await this.limits.admit([sender.socketId, sender.viewerKey], shared);
    await this.limits.accepted(shared);
    this.options.publish(input.channel, input.reaction);
  }
}
