import type { types } from 'mediasoup';
import type { Logger } from 'pino';
import { REHEARSAL_RTP } from '@yunzhan/media-worker';
import type { JobHandle, JobRunner } from '@yunzhan/shared';
import type { LiveService } from './live-service';

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
  const room = await live.room(eventId);
  const transports: types.PlainTransport[] = [];
  let job: JobHandle | undefined;
  const stop = async () => {
    await job?.stop();
    for (const t of transports) t.close();
  };
  try {
    const make = async () => {
      // comedia: mediasoup learns ffmpeg's address from its first packet; no RTCP mux (ffmpeg's
      // `?rtcpport=` sends RTCP to the separate port).
      const t = await room.router.createPlainTransport({ listenInfo: { protocol: 'udp', ip: '127.0.0.1' }, rtcpMux: false, comedia: true });
      transports.push(t);
      return t;
    };
    const vt = await make();
    const at = await make();
    const { video, audio } = REHEARSAL_RTP;
    const vp = await vt.produce({
      kind: 'video',
      rtpParameters: {
        codecs: [{ mimeType: video.mimeType, payloadType: video.payloadType, clockRate: video.clockRate, parameters: video.parameters }],
        encodings: [{ ssrc: video.ssrc }],
      },
    });
    const ap = await at.produce({
      kind: 'audio',
      rtpParameters: {
        codecs: [{ mimeType: audio.mimeType, payloadType: audio.payloadType, clockRate: audio.clockRate, channels: audio.channels, parameters: audio.parameters }],
        encodings: [{ ssrc: audio.ssrc }],
      },
    });
    await live.adoptProducers(eventId, peerId, [vp, ap]);
    job = jobs.dispatch({
      type: 'rehearsal-source',
      payload: {
        eventId,
        fps: 30,
        video: { ip: '127.0.0.1', port: vt.tuple.localPort, rtcpPort: vt.rtcpTuple!.localPort, payloadType: video.payloadType, ssrc: video.ssrc },
        audio: { ip: '127.0.0.1', port: at.tuple.localPort, rtcpPort: at.rtcpTuple!.localPort, payloadType: audio.payloadType, ssrc: audio.ssrc },
      },
    });
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
