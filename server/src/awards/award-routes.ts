import { Router, type Request } from 'express';
import { SESSION_COOKIE, readCookie, type SessionManager } from '../auth/sessions';
import type { AwardService } from './award-service';

/**
 * `/api/awards`: programmes (list, create, read, change, advance), entries, judging (sheet,
 * scores, recusals), progress and audit, votes, results, tie-breaks and the ceremony's reveals.
 * The service authorises every call before it looks at phases or state.
 */
export function awardRoutes(sessions: SessionManager, awards: AwardService): Router {
  const router = Router();
  const userOf = (req: Request) => sessions.user(readCookie(req.headers.cookie, SESSION_COOKIE));
  const noStore = { 'Cache-Control': 'no-store' };

  router.get('/api/awards', async (req, res) => {
    res.set({ 'Cache-Control': 'no-cache' }).json(await awards.list(await userOf(req), req.query));
  });
  router.post('/api/awards', async (req, res) => {
    res.status(201).json(await awards.create(await userOf(req), req.body));
  });
  router.get('/api/awards/:id', async (req, res) => {
    res.set({ 'Cache-Control': 'no-cache' }).json(await awards.get(await userOf(req), req.params.id));
  });
  router.patch('/api/awards/:id', async (req, res) => {
    res.json(await awards.update(await userOf(req), req.params.id, req.body));
  });
  router.post('/api/awards/:id/advance', async (req, res) => {
    res.json(await awards.advance(await userOf(req), req.params.id, req.body));
  });

  router.post('/api/awards/:id/entries', async (req, res) => {
    res.status(201).json(await awards.addEntry(await userOf(req), req.params.id, req.body));
  });
  router.delete('/api/awards/:id/entries/:entryId', async (req, res) => {
    res.json(await awards.withdrawEntry(await userOf(req), req.params.id, req.params.entryId));
  });

  router.get('/api/awards/:id/judging', async (req, res) => {
    res.set(noStore).json(await awards.judging.sheet(await userOf(req), req.params.id));
  });
  router.put('/api/awards/:id/scores/:entryId', async (req, res) => {
    res.set(noStore).json(await awards.judging.score(await userOf(req), req.params.id, req.params.entryId, req.body));
  });
  router.post('/api/awards/:id/recusals', async (req, res) => {
    res.status(201).json(await awards.judging.recuse(await userOf(req), req.params.id, req.body));
  });
  router.get('/api/awards/:id/progress', async (req, res) => {
    res.set(noStore).json(await awards.judging.progress(await userOf(req), req.params.id));
  });
  router.get('/api/awards/:id/audit', async (req, res) => {
    res.set(noStore).json(await awards.judging.audit(await userOf(req), req.params.id, req.query));
  });

  router.post('/api/awards/:id/votes', async (req, res) => {
    const result = await awards.voting.vote(await userOf(req), req.ip ?? 'unknown', req.params.id, req.body, req.headers['idempotency-key']);
    res.status(result.replayed ? 200 : 201).set(noStore).json(result);
  });
  router.get('/api/awards/:id/votes/mine', async (req, res) => {
    res.set(noStore).json(await awards.voting.mine(await userOf(req), req.params.id));
  });

  router.get('/api/awards/:id/results', async (req, res) => {
    res.set(noStore).json(await awards.results(await userOf(req), req.params.id));
  });
  router.post('/api/awards/:id/tie-break', async (req, res) => {
    res.json(await awards.tieBreak(await userOf(req), req.params.id, req.body));
  });
  router.post('/api/awards/:id/reveal', async (req, res) => {
    res.json(await awards.reveal(await userOf(req), req.params.id, req.body));
  });
  return router;
}
