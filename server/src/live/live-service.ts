import fs from 'node:fs';
import path from 'node:path';
import type { types } from 'mediasoup';
import {
  AppError,
  DEFAULT_LADDER,
  InvalidStateError,
  NotFoundError,
  type JobHandle,
  type LiveState,
  type PublicUser,
} from '@yunzhan/shared';
import { LL_FOLDER, RECORDING_FILE, hlsMasterExists } from '@yunzhan/media-worker';
import { authorize } from '../auth/policy';
import type { EventRecord } from '../db/store';
import { Room } from '../sfu/room';
import { RtpPipe } from '../sfu/rtp-pipe';
import { KeyedLock } from './keyed-lock';
import type { LiveServiceDeps } from './live-deps';
import { LiveHandover } from './live-handover';
import { LadderLinks, newLive, publisherProducers, type Live } from './live-ladder-link';
import type { MediaHealth } from './media-health';

/**
 * Owns the rooms and lives of every event: go live, end, recover, and the state viewers see.
 * One owner per live; `close()` ends them all and leaves every replay complete.
 */
export class LiveService {
  private readonly rooms = new Map<string, Room>();
  private readonly lives = new Map<string, Live>();
  private readonly lock = new KeyedLock();
  private closed = false;
  private readonly links: LadderLinks;
  /** Handing lives between web nodes (LIVE_WORKERS=remote). */
  private readonly handover: LiveHandover | undefined;

  constructor(private readonly deps: LiveServiceDeps) {
    this.links = new LadderLinks({
      deps,
      room: (eventId) => this.room(eventId),
      isCurrent: (eventId, live) => this.lives.get(eventId) === live,
      broadcast: (eventId) => this.broadcast(eventId),
      end: (eventId, reason) => this.end(eventId, reason),
    });
    if (deps.remote) {
      this.handover = new LiveHandover(
        {
          deps,
          lives: this.lives,
          lock: this.lock,
          links: this.links,
          isClosed: () => this.closed,
          room: (eventId) => this.room(eventId),
          event: (eventId) => this.event(eventId),
          broadcast: (eventId) => this.broadcast(eventId),
          stateOf: (event) => this.stateOf(event),
        },
        deps.remote,
      );
    }
  }

  private async event(eventId: string): Promise<EventRecord> {
    const event = await this.deps.store.events.get(eventId);
    if (!event) throw new NotFoundError('Event');
    return event;
  }

  /** The event's room, created on first use (and again if its worker died). */
  async room(eventId: string): Promise<Room> {
    if (this.closed) throw new InvalidStateError('Server is shutting down');
    const existing = this.rooms.get(eventId);
    if (existing && !existing.isClosed) return existing;
    return this.lock.run(`room:${eventId}`, async () => {
      const again = this.rooms.get(eventId);
      if (again && !again.isClosed) return again;
      const room = await Room.create(this.deps.pool, eventId, this.deps.network);
      this.rooms.set(eventId, room);
      room.on('producerclose', (peerId) => this.onPublisherLost(eventId, peerId, 'the publisher stopped sending'));
      room.once('close', () => {
        if (this.rooms.get(eventId) === room) this.rooms.delete(eventId);
        const live = this.lives.get(eventId);
        if (live) void this.end(eventId, 'the media server restarted').catch(() => undefined);
      });
      return room;
    });
  }

  /** Checks that `user` may publish to the event and returns its room. */
  async publisherRoom(eventId: string, user: PublicUser | null): Promise<Room> {
    authorize(user, 'event:publish', await this.event(eventId));
    return this.room(eventId);
  }

  /** What viewers of an event see now. */
  async state(eventId: string): Promise<LiveState> {
    return this.stateOf(await this.event(eventId));
  }

  /**
   * Looks up which of these events' streams a media worker serves (lives run by another node,
   * LIVE_WORKERS=remote), so that `stateOf` offers their playlists on every node. Call before
   * `stateOf` where the event may be another node's.
   */
  async lookUpOrigins(events: readonly EventRecord[]): Promise<void> {
    const others = events.filter((e) => e.streamId && this.lives.get(e.id)?.streamId !== e.streamId);
    await Promise.all(others.map((e) => this.deps.origins?.lookUp(e.streamId!)));
  }

  /** URL of the recording of the event's last live, once published. */
  recordingOf(event: EventRecord): { url: string } | null {
    if (!event.streamId || this.lives.has(event.id)) return null;
    const file = path.join(this.deps.mediaDir, 'hls', event.streamId, RECORDING_FILE);
    return fs.existsSync(file) ? { url: `/hls/${event.streamId}/${RECORDING_FILE}` } : null;
  }

  /** Live state of an event record. */
  stateOf(event: EventRecord): LiveState {
    const live = this.lives.get(event.id);
    let hls: LiveState['hls'] = null;
    if (live && live.ready) {
      hls = { master: `/hls/${live.streamId}/master.m3u8` };
      // LL-HLS is rendered from the packager's memory: offered where a worker origin serves it
      // through every node, or where the packager runs in this process.
      if (live.origin || this.deps.servesLowLatency?.(live.streamId)) hls.lowLatency = `/hls/${live.streamId}/${LL_FOLDER}/master.m3u8`;
    }
    else if (event.streamId && this.deps.origins?.known(event.streamId)) {
      // Another node's live (or its replay) on a media worker: every node proxies its /hls/.
      hls = { master: `/hls/${event.streamId}/master.m3u8` };
      if (event.status === 'live') hls.lowLatency = `/hls/${event.streamId}/${LL_FOLDER}/master.m3u8`;
    } else if (event.streamId && hlsMasterExists(this.deps.mediaDir, event.streamId)) hls = { master: `/hls/${event.streamId}/master.m3u8` };
    return {
      eventId: event.id,
      status: event.status,
      hls,
      startedAt: event.startedAt,
      viewerCount: this.deps.viewerCount(event.id),
      recovering: live?.recovering ?? false,
      // Here, or (another node's live) found without a holder by the last sweep: its node died.
      awaitingPublisher: live ? live.graceTimer !== undefined : event.status === 'live' && this.handover?.orphans.has(event.id) === true,
    };
  }

  private async broadcast(eventId: string): Promise<void> {
    const event = await this.deps.store.events.get(eventId);
    if (event) this.deps.publishState(this.stateOf(event));
  }

  /** Starts the live of an event from the producers `peerId` publishes. */
  async start(eventId: string, user: PublicUser | null, peerId: string): Promise<LiveState> {
    const event = await this.event(eventId);
    authorize(user, 'event:publish', event);
    return this.startFor(eventId, peerId);
  }

  /** Starts a live from `peerId`'s producers without a user check (the server's own sources). */
  async startFor(eventId: string, peerId: string): Promise<LiveState> {
    return this.lock.run(eventId, () => this.startLocked(eventId, peerId));
  }

  private async startLocked(eventId: string, peerId: string): Promise<LiveState> {
    if (this.closed) throw new InvalidStateError('Server is shutting down');
    const existing = this.lives.get(eventId);
    if (existing?.graceTimer) return this.resumeLocked(eventId, existing, peerId);
    if (existing) throw new InvalidStateError('This event is already live');
    // Live on the media workers, driven by another node (it died, and the host reconnected here).
    if (this.handover) {
      const event = await this.event(eventId);
      const adopted = event.status === 'live' && event.streamId ? await this.handover.adoptLocked(event, peerId) : undefined;
      if (adopted) return adopted;
    }
    const remote = this.deps.remote;
    const media = await this.deps.mediaHealth();
    if (!media.ok) throw new AppError('MEDIA_UNAVAILABLE', media.problem?.message ?? 'The media folder is not usable', { problem: media.problem?.code });
    const room = await this.room(eventId);
    const producers = publisherProducers(room, peerId);

    const streamId = `${eventId}-${Date.now().toString(36)}`;
    if (remote && !(await remote.ownership.claim(eventId))) throw new InvalidStateError('This event is already live from another server');
    let pipe: RtpPipe | undefined;
    let job: JobHandle;
    try {
      pipe = await RtpPipe.create(room.router, producers, this.deps.pipe);
      job = this.deps.jobs.dispatch({
        type: 'live-ladder',
        payload: { streamId, eventId, input: [...pipe.input], renditions: [...DEFAULT_LADDER], segmentSeconds: 2 },
      });
    } catch (err) {
      pipe?.close();
      await remote?.ownership.release(eventId);
      throw err;
    }
    const live = newLive({ streamId, publisherPeerId: peerId, pipe, job, ready: false, recovering: false, origin: undefined });
    live.unsubscribe = job.onEvent((e) => this.links.onJobEvent(eventId, live, e));
    this.lives.set(eventId, live);
    // With LIVE_WORKERS=remote the ladder waits in a queue until a worker has room.
    this.links.watchTaken(eventId, live);
    await this.deps.store.events.update(eventId, { status: 'live', streamId, startedAt: new Date().toISOString(), endedAt: null });
    this.deps.logger.info({ eventId, streamId }, 'live started');
    await this.broadcast(eventId);
    return this.state(eventId);
  }

  /** Ends an event's live by its host: the replay is complete when this resolves. */
  async endBy(eventId: string, user: PublicUser | null): Promise<LiveState> {
    authorize(user, 'event:publish', await this.event(eventId));
    return this.end(eventId, 'ended by the host');
  }

  /** Ends a live: the ladder writes its last segment and EXT-X-ENDLIST, then the event is `ended`. */
  async end(eventId: string, reason: string): Promise<LiveState> {
    return this.lock.run(eventId, async () => {
      const live = this.lives.get(eventId);
      const event = await this.event(eventId);
      if (!live && event.status !== 'live') throw new InvalidStateError('This event is not live');
      if (live) {
        this.links.stopKeyFrames(live);
        clearTimeout(live.takenTimer);
        clearTimeout(live.graceTimer);
        live.graceTimer = undefined;
        try {
          await live.job.stop();
        } finally {
          live.unsubscribe();
          live.pipe.close();
          this.lives.delete(eventId);
        }
        // The publisher's producers stay open only for a restart; ending closes them too.
        this.rooms.get(eventId)?.closePeer(live.publisherPeerId);
        await this.deps.remote?.ownership.release(eventId).catch((err: unknown) => this.deps.logger.warn({ err, eventId }, 'could not let go of the live'));
      }
      await this.deps.store.events.update(eventId, { status: 'ended', endedAt: new Date().toISOString() });
      this.deps.logger.info({ eventId, reason }, 'live ended');
      // A ladder on a media worker publishes its recording there, where its files are.
      if (live && !live.origin) await this.publishRecording(eventId, live.streamId);
      await this.broadcast(eventId);
      return this.state(eventId);
    });
  }

  // Every live becomes one MP4 as well as its HLS replay; queued, so it survives a restart.
  private async publishRecording(eventId: string, streamId: string): Promise<void> {
    const payload = { eventId, streamId, streamDir: path.join(this.deps.mediaDir, 'hls', streamId) };
    if (this.deps.publishRecordingHere) {
      this.deps.publishRecordingHere(payload);
      return;
    }
    try {
      await this.deps.queue.enqueue({ type: 'recording-publish', payload }, { id: `recording-${streamId}` });
    } catch (err) {
      this.deps.logger.error({ err, eventId, streamId }, 'could not queue the recording');
    }
  }

  /**
   * A publisher's connection or track went away. The live waits `reconnectGraceMs` for a host to
   * come back (`start` then resumes it after a discontinuity); after that it ends.
   */
  onPublisherLost(eventId: string, peerId: string, reason: string): void {
    const live = this.lives.get(eventId);
    if (!live || live.publisherPeerId !== peerId || live.graceTimer || this.closed) return;
    const graceMs = this.deps.reconnectGraceMs ?? 60_000;
    this.deps.logger.warn({ eventId, reason, graceMs }, 'publisher lost; waiting for the host to come back');
    this.links.stopKeyFrames(live);
    // The receiver keeps its ports (and its playlist); a returning publisher is piped to them.
    live.pipe.close();
    live.graceTimer = setTimeout(() => {
      void this.end(eventId, `the host did not come back within ${Math.round(graceMs / 1000)} s`).catch((err) =>
        this.deps.logger.error({ err, eventId }, 'could not end live'),
      );
    }, graceMs);
    this.deps.notifyHosts(eventId, 'warning', `The publisher disconnected (${reason}). Go live again within ${Math.round(graceMs / 1000)} s to continue this live.`);
    void this.broadcast(eventId);
  }

  // A host came back: pipe the new producers to the same receiver ports and start a new run of
  // the ladder, so the playlist continues after EXT-X-DISCONTINUITY and the show stays one replay.
  private async resumeLocked(eventId: string, live: Live, peerId: string): Promise<LiveState> {
    const room = await this.room(eventId);
    const producers = publisherProducers(room, peerId);
    const pipe = await RtpPipe.create(room.router, producers, this.deps.pipe, live.pipe.input);
    // The ladder still listens where it said: the new producers go there.
    const receiver = live.pipe.receiver;
    if (receiver) await pipe.connect(receiver);
    clearTimeout(live.graceTimer);
    live.graceTimer = undefined;
    live.pipe = pipe;
    live.publisherPeerId = peerId;
    live.recovering = true;
    this.deps.logger.info({ eventId, streamId: live.streamId }, 'publisher back; live resumes');
    await live.job.restart();
    await this.broadcast(eventId);
    return this.state(eventId);
  }

  /** A socket closed: drop its transports and, if it was publishing, end its live. */
  peerGone(peerId: string): void {
    for (const [eventId, room] of this.rooms) {
      if (!room.peers.has(peerId)) continue;
      this.onPublisherLost(eventId, peerId, 'the host disconnected');
      room.closePeer(peerId);
    }
  }

  /** Registers producers created outside a WebRTC transport (the rehearsal source) under `peerId`. */
  async adoptProducers(eventId: string, peerId: string, producers: types.Producer[]): Promise<void> {
    const room = await this.room(eventId);
    for (const p of producers) room.adopt(peerId, p);
  }

  /** Tells the hosts of every running live that the media folder went bad (or recovered). */
  reportMediaHealth(health: MediaHealth): void {
    for (const eventId of this.lives.keys()) {
      if (health.ok) this.deps.notifyHosts(eventId, 'info', 'The media folder is writable again.');
      else
        this.deps.notifyHosts(eventId, 'error', health.problem?.message ?? 'The media folder is not usable', {
          code: 'MEDIA_UNAVAILABLE',
          message: health.problem?.message ?? 'The media folder is not usable',
          details: { problem: health.problem?.code },
        });
    }
  }

  /** Stream ids of running lives, for health and tests. */
  runningStreams(): { eventId: string; streamId: string; jobPid: number | undefined }[] {
    return [...this.lives].map(([eventId, l]) => ({ eventId, streamId: l.streamId, jobPid: l.job.pid }));
  }

  /**
   * Ends every live (each replay gets its EXT-X-ENDLIST) and closes every room. Idempotent. With
   * LIVE_WORKERS=remote the lives are handed over instead (live-handover.ts).
   */
  async close(): Promise<void> {
    if (this.closed) return;
    const eventIds = [...this.lives.keys()];
    const handover = this.handover;
    if (handover) {
      handover.stop();
      this.closed = true;
      await Promise.allSettled(eventIds.map((id) => this.lock.run(id, () => handover.handOverLocked(id))));
    } else {
      await Promise.allSettled(eventIds.map((id) => this.end(id, 'server shutting down')));
      this.closed = true;
    }
    for (const room of this.rooms.values()) room.close();
    this.rooms.clear();
  }
}
