import { randomUUID } from 'node:crypto';
import dgram from 'node:dgram';
import { EncoderBridge } from '../encoder-bridge';
import type { IngestListenerOptions } from '../ingest-listeners';
import { authorizeIngest, parseStreamKey, refuseSecondPush } from '../ingest-auth';
import { SrtGate, type SrtAdmission, type SrtPeer } from './srt-gate';

/** What the SRT listener needs (its port is UDP). */
export type SrtIngestOptions = IngestListenerOptions;

/** SRT latency, microseconds (libsrt's unit in URLs): of the bridge's listener, and asked for in the encoder's URL. */
export const SRT_LATENCY_US = 200_000;

/** A UDP port free on loopback now (the bridge's ffmpeg binds it a moment later). */
async function freeUdpPort(): Promise<number> {
  const socket = dgram.createSocket('udp4');
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => resolve());
  });
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(() => resolve()));
  return port;
}

/**
 * The SRT listener (SRT_PORT, UDP): encoders call `srt://<host>:<port>?streamid=<event id>.<token>`.
 * The gate (srt-gate.ts) reads the streamid from the handshake and asks here; a wrong or rotated
 * key, or a second push to a live event, is rejected in the handshake, so nothing starts. An
 * admitted caller is relayed to an ffmpeg SRT listener of its own, bridged into the event's room
 * (encoder-bridge.ts). MPEG-TS does not say up front whether its H.264 is constrained baseline,
 * so the video is re-encoded on the way in. The caller's SHUTDOWN ends the live; a connection
 * that goes quiet is a drop, and the live waits RECONNECT_GRACE_S for the encoder.
 */
export class SrtIngest {
  private readonly gate: SrtGate;
  private readonly bridges = new Set<EncoderBridge>();

  constructor(private readonly options: SrtIngestOptions) {
    this.gate = new SrtGate({
      host: options.host,
      port: options.port,
      logger: options.logger,
      maxKbps: options.maxKbps,
      admit: (streamId, from) => this.admit(streamId, from),
    });
  }

  /** Starts listening; resolves with the bound port. */
  async listen(): Promise<number> {
    await this.gate.listen();
    return this.gate.port;
  }

  /** Closes the listener and every relay (their lives wait, as after a drop). */
  async close(): Promise<void> {
    await this.gate.close();
    await Promise.all([...this.bridges].map((b) => b.end(false, 'the server is shutting down')));
  }

  private async admit(streamId: string, from: SrtPeer): Promise<SrtAdmission | null> {
    const { store, live, logger } = this.options;
    const key = parseStreamKey(streamId);
    if (!key) return null;
    try {
      refuseSecondPush(live, await authorizeIngest(store, key.eventId, key.token));
    } catch (err) {
      logger.info({ eventId: key.eventId, from, reason: err instanceof Error ? err.message : String(err) }, 'SRT publish refused');
      return null;
    }
    const port = await freeUdpPort();
    const url = `srt://127.0.0.1:${port}?mode=listener&latency=${SRT_LATENCY_US}&listen_timeout=10000000`;
    const bridge = await EncoderBridge.open({ ...this.options, bridges: this.bridges }, key.eventId, `srt-${randomUUID()}`, { input: { format: 'mpegts', url }, video: 'encode', audio: true });
    logger.info({ eventId: key.eventId, from }, 'SRT publish accepted');
    // The encoder gives up after about 3 s: its relay opens now, the live starts alongside.
    bridge.goLive().catch((err: unknown) => logger.warn({ err, eventId: key.eventId }, 'SRT publish could not go live'));
    const stopped = 'the encoder stopped the stream';
    return {
      port,
      stopping: () => bridge.stopping(stopped),
      closed: (why) => void bridge.end(why === 'stopped', why === 'stopped' ? stopped : `the SRT connection ended (${why})`),
    };
  }
}
