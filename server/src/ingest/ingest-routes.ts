import express, { Router, type Request } from 'express';
import { AppError, EventId, NotFoundError, parseOrThrow, type IngestInfo } from '@yunzhan/shared';
import { authorize } from '../auth/policy';
import { SESSION_COOKIE, readCookie, type SessionManager } from '../auth/sessions';
import type { Store } from '../db/store';
import { streamKeyOf } from './ingest-auth';
import { RTMP_APP } from './rtmp/rtmp-ingest';
import { SRT_LATENCY_US } from './srt/srt-ingest';
import { WHIP_MAX_SDP_BYTES } from './whip-sdp';
import type { WhipIngest } from './whip';

/** What the ingest routes need. */
export interface IngestRoutesOptions {
  store: Store;
  sessions: SessionManager;
  whip: WhipIngest;
  /** The site's public origin (PUBLIC_URL), else each request's own. */
  publicUrl: string | undefined;
  /** Where the RTMP and SRT listeners are (read per request: they open after the routes). */
  ports: IngestPorts;
}

/** Ports of the RTMP and SRT listeners; null while one is off. */
export interface IngestPorts {
  rtmp: number | null;
  srt: number | null;
}

const SESSION_ID = /^[0-9a-f-]{36}$/;

/**
 * `GET /api/events/:id/ingest` and `POST /api/events/:id/ingest/rotate` (the event's hosts,
 * admins): the WHIP URL and token broadcast software needs, and a new token. `POST /whip/:eventId`
 * (an SDP offer, `Authorization: Bearer <token>`) answers 201 with the SDP answer and the
 * session's `Location`; `DELETE` of that location ends the stream; `PATCH` (trickle ICE) is 405:
 * the SFU is ICE-lite and its answer lists every candidate.
 */
export function ingestRoutes(options: IngestRoutesOptions): Router {
  const { store, sessions, whip } = options;
  const router = Router();
  const origin = (req: Request) => options.publicUrl ?? `${req.protocol}://${req.get('host')}`;
  const hostedEvent = async (req: Request) => {
    const user = await sessions.user(readCookie(req.headers.cookie, SESSION_COOKIE));
    const id = parseOrThrow(EventId, req.params.id);
    const event = await store.events.get(id);
    if (!event) throw new NotFoundError('Event');
    authorize(user, 'event:publish', event);
    return id;
  };
  const info = (req: Request, id: string, token: string): IngestInfo => {
    const site = origin(req);
    const host = new URL(site).hostname;
    const hostPort = (port: number) => `${host.includes(':') ? `[${host}]` : host}:${port}`;
    const key = streamKeyOf(id, token);
    const { rtmp, srt } = options.ports;
    return {
      whip: { url: `${site}/whip/${id}`, token },
      rtmp: rtmp === null ? null : { url: `rtmp://${hostPort(rtmp)}/${RTMP_APP}`, streamKey: key },
      srt: srt === null ? null : { url: `srt://${hostPort(srt)}?streamid=${key}&latency=${SRT_LATENCY_US}` },
    };
  };

  router.get('/api/events/:id/ingest', async (req, res) => {
    const id = await hostedEvent(req);
    res.setHeader('Cache-Control', 'no-store');
    res.json(info(req, id, await store.ingest.tokenOf(id)));
  });
  router.post('/api/events/:id/ingest/rotate', async (req, res) => {
    const id = await hostedEvent(req);
    res.setHeader('Cache-Control', 'no-store');
    res.json(info(req, id, await store.ingest.rotate(id)));
  });

  const sdpBody = express.text({ type: 'application/sdp', limit: WHIP_MAX_SDP_BYTES });
  router.post('/whip/:eventId', sdpBody, async (req, res) => {
    const eventId = parseOrThrow(EventId, req.params.eventId);
    if (!req.is('application/sdp') || typeof req.body !== 'string') throw new AppError('BAD_REQUEST', 'A WHIP offer is sent as Content-Type: application/sdp');
    const { sessionId, answer } = await whip.publish(eventId, req.headers.authorization, req.body);
    res.status(201).setHeader('Location', `/whip/${eventId}/${sessionId}`).setHeader('Content-Type', 'application/sdp').setHeader('Cache-Control', 'no-store').send(answer);
  });
  router.patch('/whip/:eventId/:sessionId', (_req, res) => {
    res.status(405).setHeader('Allow', 'DELETE').end();
  });
  router.delete('/whip/:eventId/:sessionId', async (req, res) => {
    const eventId = parseOrThrow(EventId, req.params.eventId);
    if (!SESSION_ID.test(req.params.sessionId)) throw new NotFoundError('WHIP session');
    await whip.end(eventId, req.params.sessionId, req.headers.authorization);
    res.status(200).end();
  });
  return router;
}
