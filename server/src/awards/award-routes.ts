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
  // Mounted at /api/awards (index.ts): the paths below are relative to it.
  const userOf = (req: Request) => sessions.user(readCookie(req.headers.cookie, SESSION_COOKIE));
  const noStore = { 'Cache-Control': 'no-store' };

  router.get('/', async (req, res) => {
    res.set({ 'Cache-Control': 'no-cache' }).json(await awards.list(await userOf(req), req.query));
  });
  router.post('/', async (req, res) => {
    res.status(201).json(await awards.create(await userOf(req), req.body));
  });
  router.get('/:id', async (req, res) => {
    res.set({ 'Cache-Control': 'no-cache' }).json(await awards.get(await userOf(req), req.params.id));
  });
  router.patch('/:id', async (req, res) => {
    res.json(await awards.update(await userOf(req), req.params.id, req.body));
  });
  router.post('/:id/advance', async (req, res) => {
    res.json(await awards.advance(await userOf(req), req.params.id, req.body));
  });

  router.post('/:id/entries', async (req, res) => {
    res.status(201).json(await awards.addEntry(await userOf(req), req.params.id, req.body));
  });
  router.delete('/:id/entries/:entryId', async (req, res) => {
    res.json(await awards.withdrawEntry(await userOf(req), req.params.id, req.params.entryId));
  });

  router.get('/:id/judging', async (req, res) => {
    res.set(noStore).json(await awards.judging.sheet(await userOf(req), req.params.id));
  });
  router.put('/:id/scores/:entryId', async (req, res) => {
    res.set(noStore).json(await awards.judging.score(await userOf(req), req.params.id, req.params.entryId, req.body));
  });
  router.post('/:id/recusals', async (req, res) => {
    res.status(201).json(await awards.judging.recuse(await userOf(req), req.params.id, req.body));
  });
  router.get('/:id/progress', async (req, res) => {
    res.set(noStore).json(await awards.judging.progress(await userOf(req), req.params.id));
  });
  router.get('/:id/audit', async (req, res) => {
    res.set(noStore).json(await awards.judging.audit(await userOf(req), req.params.id, req.query));
  });

  router.post('/:id/votes', async (req, res) => {
    const result = await awards.voting.vote(await userOf(req), req.ip ?? 'unknown', req.params.id, req.body, req.headers['idempotency-key']);
    res.status(result.replayed ? 200 : 201).set(noStore).json(result);
  });
  router.get('/:id/votes/mine', async (req, res) => {
    res.set(noStore).json(await awards.voting.mine(await userOf(req), req.params.id));
  });

  router.get('/:id/results', async (req, res) => {
    res.set(noStore).json(await awards.results(await userOf(req), req.params.id));
  });
  router.post('/:id/tie-break', async (req, res) => {
    res.json(await awards.tieBreak(await userOf(req), req.params.id, req.body));
  });
  router.post('/:id/reveal', async (req, res) => {
    res.json(await awards.reveal(await userOf(req), req.params.id, req.body));
  });
  return router;
}
