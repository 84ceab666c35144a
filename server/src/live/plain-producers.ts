import type { types } from 'mediasoup';
import { REHEARSAL_RTP } from '@yunzhan/media-worker';
import type { RtpTarget } from '@yunzhan/shared';
import type { LiveService } from './live-service';

/** A local RTP source's producers in an event's room: where it sends, and how it stops. */
export interface PlainProducers {
  /** H.264 (constrained baseline) video. */
  video: RtpTarget & { rtcpPort: number };
  /** Opus audio, 48 kHz stereo. */
  audio: RtpTarget & { rtcpPort: number };
  /** Closes the transports (and so the producers). Idempotent. */
  close(): void;
}

/**
 * Producers fed by a process on this machine (the rehearsal source, an encoder bridged from RTMP
 * or SRT): one PlainTransport per track on loopback, registered under `peerId` in the event's room
 * like a browser's producers, so everything downstream (the ladder, the SFU's consumers) is the same.
 */
export async function publishPlainProducers(live: LiveService, eventId: string, peerId: string): Promise<PlainProducers> {
  const room = await live.room(eventId);
  const transports: types.PlainTransport[] = [];
  const close = () => {
    for (const t of transports) t.close();
  };
  try {
    const make = async () => {
      // comedia: mediasoup learns the sender's address from its first packet; no RTCP mux
      // (ffmpeg's `?rtcpport=` sends RTCP to the separate port).
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
    return {
      video: { ip: '127.0.0.1', port: vt.tuple.localPort, rtcpPort: vt.rtcpTuple!.localPort, payloadType: video.payloadType, ssrc: video.ssrc },
      audio: { ip: '127.0.0.1', port: at.tuple.localPort, rtcpPort: at.rtcpTuple!.localPort, payloadType: audio.payloadType, ssrc: audio.ssrc },
      close,
    };
  } catch (err) {
    close();
    throw err;
  }
}
