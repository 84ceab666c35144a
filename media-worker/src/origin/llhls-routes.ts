import { gzipSync } from 'node:zlib';
import { Router, type Request, type Response } from 'express';
import { AppError, NotFoundError } from '@yunzhan/shared';
import { DirectiveError, checkDirectivesAhead, directivesSatisfied, parseDeliveryDirectives, type DeliveryDirectives } from '../llhls/delivery-directives';
import { LL_FOLDER } from '../llhls/live-packager';
import type { LowLatencyRegistry, LowLatencyStream } from '../llhls/registry';
import { STREAM_ID, setCorsHeaders } from './hls-files';

// LL-HLS delivery (draft-pantos-hls-rfc8216bis 6.2.5, 6.2.6) for the lives whose packager runs
// under a job runner's registry (in a media worker, or in the server with LIVE_WORKERS=local). URLs, next to the standard ones:
//
//   /hls/<streamId>/ll/master.m3u8      LL multivariant playlist (a file; served by hls-files)
//   /hls/<streamId>/ll/<rendition>.m3u8 LL media playlist, rendered per request:
//       ?_HLS_msn=M[&_HLS_part=N]  Blocking Playlist Reload: held until the playlist has segment
//                                  M (part N of it, or any later part), then answered at once;
//                                  503 after three target durations; 400 when M or N is too far
//                                  ahead or malformed, or N comes without M
//       ?_HLS_skip=YES|v2          Playlist Delta Update (EXT-X-SKIP), combinable with the above
//   /hls/<streamId>/<rendition>/<part or init>  the file an EXT-X-PRELOAD-HINT announces: held
//                                  until it is written, then served by hls-files
//
// Once the live ends its packager leaves the registry and the final LL playlists (with
// EXT-X-ENDLIST, directives ignored) are files, so every request falls through to hls-files.

/** Options of the LL-HLS routes. */
export interface LlHlsRoutesOptions {
  /** The media worker's registry of live LL-HLS streams. */
  streams: LowLatencyRegistry;
}

type WaitResult = 'ready' | 'timeout' | 'gone';

/**
 * Resolves once `ready()` holds (checked now and after every change of the stream), after
 * `timeoutMs`, or when the client goes away, whichever is first. Leaves no listener behind.
 */
function waitForStream(stream: LowLatencyStream, ready: () => boolean, timeoutMs: number, res: Response): Promise<WaitResult> {
  if (ready()) return Promise.resolve('ready');
  return new Promise((resolve) => {
    let settled = false;
    const settle = (result: WaitResult) => {
      if (settled) return;
      settled = true;
      unsubscribe();
      clearTimeout(timer);
      res.off('close', onClose);
      resolve(result);
    };
    const unsubscribe = stream.onUpdate(() => {
      if (ready()) settle('ready');
    });
    const timer = setTimeout(() => settle('timeout'), timeoutMs);
    const onClose = () => settle('gone');
    res.on('close', onClose);
  });
}

/** Sends a playlist, gzipped when the client takes it (the LL profile, Appendix B.1, asks for it). */
function sendPlaylist(req: Request, res: Response, text: string, cacheControl: string): void {
  res.setHeader('Content-Type', 'application/vnd.apple.mpegurl');
  res.setHeader('Cache-Control', cacheControl);
  res.setHeader('Vary', 'Accept-Encoding');
  if (req.acceptsEncodings('gzip') === 'gzip') {
    res.setHeader('Content-Encoding', 'gzip');
    res.end(gzipSync(text));
  } else {
    res.end(text);
  }
}

/** The LL-HLS routes; mount them before hls-files, which serves every file they pass on. */
export function llhlsRoutes({ streams }: LlHlsRoutesOptions): Router {
  const router = Router();
  // Mounted at /hls (hls-origin.ts): the paths below are relative to it.

  router.get(`/:streamId/${LL_FOLDER}/:file`, async (req, res, next) => {
    const { streamId, file } = req.params;
    const stream = STREAM_ID.test(streamId) ? streams.get(streamId) : undefined;
    const rendition = file.endsWith('.m3u8') ? file.slice(0, -'.m3u8'.length) : '';
    if (!stream || !stream.hasRendition(rendition)) {
      next();
      return;
    }
    setCorsHeaders(res);
    // Errors are about this moment of the live: never cached.
    const fail = (err: AppError) => {
      res.setHeader('Cache-Control', 'no-store');
      next(err);
    };
    let directives: DeliveryDirectives;
    try {
      directives = parseDeliveryDirectives(new URL(req.originalUrl, 'http://localhost').searchParams);
    } catch (err) {
      if (err instanceof DirectiveError) fail(new AppError('BAD_REQUEST', err.message));
      else next(err);
      return;
    }
    const position = stream.position(rendition);
    if (!position) {
      fail(new NotFoundError('Playlist'));
      return;
    }
    try {
      checkDirectivesAhead(directives, position);
    } catch (err) {
      if (err instanceof DirectiveError) fail(new AppError('BAD_REQUEST', err.message));
      else next(err);
      return;
    }
    const blocking = directives.msn !== undefined && !position.ended;
    if (blocking) {
      const ready = () => {
        const now = stream.position(rendition);
        return now !== undefined && directivesSatisfied(directives, now);
      };
      const result = await waitForStream(stream, ready, 3 * stream.targetDuration * 1000, res);
      if (result === 'gone') return;
      if (result === 'timeout') {
        fail(new AppError('MEDIA_UNAVAILABLE', `The playlist did not reach ${directives.msn}${directives.part === undefined ? '' : `.${directives.part}`} within three target durations`));
        return;
      }
    }
    // Appendix B.1: a blocking response stays right for six target durations (its URL names
    // what it waited for); a plain reload is stale within a part.
    sendPlaylist(req, res, stream.renderPlaylist(rendition, { skip: directives.skip }), blocking ? `public, max-age=${6 * stream.targetDuration}` : 'no-cache');
  });

  // A hinted part (or init segment) that does not exist yet: held until it is written.
  router.get('/:streamId/:rendition/:file', async (req, res, next) => {
    const { streamId, rendition, file } = req.params;
    const stream = STREAM_ID.test(streamId) ? streams.get(streamId) : undefined;
    if (!stream || !stream.isPending(rendition, file)) {
      next();
      return;
    }
    setCorsHeaders(res);
    const result = await waitForStream(stream, () => !stream.isPending(rendition, file), 3 * stream.targetDuration * 1000, res);
    if (result === 'gone') return;
    if (result === 'timeout') {
      res.setHeader('Cache-Control', 'no-store');
      next(new AppError('MEDIA_UNAVAILABLE', 'The hinted resource was not produced in time'));
      return;
    }
    // Written by now (served as a file), or abandoned with the live (404 from the file server).
    next();
  });

  return router;
}
