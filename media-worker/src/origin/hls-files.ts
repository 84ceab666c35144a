import fs from 'node:fs';
import path from 'node:path';
import { Router, type NextFunction, type Response } from 'express';
import { AppError, NotFoundError } from '@yunzhan/shared';

const CONTENT_TYPES: Record<string, string> = {
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.m4s': 'video/iso.segment',
  '.mp4': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.ts': 'video/mp2t',
  '.vtt': 'text/vtt; charset=utf-8',
  '.jpg': 'image/jpeg',
};
/** What a stream id in an `/hls/` URL may look like. */
export const STREAM_ID = /^[A-Za-z0-9_-]{1,100}$/;
// One folder level at most (rendition/segment) and a conservative file-name alphabet: anything
// else, including `..`, encoded slashes and dot files, is refused before touching the disk.
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/**
 * The callback of `res.sendFile`: a file that is not there is NOT_FOUND (`what`), any other
 * failure goes to `next` unless the answer has started.
 */
export function sendFileDone(res: Response, next: NextFunction, what = 'File'): (err?: Error) => void {
  return (err) => {
    if (!err) return;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || (err as { status?: number }).status === 404) next(new NotFoundError(what));
    else if (!res.headersSent) next(err);
  };
}

/** CORS for HLS: any origin may play the streams (GET/HEAD with Range). */
export function setCorsHeaders(res: Response) {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', 'Range');
  res.setHeader('Access-Control-Expose-Headers', 'Content-Length, Content-Range, Accept-Ranges');
}

/** Serves `/hls/<streamId>/...` from `<mediaDir>/hls/<streamId>/` with HLS-correct headers. */
export function hlsRoutes(mediaDir: string): Router {
  const root = path.resolve(mediaDir, 'hls');
  const router = Router();
  // Mounted at /hls (hls-origin.ts): the paths below are relative to it.
  router.options('/*path', (_req, res) => {
    setCorsHeaders(res);
    res.status(204).end();
  });
  router.get('/*path', (req, res, next) => {
    setCorsHeaders(res);
    // An answer about this moment (a segment not written yet is 404 now, 200 in a second): no
    // cache or CDN may keep it. A file that is served replaces this header.
    res.setHeader('Cache-Control', 'no-store');
    const parts = (req.params as { path: string[] }).path;
    const [streamId, ...rest] = parts;
    if (!streamId || !STREAM_ID.test(streamId) || rest.length < 1 || rest.length > 2 || !rest.every((p) => SEGMENT.test(p) && !p.includes('..'))) {
      next(new AppError('BAD_REQUEST', 'Invalid HLS path'));
      return;
    }
    const streamDir = path.join(root, streamId);
    const file = path.join(streamDir, ...rest);
    // Belt and braces: the resolved file must still be inside the stream's folder.
    if (!file.startsWith(streamDir + path.sep)) {
      next(new AppError('BAD_REQUEST', 'Invalid HLS path'));
      return;
    }
    const ext = path.extname(file);
    const type = CONTENT_TYPES[ext];
    if (!type) {
      next(new NotFoundError('File'));
      return;
    }
    const isPlaylist = ext === '.m3u8';
    res.sendFile(
      path.relative(streamDir, file),
      {
        // `root` keeps the dotfile check to the part under the stream folder: the default
        // DATA_DIR is `.data`, whose own dot must not hide every stream.
        root: streamDir,
        dotfiles: 'deny',
        acceptRanges: true,
        // Playlists change every segment; segments never change once written.
        cacheControl: false,
        etag: !isPlaylist,
        lastModified: !isPlaylist,
        headers: {
          'Content-Type': type,
          'Cache-Control': isPlaylist ? 'no-cache, no-store' : 'public, max-age=31536000, immutable',
        },
      },
      sendFileDone(res, next),
    );
  });
  return router;
}

/** True when a stream's master playlist exists on disk. */
export function hlsMasterExists(mediaDir: string, streamId: string): boolean {
  return fs.existsSync(path.join(mediaDir, 'hls', streamId, 'master.m3u8'));
}
