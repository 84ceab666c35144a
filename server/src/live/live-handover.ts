import { InvalidStateError, type LiveState } from '@yunzhan/shared';
import { LIVE_OWNER_TTL_MS, type RemoteLiveRunner } from '@yunzhan/media-worker';
import type { EventRecord } from '../db/store';
import { RtpPipe } from '../sfu/rtp-pipe';
import type { Room } from '../sfu/room';
import type { KeyedLock } from './keyed-lock';
import { newLive, publisherProducers, type LadderLinks, type Live } from './live-ladder-link';
import type { LiveServiceDeps } from './live-deps';

// Lives handed between web nodes (LIVE_WORKERS=remote): adopting the live of a node that died
// when its host reconnects here, ending it when nobody comes back, and letting go of this node's
// lives when it stops. Each live is held by one node (media-worker live-remote/live-ownership.ts).

/** What the live service needs to hand lives between web nodes (LIVE_WORKERS=remote). */
export type RemoteLives = Pick<RemoteLiveRunner, 'ownership' | 'adopt' | 'forget'>;

/** How often a node looks for lives whose node died, in ms. */
const ORPHAN_SWEEP_MS = 3000;

/** What the hand-over needs from the live service. */
export interface HandoverContext {
  deps: LiveServiceDeps;
  lives: Map<string, Live>;
  lock: KeyedLock;
  links: LadderLinks;
  isClosed(): boolean;
  room(eventId: string): Promise<Room>;
  event(eventId: string): Promise<EventRecord>;
  broadcast(eventId: string): Promise<void>;
  stateOf(event: EventRecord): LiveState;
}

/** The live service's side of handing lives between web nodes. `stop()` ends its sweep. */
export class LiveHandover {
  /** Other nodes' lives the last sweep found without a holder (their node died): they wait for a host. */
  readonly orphans = new Set<string>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly ctx: HandoverContext,
    private readonly remote: RemoteLives,
  ) {
    this.timer = setInterval(() => {
      this.sweep().catch((err: unknown) => ctx.deps.logger.warn({ err }, 'could not look for lives whose node stopped'));
    }, ORPHAN_SWEEP_MS);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  // The host of a live another node drove (that node died) reconnected here: once that node's
  // hold has lapsed, follow its ladder, pipe the new producers to where the ladder listens and
  // restart it, so the playlists continue after a discontinuity and the show stays one replay.
  // Undefined when no worker runs that live any more (the caller starts a new one).
  async adoptLocked(event: EventRecord, peerId: string): Promise<LiveState | undefined> {
    const eventId = event.id;
    const streamId = event.streamId!;
    const room = await this.ctx.room(eventId);
    const producers = publisherProducers(room, peerId);
    if (!(await this.remote.ownership.claim(eventId, LIVE_OWNER_TTL_MS + 1000))) throw new InvalidStateError('This event is already live from another server');
    let pipe: RtpPipe | undefined;
    let taken: Live | undefined;
    try {
      const adopted = await this.remote.adopt(streamId);
      if (!adopted) {
        await this.remote.ownership.release(eventId);
        await this.ctx.deps.store.events.update(eventId, { status: 'ended', endedAt: new Date().toISOString() });
        this.ctx.deps.logger.warn({ eventId, streamId }, 'the live of a node that stopped had no ladder any more; it ended and a new one starts');
        return undefined;
      }
      pipe = await RtpPipe.create(room.router, producers, this.ctx.deps.pipe, adopted.input);
      // Its playlists exist already (on the worker): viewers keep them while it restarts.
      const live = newLive({ streamId, publisherPeerId: peerId, pipe, job: adopted.handle, ready: true, recovering: true, origin: adopted.listening?.origin });
      live.unsubscribe = adopted.handle.onEvent((e) => this.ctx.links.onJobEvent(eventId, live, e));
      this.ctx.lives.set(eventId, live);
      taken = live;
      if (adopted.listening) {
        live.connected = this.ctx.links.connectPipe(eventId, live, adopted.listening, adopted.listening.origin);
        await live.connected;
      }
      this.ctx.deps.logger.info({ eventId, streamId, worker: adopted.listening?.address }, 'took over the live of a node that stopped; it resumes');
      await adopted.handle.restart();
      await this.ctx.broadcast(eventId);
      return this.ctx.stateOf(await this.ctx.event(eventId));
    } catch (err) {
      if (taken && this.ctx.lives.get(eventId) === taken) {
        taken.unsubscribe();
        this.ctx.lives.delete(eventId);
      }
      pipe?.close();
      await this.remote.ownership.release(eventId).catch(() => undefined);
      throw err;
    }
  }

  // Lives whose node died and whose host did not come back within the grace period are ended by
  // whichever node finds them first, so that each still becomes one replay.
  private async sweep(): Promise<void> {
    if (this.ctx.isClosed()) return;
    const graceMs = this.ctx.deps.reconnectGraceMs ?? 60_000;
    const found = new Set<string>();
    for (const event of await this.ctx.deps.store.events.list({ status: 'live' })) {
      if (!event.streamId || this.ctx.lives.has(event.id)) continue;
      if (await this.remote.ownership.owner(event.id)) continue;
      found.add(event.id);
      // Hosts and viewers on this node learn that the live waits for its host.
      if (!this.orphans.has(event.id)) {
        this.orphans.add(event.id);
        this.ctx.deps.publishState(this.ctx.stateOf(event));
      }
      const since = await this.remote.ownership.orphanedSince(event.id, graceMs + 60_000);
      if (Date.now() - since < graceMs) continue;
      await this.ctx.lock.run(event.id, () => this.endOrphanLocked(event.id));
    }
    for (const id of this.orphans) if (!found.has(id)) this.orphans.delete(id);
  }

  private async endOrphanLocked(eventId: string): Promise<void> {
    if (this.ctx.isClosed() || this.ctx.lives.has(eventId)) return;
    const event = await this.ctx.event(eventId);
    if (event.status !== 'live' || !event.streamId || !(await this.remote.ownership.claim(eventId))) return;
    try {
      // The worker finishes the playlists (EXT-X-ENDLIST) and publishes the recording.
      const adopted = await this.remote.adopt(event.streamId);
      await adopted?.handle.stop();
      await this.ctx.deps.store.events.update(eventId, { status: 'ended', endedAt: new Date().toISOString() });
      this.ctx.deps.logger.warn({ eventId, streamId: event.streamId }, 'ended a live whose node stopped and whose host did not come back');
      await this.ctx.broadcast(eventId);
    } finally {
      await this.remote.ownership.release(eventId);
    }
  }

  // This node stops (a rolling restart, a drain): its live's ladder goes on on the media worker,
  // the hold is let go at once, and the host, whose connection closes next, reconnects to another
  // node, which adopts the live; if nobody comes back, another node ends it after the grace period.
  async handOverLocked(eventId: string): Promise<void> {
    const live = this.ctx.lives.get(eventId);
    if (!live) return;
    this.ctx.lives.delete(eventId);
    this.ctx.links.stopKeyFrames(live);
    clearTimeout(live.takenTimer);
    clearTimeout(live.graceTimer);
    live.unsubscribe();
    live.pipe.close();
    this.remote.forget(live.job);
    await this.remote.ownership.release(eventId).catch((err: unknown) => this.ctx.deps.logger.warn({ err, eventId }, 'could not let go of the live'));
    this.ctx.deps.logger.info({ eventId, streamId: live.streamId }, 'handed the live over: its ladder goes on on its media worker');
  }
}
