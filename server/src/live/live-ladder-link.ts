import type { Logger } from 'pino';
import { InvalidStateError, type JobEvent, type JobHandle } from '@yunzhan/shared';
import type { types } from 'mediasoup';
import { RtpPipe } from '../sfu/rtp-pipe';
import type { Room } from '../sfu/room';
import type { LiveServiceDeps } from './live-deps';

/** One running live: the RTP pipe from the SFU and the ladder job that turns it into HLS. */
export interface Live {
  streamId: string;
  publisherPeerId: string;
  pipe: RtpPipe;
  job: JobHandle;
  /** True once the first segment exists, so players can start. */
  ready: boolean;
  /** True while the ladder restarts after a crash. */
  recovering: boolean;
  /** The pipe's connection to where the ladder listens, once it said so. */
  connected: Promise<void> | undefined;
  /** The media worker's HTTP origin serving the stream, when the ladder runs on one. */
  origin: string | undefined;
  /** Tells the hosts when no ladder has said where it listens in time (no media worker free). */
  takenTimer: NodeJS.Timeout | undefined;
  keyFrameTimer: NodeJS.Timeout | undefined;
  unsubscribe: () => void;
  /** Set while the publisher is gone: the live ends when this fires, unless they come back. */
  graceTimer: NodeJS.Timeout | undefined;
}

/** How long a dispatched ladder may take to say where it listens before the hosts are told, in ms. */
const LADDER_TAKEN_WITHIN_MS = 20_000;

/** How many times to re-ask for a key frame (once a second) until the first segment appears. */
const KEY_FRAME_RETRIES = 15;

/** A new live's record: what varies between one started here and one taken over; the timers not yet set. */
export function newLive(fields: Pick<Live, 'streamId' | 'publisherPeerId' | 'pipe' | 'job' | 'ready' | 'recovering' | 'origin'>): Live {
  return { ...fields, connected: undefined, takenTimer: undefined, keyFrameTimer: undefined, unsubscribe: () => {}, graceTimer: undefined };
}

/** The open producers `peerId` publishes in `room`, which must include a video track to go live. */
export function publisherProducers(room: Room, peerId: string): types.Producer[] {
  const producers = room.openProducersOf(peerId);
  if (!producers.some((p) => p.kind === 'video')) throw new InvalidStateError('Publish a video track before going live');
  return producers;
}

/** What a live's link to its ladder needs from the live service. */
export interface LadderLinkContext {
  deps: Pick<LiveServiceDeps, 'pipe' | 'store' | 'logger' | 'notifyHosts'>;
  room(eventId: string): Promise<Room>;
  /** True while `live` is the event's running live. */
  isCurrent(eventId: string, live: Live): boolean;
  broadcast(eventId: string): Promise<void>;
  end(eventId: string, reason: string): Promise<unknown>;
}

/**
 * The link between each live and its ladder job, here or on a media worker: follows the job's
 * events (where it listens, when it is ready, crashes, failure), connects the RTP pipe there and
 * asks the publisher for key frames until the ladder decodes.
 */
export class LadderLinks {
  constructor(private readonly ctx: LadderLinkContext) {}

  /** Tells the hosts when no media worker has taken the live in time (it starts when one is free). */
  watchTaken(eventId: string, live: Live): void {
    live.takenTimer = setTimeout(() => {
      if (!this.ctx.isCurrent(eventId, live) || live.connected) return;
      const message = `No media worker has taken this live within ${LADDER_TAKEN_WITHIN_MS / 1000} s; it starts as soon as one is free.`;
      this.ctx.deps.logger.error({ eventId, streamId: live.streamId }, 'live ladder not taken by any media worker');
      this.ctx.deps.notifyHosts(eventId, 'error', message, { code: 'MEDIA_UNAVAILABLE', message });
    }, LADDER_TAKEN_WITHIN_MS);
    live.takenTimer.unref();
  }

  onJobEvent(eventId: string, live: Live, e: JobEvent): void {
    const log = this.ctx.deps.logger.child({ eventId, streamId: live.streamId });
    switch (e.type) {
      case 'rtp-listening': {
        // The ladder (re)opened its input, here or on a worker host: send there. After a
        // failover to another worker this is a new address, so the pipe is made again.
        const receiver = { address: e.address, ports: e.ports };
        live.connected = this.connectPipe(eventId, live, receiver, e.origin).catch((err: unknown) => {
          log.error({ err, receiver }, 'could not send RTP to the live ladder');
        });
        break;
      }
      case 'input-ready':
        this.requestKeyFrames(live, log);
        break;
      case 'progress':
        if ((e.segments ?? 0) > 0 && (!live.ready || live.recovering)) {
          live.ready = true;
          live.recovering = false;
          this.stopKeyFrames(live);
          void this.ctx.broadcast(eventId);
        }
        break;
      case 'crashed':
        log.warn({ attempt: e.attempt, exitCode: e.exitCode, signal: e.signal, stderrTail: e.stderrTail }, 'live ladder crashed; restarting');
        live.recovering = true;
        this.ctx.deps.notifyHosts(eventId, 'warning', 'The transcoder restarted; viewers keep watching.');
        void this.ctx.broadcast(eventId);
        break;
      case 'state':
        if (e.state === 'failed' && this.ctx.isCurrent(eventId, live)) {
          log.error({ error: e.error }, 'live ladder failed');
          this.ctx.deps.notifyHosts(eventId, 'error', 'The live could not continue.', { code: 'MEDIA_UNAVAILABLE', message: e.error ?? 'transcoder failed' });
          void this.ctx.end(eventId, 'the transcoder failed').catch(() => undefined);
        }
        break;
    }
  }

  // Connects the live's pipe to where its ladder listens. A ladder that moved (another worker
  // took it) gets a fresh pipe from the same producers, since a PlainTransport connects once.
  async connectPipe(eventId: string, live: Live, receiver: { address: string; ports: { rtp: number; rtcp: number }[] }, origin: string | undefined): Promise<void> {
    let pipe = live.pipe;
    if (pipe.receiver) {
      const room = await this.ctx.room(eventId);
      const producers = room.openProducersOf(live.publisherPeerId);
      pipe = await RtpPipe.create(room.router, producers, this.ctx.deps.pipe, live.pipe.input);
      live.pipe.close();
      live.pipe = pipe;
    }
    await pipe.connect(receiver);
    if (origin && origin !== live.origin) {
      live.origin = origin;
      await this.ctx.deps.store.streamOrigins.set(live.streamId, eventId, origin);
      this.ctx.deps.logger.info({ eventId, streamId: live.streamId, origin }, 'live served from a media worker');
    }
  }

  // ffmpeg cannot send PLI over a PlainTransport, so we ask the publisher for key frames
  // ourselves until the first segment shows that decoding started.
  requestKeyFrames(live: Live, log: Logger): void {
    this.stopKeyFrames(live);
    let tries = 0;
    const ask = () => {
      // After the pipe is connected to where the ladder listens (reported just before this).
      void (live.connected ?? Promise.resolve())
        .then(() => live.pipe.resumeAndRequestKeyFrame())
        .catch((err: unknown) => log.warn({ err }, 'key frame request failed'));
      if (++tries >= KEY_FRAME_RETRIES) this.stopKeyFrames(live);
    };
    ask();
    live.keyFrameTimer = setInterval(ask, 1000);
  }

  stopKeyFrames(live: Live): void {
    if (live.keyFrameTimer) clearInterval(live.keyFrameTimer);
    live.keyFrameTimer = undefined;
  }
}
