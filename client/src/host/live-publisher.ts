import type { LiveState } from '@yunzhan/shared';
import type { types as ms } from 'mediasoup-client';
import { ClientError, toClientError } from '../lib/client-error';
import { request, type YunzhanSocket } from '../realtime/socket';

/** Highest bitrate the camera is sent at, in bit/s; the server transcodes it into the ladder. */
const MAX_VIDEO_BITRATE = 3_000_000;

/**
 * Publishes the host's camera and microphone to the event's SFU router: one send transport and
 * one producer per kind. Owns them alone: `close()` closes producers then the transport, is
 * idempotent, and never stops the tracks (the local media hook owns those).
 */
export class LivePublisher {
  private transport: ms.Transport | null = null;
  private readonly producers = new Map<ms.MediaKind, ms.Producer>();
  private closed = false;

  constructor(
    private readonly socket: YunzhanSocket,
    private readonly eventId: string,
    /** Called once if the WebRTC connection fails after it was set up. */
    private readonly onConnectionFailed: (error: ClientError) => void,
  ) {}

  /** Connects, produces the stream's tracks, then starts the live. Resolves with the live state. */
  async start(stream: MediaStream): Promise<LiveState> {
    const { socket, eventId } = this;
    const { Device } = await import('mediasoup-client');
    this.assertOpen();

    const { routerRtpCapabilities } = await request(socket, 'sfu:capabilities', { eventId });
    const device = new Device();
    try {
      await device.load({ routerRtpCapabilities: routerRtpCapabilities as ms.RtpCapabilities });
    } catch (error) {
      throw new ClientError('UNSUPPORTED', `cannot load router capabilities: ${toClientError(error).message}`);
    }
    if (!device.canProduce('video')) throw new ClientError('UNSUPPORTED', 'this browser cannot send video to the server');
    this.assertOpen();

    const options = await request(socket, 'sfu:create-send-transport', { eventId });
    this.assertOpen();
    const transport = device.createSendTransport({
      id: options.id,
      iceParameters: options.iceParameters as ms.IceParameters,
      iceCandidates: options.iceCandidates as ms.IceCandidate[],
      dtlsParameters: options.dtlsParameters as ms.DtlsParameters,
    });
    this.transport = transport;

    transport.on('connect', ({ dtlsParameters }, callback, errback) => {
      request(socket, 'sfu:connect-transport', {
        eventId,
        transportId: transport.id,
        dtlsParameters: dtlsParameters as unknown as Record<string, unknown>,
      }).then(() => callback(), errback);
    });
    transport.on('produce', ({ kind, rtpParameters }, callback, errback) => {
      request(socket, 'sfu:produce', {
        eventId,
        transportId: transport.id,
        kind,
        rtpParameters: rtpParameters as unknown as Record<string, unknown>,
      }).then(({ producerId }) => callback({ id: producerId }), errback);
    });
    transport.on('connectionstatechange', (state) => {
      if (state === 'failed' && !this.closed) this.onConnectionFailed(new ClientError('WEBRTC', 'the connection to the server failed'));
    });

    const video = stream.getVideoTracks()[0];
    if (!video) throw new ClientError('MEDIA_DEVICE', 'no camera track');
    this.producers.set(
      'video',
      await transport.produce({
        track: video,
        stopTracks: false,
        encodings: [{ maxBitrate: MAX_VIDEO_BITRATE }],
        codecOptions: { videoGoogleStartBitrate: 1000 },
      }),
    );
    this.assertOpen();
    const audio = stream.getAudioTracks()[0];
    if (audio && device.canProduce('audio')) {
      this.producers.set('audio', await transport.produce({ track: audio, stopTracks: false }));
      this.assertOpen();
    }

    return request(socket, 'live:start', { eventId });
  }

  /** Sends the stream's current tracks instead (after a device switch). */
  async replaceTracks(stream: MediaStream): Promise<void> {
    const tracks: Array<[ms.MediaKind, MediaStreamTrack | undefined]> = [
      ['video', stream.getVideoTracks()[0]],
      ['audio', stream.getAudioTracks()[0]],
    ];
    for (const [kind, track] of tracks) {
      const producer = this.producers.get(kind);
      if (producer && !producer.closed && track && producer.track !== track) await producer.replaceTrack({ track });
    }
  }

  /** Closes the producers and the transport. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const producer of this.producers.values()) producer.close();
    this.producers.clear();
    this.transport?.close();
    this.transport = null;
  }

  private assertOpen() {
    if (this.closed) throw new ClientError('INVALID_STATE', 'publishing was cancelled');
  }
}
