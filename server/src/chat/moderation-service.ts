import {
  ForbiddenError,
  UnauthenticatedError,
  type ChatChannel,
  type ChatMessage,
  type ModState,
  type ModerationInput,
  type PublicUser,
} from '@yunzhan/shared';
import { toPublicUser } from '../auth/sessions';
import type { ModerationEffect } from './moderation-store';
import type { Store } from '../db/store';
import type { ChatEmitter } from './chat-emitter';
import type { ChatService } from './chat-service';

/** How many log lines `mod:state` returns. */
export const MOD_LOG_LIMIT = 50;
/** Most held messages and open reports in one queue. */
const QUEUE_LIMIT = 100;

/** Actions that name a user whom they restrict: never a moderator of the channel. */
const RESTRICTIONS = new Set(['mute', 'ban']);
/** Actions only owners by right (admins, the event's hosts, the exhibition's owner) may take. */
const OWNER_ONLY = new Set(['moderator-add', 'moderator-remove']);

/** What the rest of the channel may see of a message: a deleted one is a tombstone without its text. */
export const publicView = (message: ChatMessage): ChatMessage => (message.status === 'deleted' ? { ...message, text: '' } : message);

/**
 * Moderation of a channel: who may act, applying an action (written to the log in the same
 * transaction as its effect), and announcing the effect to the room, the user and the moderators.
 */
export class ModerationService {
  constructor(
    private readonly store: Store,
    private readonly chat: ChatService,
    private readonly emitter: ChatEmitter,
  ) {}

  /** Applies one moderation action for `user`; FORBIDDEN unless they moderate the channel. */
  async act(user: PublicUser | null, input: ModerationInput): Promise<void> {
    const { channel, action } = input;
    await this.requireModerator(user, channel);
    if (OWNER_ONLY.has(action.type) && !(await this.chat.policies.isOwner(user, channel))) {
      throw new ForbiddenError('Only the hosts, the owner or an admin name moderators');
    }
    const restricted = RESTRICTIONS.has(action.type) && 'userId' in action ? action.userId : null;
    if (restricted !== null) {
      const target = await this.store.users.byId(restricted);
      if (await this.chat.policies.isModerator(target ? toPublicUser(target) : null, channel)) throw new ForbiddenError('A moderator of this channel cannot be muted or banned');
    }
    const effect = await this.store.transaction(async (tx) => {
      const now = new Date();
      if (restricted !== null) {
        // Named moderators read again under the channel's lock (the cache above may be behind, and
        // a moderator-add on another node locks it too): the restriction never lands on one.
        await tx.moderation.lockChannel(channel, now);
        if ((await tx.moderation.settings(channel)).moderatorIds.includes(restricted)) throw new ForbiddenError('A moderator of this channel cannot be muted or banned');
      }
      return tx.moderation.act(channel, user!.id, action, now);
    });
    this.chat.policyChanged(channel);
    await this.announce(channel, effect, action.type);
  }

  /** The channel's settings, review queue and recent log, for its moderators. */
  async state(user: PublicUser | null, channel: ChatChannel): Promise<ModState> {
    await this.requireModerator(user, channel);
    const [settings, held, reports, log] = await Promise.all([
      this.store.moderation.settings(channel),
      this.store.chat.held(channel, QUEUE_LIMIT),
      this.store.chat.openReports(channel, QUEUE_LIMIT),
      this.store.moderation.log(channel, MOD_LOG_LIMIT),
    ]);
    return { settings, held, reports, log };
  }

  private async requireModerator(user: PublicUser | null, channel: ChatChannel): Promise<void> {
    if (!user) throw new UnauthenticatedError();
    // NOT_FOUND for a channel that does not exist, before FORBIDDEN.
    await this.chat.policies.owner(channel);
    if (!(await this.chat.policies.isModerator(user, channel))) throw new ForbiddenError('Only moderators of this channel may do that');
  }

  private async announce(channel: ChatChannel, effect: ModerationEffect, type: string): Promise<void> {
    switch (effect.kind) {
      case 'message': {
        const { message, before } = effect;
        // Viewers hear about a message they saw or now may see; a held one stays between its author and the moderators.
        const to = before === 'visible' || message.status === 'visible' ? { room: true as const } : { userId: message.userId };
        this.emitter.update(publicView(message), to);
        if (type === 'delete' || type === 'approve') await this.chat.announceQueue(channel);
        return;
      }
      case 'user': {
        if (type === 'moderator-add' || type === 'moderator-remove') {
          this.emitter.moderator(channel, effect.userId, type === 'moderator-add');
          this.emitter.settings(channel, await this.chat.policies.settings(channel));
        }
        const target = await this.store.users.byId(effect.userId);
        this.emitter.standing(effect.userId, await this.chat.standingOf(target ? toPublicUser(target) : null, channel));
        return;
      }
      case 'settings':
        this.emitter.settings(channel, await this.chat.policies.settings(channel));
        return;
      case 'report':
        await this.chat.announceQueue(channel);
        return;
    }
  }
}
