import type { Logger } from 'pino';
import type { JobHandle, JobRunner } from '@yunzhan/shared';
import type { LiveService } from './live-service';
import { publishPlainProducers } from './plain-producers';

/** Peer id the rehearsal source's producers are registered under. */
export const REHEARSAL_PEER = 'rehearsal-source';

/** A running rehearsal source: ffmpeg test pattern -> PlainTransports -> producers in the room. */
export interface Rehearsal {
  /** Stops the source process and closes its transports. Idempotent. */
  stop(): Promise<void>;
}

/**
 * Publishes the rehearsal test pattern into an event's room under `peerId`, through the same SFU
 * path as a browser (PlainTransport producers instead of WebRTC ones); `stop()` is the publisher
 * going away. Going live from it is the caller's choice.
 */
export async function publishRehearsalSource(live: LiveService, jobs: JobRunner, eventId: string, peerId: string): Promise<Rehearsal> {
  const producers = await publishPlainProducers(live, eventId, peerId);
  let job: JobHandle | undefined;
  const stop = async () => {
    await job?.stop();
    producers.close();
  };
  try {
    job = jobs.dispatch({ type: 'rehearsal-source', payload: { eventId, fps: 30, video: producers.video, audio: producers.audio } });
    return { stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/** Publishes the rehearsal source on an event and starts the event's live from it. */
export async function startRehearsal(live: LiveService, jobs: JobRunner, eventId: string, logger: Logger): Promise<Rehearsal> {
  const source = await publishRehearsalSource(live, jobs, eventId, REHEARSAL_PEER);
  try {
    await live.startFor(eventId, REHEARSAL_PEER);
  } catch (err) {
    await source.stop();
    throw err;
  }
  logger.info({ eventId }, 'rehearsal source live');
  return source;
}
