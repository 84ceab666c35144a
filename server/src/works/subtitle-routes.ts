import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { AppError, NotFoundError, SUBTITLE_MAX_BYTES, SubtitleLang, WorkId, parseOrThrow } from '@yunzhan/shared';
import { z } from 'zod';
import { can } from '../auth/policy';
import { SESSION_COOKIE, readCookie, type SessionManager } from '../auth/sessions';
import type { Store } from '../db/store';
import { resultOf } from '../uploads/asset-view';
import { workFor } from './work-media';
import { renderSubtitlePlaylist, renderWorkMaster, subtitleSegmentName, vttSegment } from './subtitle-playlists';
import { SubtitleService, subtitleLangs, subtitlesFor } from './subtitle-service';
import type { SubtitleFormat } from './subtitle-vtt';

const Params = z.object({ id: WorkId, lang: SubtitleLang });
const PutQuery = z.object({ filename: z.string().max(200).optional() });

/** The format a Content-Type names, or undefined (sniffed from the bytes). */
function declaredFormat(contentType: string | undefined): SubtitleFormat | undefined {
  const type = contentType?.split(';')[0]?.trim().toLowerCase();
  if (type === 'text/vtt') return 'vtt';
  if (type === 'application/x-subrip' || type === 'text/srt' || type === 'application/srt') return 'srt';
  return undefined;
}

// Any type, never inflated (a compressed body could hide a large one), at most 512 KiB.
const rawBody = express.raw({ type: () => true, limit: SUBTITLE_MAX_BYTES, inflate: false });
/** The raw body, with body-parser's "too large" as SUBTITLE_TOO_LARGE. */
function subtitleBody(req: Request, res: Response, next: NextFunction): void {
  rawBody(req, res, (err?: unknown) => {
    if ((err as { type?: string } | undefined)?.type === 'entity.too.large') {
      next(new AppError('SUBTITLE_TOO_LARGE', `A subtitle file may have at most ${SUBTITLE_MAX_BYTES} bytes`, { maxBytes: SUBTITLE_MAX_BYTES }));
    } else next(err);
  });
}

/**
 * Subtitles of video works, mounted at /api/works: PUT /:id/subtitles/:lang (`zh-CN`, `en`; the
 * body a WebVTT or SRT file, UTF-8, at most 512 KiB; owner and admins) saves it as the work's
 * metadata does (held for review while visitors can see the work), DELETE removes it. GET
 * /:id/hls/master.m3u8 is the work's HLS master with the subtitles the caller may see (approved
 * ones; the owner's and admins' latest, for the preview), /:id/hls/subs-<lang>.m3u8 a language's
 * media playlist and /:id/hls/subs-<lang>-<hash>.vtt its one segment.
 */
export function subtitleRoutes(store: Store, sessions: SessionManager): Router {
  const router = Router();
  const subtitles = new SubtitleService(store);
  const userOf = (cookie: string | undefined) => sessions.user(readCookie(cookie, SESSION_COOKIE));

  router.put('/:id/subtitles/:lang', subtitleBody, async (req, res) => {
    const user = await userOf(req.headers.cookie);
    const { id, lang } = parseOrThrow(Params, req.params);
    const { filename } = parseOrThrow(PutQuery, req.query);
    if (!Buffer.isBuffer(req.body)) throw new AppError('BAD_REQUEST', 'Send the subtitle file as the request body (text/vtt or application/x-subrip)');
    const work = await subtitles.put(user, id, lang, { bytes: req.body, declared: declaredFormat(req.headers['content-type']), filename: filename ?? '' });
    res.json(workFor(user, work));
  });

  router.delete('/:id/subtitles/:lang', async (req, res) => {
    const user = await userOf(req.headers.cookie);
    const { id, lang } = parseOrThrow(Params, req.params);
    res.json(workFor(user, await subtitles.remove(user, id, lang)));
  });

  /** The work, when the caller may read it; NOT_FOUND otherwise (as GET /api/works/:id). */
  const readable = async (req: Request, res: Response) => {
    const user = await userOf(req.headers.cookie);
    const id = parseOrThrow(WorkId, req.params.id);
    const work = await store.works.get(id);
    if (!work || work.kind !== 'video' || !can(user, 'work:read', { ownerId: work.ownerId, isPublic: await store.works.isPublished(work.id) })) throw new NotFoundError('Work');
    // What the caller sees depends on who they are: no shared cache may keep it.
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('Vary', 'Cookie');
    return { user, work };
  };

  router.get('/:id/hls/master.m3u8', async (req, res) => {
    const { user, work } = await readable(req, res);
    const asset = await store.assets.get(work.assetId);
    const result = asset ? resultOf(asset, 'video') : null;
    if (!asset || !result) throw new NotFoundError('Video');
    res.type('application/vnd.apple.mpegurl').send(renderWorkMaster(asset.id, result, subtitleLangs(subtitlesFor(user, work))));
  });

  router.get('/:id/hls/:file', async (req, res) => {
    const match = /^subs-(zh-CN|en)(?:-([0-9a-f]{16}))?\.(m3u8|vtt)$/.exec(req.params.file ?? '');
    if (!match || (match[3] === 'vtt') !== (match[2] !== undefined)) throw new NotFoundError('File');
    const lang = match[1] as SubtitleLang;
    const { user, work } = await readable(req, res);
    const ref = subtitlesFor(user, work)[lang];
    if (!ref) throw new NotFoundError('Subtitles');
    if (match[3] === 'm3u8') {
      const asset = await store.assets.get(work.assetId);
      const duration = (asset ? resultOf(asset, 'video')?.durationSeconds : undefined) ?? asset?.durationSeconds ?? 0;
      res.type('application/vnd.apple.mpegurl').send(renderSubtitlePlaylist(duration, subtitleSegmentName(lang, ref)));
      return;
    }
    const file = await subtitles.vttFor(user, work, lang);
    // An older file's URL (approved meanwhile, or replaced) is gone: the player reloads the playlist.
    if (!file || !file.sha256.startsWith(match[2]!)) throw new NotFoundError('Subtitles');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.type('text/vtt; charset=utf-8').send(vttSegment(file.vtt));
  });
  return router;
}
