import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { ConflictError, CreateEventInput, EventId, NotFoundError, parseOrThrow, type EventSummary } from '@yunzhan/shared';
import { authorize } from '../auth/policy';
import { captionerRoutes } from '../captions/captioner-routes';
import { CaptionerService } from '../captions/captioner-service';
import { SESSION_COOKIE, readCookie, type SessionManager } from '../auth/sessions';
import type { EventRecord, Store } from '../db/store';
import type { LiveService } from '../live/live-service';

/** The public summary of an event. */
export function toSummary(event: EventRecord, live: LiveService): EventSummary {
  const state = live.stateOf(event);
  return {
    id: event.id,
    title: event.title,
    description: event.description,
    status: event.status,
    startsAt: event.startsAt,
    startedAt: event.startedAt,
    endedAt: event.endedAt,
    hls: state.hls,
    recording: live.recordingOf(event),
    hostIds: event.hostIds,
    viewerCount: state.viewerCount,
  };
}

/** GET /api/events, GET /api/events/:id, GET /api/events/:id/captions, POST /api/events (admin), and an event's captioners (captioner-routes.ts). */
export function eventRoutes(store: Store, sessions: SessionManager, live: LiveService): Router {
  const router = Router();
  // Mounted at /api/events (index.ts): the paths below are relative to it.
  router.get('/', async (_req, res) => {
    const events = await store.events.list();
    await live.lookUpOrigins(events);
    res.setHeader('Cache-Control', 'no-cache');
    res.json(events.map((e) => toSummary(e, live)));
  });
  router.get('/:id', async (req, res) => {
    const id = parseOrThrow(EventId, req.params.id);
    const event = await store.events.get(id);
    if (!event) throw new NotFoundError('Event');
    await live.lookUpOrigins([event]);
    res.setHeader('Cache-Control', 'no-cache');
    res.json(toSummary(event, live));
  });
  // The live captions of an event, oldest first: late joiners and replays map them onto the picture.
  router.get('/:id/captions', async (req, res) => {
    const id = parseOrThrow(EventId, req.params.id);
    const event = await store.events.get(id);
    if (!event) throw new NotFoundError('Event');
    res.setHeader('Cache-Control', 'no-cache');
    res.json(await store.captions.list(id));
  });
  router.use(captionerRoutes(sessions, new CaptionerService(store)));
  router.post('/', async (req, res) => {
    const user = await sessions.user(readCookie(req.headers.cookie, SESSION_COOKIE));
    authorize(user, 'event:create');
    const input = parseOrThrow(CreateEventInput, req.body);
    const id = input.id ?? `ev-${randomBytes(5).toString('hex')}`;
    if (await store.events.get(id)) throw new ConflictError('An event with that id exists');
    for (const hostId of input.hostIds) if (!(await store.users.byId(hostId))) throw new NotFoundError(`Host ${hostId}`);
    const event = await store.events.create({
      id,
      title: input.title,
      description: input.description,
      status: 'scheduled',
      startsAt: input.startsAt ?? new Date().toISOString(),
      startedAt: null,
      endedAt: null,
      streamId: null,
      hostIds: input.hostIds,
    });
    res.status(201).json(toSummary(event, live));
  });
  return router;
}
