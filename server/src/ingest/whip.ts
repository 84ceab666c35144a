import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { NotFoundError } from '@yunzhan/shared';
import type { EventRecord, Store } from '../db/store';
import type { LiveService } from '../live/live-service';
import { authorizeIngest, refuseSecondPush } from './ingest-auth';
import { readWhipOffer, writeWhipAnswer } from './whip-sdp';

/** A running WHIP publish. */
interface WhipSession {
  eventId: string;
  peerId: string;
  /** Checks that media still arrives (see MEDIA_TIMEOUT_MS). */
  watchdog: NodeJS.Timeout;
}

/** An encoder whose media stops this long is lost (the live waits for it), in ms. */
const MEDIA_TIMEOUT_MS = 10_000;
const WATCHDOG_TICK_MS = 2_000;

/** The bearer token of an `Authorization` header, if it has one. */
export function bearerOf(header: string | undefined): string | null {
  const m = /^Bearer\s+([A-Za-z0-9._~+/=-]{1,512})\s*$/i.exec(header ?? '');
  return m ? m[1]! : null;
}

/**
 * WHIP ingest (RFC 9725) into the event's SFU room: the encoder's offer becomes a WebRTC send
 * transport and producers under a peer of its own, and the event goes live from them through the
 * same ladder as a browser host. The event's ingest token is checked before anything is made; an
 * encoder that drops is waited for (`RECONNECT_GRACE_S`) and a new publish resumes the same live.
 */
export class WhipIngest {
  private readonly sessions = new Map<string, WhipSession>();

  /** `maxKbps`: the most the encoder may send (INGEST_MAX_KBPS); the SFU's feedback holds it there. */
  constructor(private readonly deps: { store: Store; live: LiveService; logger: Logger; maxKbps: number }) {}

  /** The event, once the header carries its current ingest token. */
  private authorize(eventId: string, authorization: string | undefined): Promise<EventRecord> {
    return authorizeIngest(this.deps.store, eventId, bearerOf(authorization));
  }

  /** Answers an offer and starts (or resumes) the event's live from it. */
  async publish(eventId: string, authorization: string | undefined, sdp: string): Promise<{ sessionId: string; answer: string }> {
    refuseSecondPush(this.deps.live, await this.authorize(eventId, authorization));
    const room = await this.deps.live.room(eventId);
    const offer = readWhipOffer(sdp, room.router.rtpCapabilities);
    const sessionId = randomUUID();
    const peerId = `whip-${sessionId}`;
    const log = this.deps.logger.child({ eventId, whip: sessionId });
    try {
      // No ICE consent timeout: GStreamer's webrtcbin with Debian's libnice 0.1.21 (and so
      // simple-whip-client) never sends consent checks, and mediasoup would drop it after 30 s.
      // A WHIP transport only receives; an encoder that goes away is found by its media stopping.
      const options = await room.createSendTransport(peerId, { iceConsentTimeout: 0 });
      const transport = room.peer(peerId).transports.get(options.id)!;
      // An encoder set too high is told to send less (REMB / transport-cc), not cut off.
      await transport.setMaxIncomingBitrate(this.deps.maxKbps * 1000);
      await room.connectTransport(peerId, options.id, offer.dtlsParameters);
      for (const track of offer.sections) if (track) await room.produce(peerId, options.id, track.kind, track.rtpParameters);
      const answer = writeWhipAnswer(offer, transport);
      transport.on('dtlsstatechange', (dtls) => {
        if (dtls === 'failed' || dtls === 'closed') this.lost(sessionId, `DTLS ${dtls}`);
      });
      this.sessions.set(sessionId, { eventId, peerId, watchdog: this.watch(sessionId, transport) });
      await this.deps.live.startFor(eventId, peerId);
      log.info({ tracks: offer.sections.filter(Boolean).map((t) => `${t!.kind}:${t!.rtpParameters.codecs[0]!.mimeType}`) }, 'WHIP publish started');
      return { sessionId, answer };
    } catch (err) {
      clearInterval(this.sessions.get(sessionId)?.watchdog);
      this.sessions.delete(sessionId);
      room.closePeer(peerId);
      throw err;
    }
  }

  /** DELETE of the session: the encoder ends the stream, so the live ends (one replay). */
  async end(eventId: string, sessionId: string, authorization: string | undefined): Promise<void> {
    await this.authorize(eventId, authorization);
    const session = this.sessions.get(sessionId);
    if (!session || session.eventId !== eventId) throw new NotFoundError('WHIP session');
    this.sessions.delete(sessionId);
    clearInterval(session.watchdog);
    await this.deps.live.end(eventId, 'the encoder ended the stream');
    this.deps.live.peerGone(session.peerId);
  }

  /** Watches the bytes the transport receives: none for MEDIA_TIMEOUT_MS and the encoder is lost. */
  private watch(sessionId: string, transport: { getStats(): Promise<{ bytesReceived: number }[]> }): NodeJS.Timeout {
    let last = -1;
    let since = Date.now();
    const timer = setInterval(() => {
      void transport.getStats().then(
        ([stats]) => {
          const bytes = stats?.bytesReceived ?? 0;
          if (bytes !== last) [last, since] = [bytes, Date.now()];
          else if (Date.now() - since >= MEDIA_TIMEOUT_MS) this.lost(sessionId, `no media for ${MEDIA_TIMEOUT_MS / 1000} s`);
        },
        // Closed under us: the DTLS or DELETE path has it.
        () => undefined,
      );
    }, WATCHDOG_TICK_MS);
    timer.unref();
    return timer;
  }

  /** The encoder's connection failed: the live waits for it to publish again. */
  private lost(sessionId: string, reason: string): void {
    const session = this.sessions.get(sessionId);
    if (!session) return;
    this.sessions.delete(sessionId);
    clearInterval(session.watchdog);
    this.deps.logger.warn({ eventId: session.eventId, whip: sessionId, reason }, 'WHIP publisher lost');
    this.deps.live.peerGone(session.peerId);
  }
}
