import path from 'node:path';
import { Router } from 'express';
import { AppError, NotFoundError } from '@yunzhan/shared';
import { STREAM_ID, sendFileDone } from './hls-files';

/** Content types of the files under `/media/` (nothing else is served from there). */
const CONTENT_TYPES: Record<string, string> = {
  '.webp': 'image/webp',
  '.glb': 'model/gltf-binary',
  '.m4a': 'audio/mp4',
  '.mp3': 'audio/mpeg',
  '.jpg': 'image/jpeg',
};
// One file name, a conservative alphabet: `..`, encoded slashes and dot files never get here.
const FILE = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/**
 * Serves `/media/<assetId>/<file>` from `<mediaDir>/media/<assetId>/`: image renditions, GLB
 * models and audio of works, with their content types and Range support. Files never change once
 * written (a new upload is a new asset id), so they are cached as immutable. Like `/hls/`, the
 * random asset id is the capability; the API decides who learns it. Web nodes serve it for the
 * assets on their disk; a media worker's origin for those it processed (REDIS_URL).
 */
export function mediaRoutes(mediaDir: string): Router {
  const root = path.resolve(mediaDir, 'media');
  const router = Router();
  // Mounted at /media: the paths below are relative to it.
  router.get('/:assetId/:file', (req, res, next) => {
    const { assetId, file } = req.params;
    if (!STREAM_ID.test(assetId) || !FILE.test(file) || file.includes('..')) {
      next(new AppError('BAD_REQUEST', 'Invalid media path'));
      return;
    }
    const dir = path.join(root, assetId);
    const target = path.join(dir, file);
    // Belt and braces: the resolved file must still be inside the asset's folder.
    if (!target.startsWith(dir + path.sep)) {
      next(new AppError('BAD_REQUEST', 'Invalid media path'));
      return;
    }
    const type = CONTENT_TYPES[path.extname(file)];
    if (!type) {
      next(new NotFoundError('File'));
      return;
    }
    res.sendFile(
      file,
      {
        // `root` keeps the dotfile check to the file name: the default DATA_DIR is `.data`.
        root: dir,
        dotfiles: 'deny',
        acceptRanges: true,
        cacheControl: false,
        headers: { 'Content-Type': type, 'Cache-Control': 'public, max-age=31536000, immutable' },
      },
      sendFileDone(res, next),
    );
  });
  return router;
}
