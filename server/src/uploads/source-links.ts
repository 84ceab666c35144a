import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Router } from 'express';
import { sendFileDone } from '@yunzhan/media-worker';
import { AppError, AssetId } from '@yunzhan/shared';

/** How long a source link works: a job may wait in the queue and retry with back-off for days. */
const LINK_LIFETIME_S = 14 * 24 * 3600;
/** The node's key file in DATA_DIR: made once, read by every start after. */
const KEY_FILE = 'source-link.key';

/** This node's key for signing source links: read from DATA_DIR, made there (mode 0600) the first time. */
export function loadSourceLinkKey(dataDir: string): Buffer {
  const file = path.join(dataDir, KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    // `wx`: when two starts race, one writes and both read what it wrote.
    fs.writeFileSync(file, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'hex');
  if (key.length < 32) throw new Error(`${file} does not hold a key; remove it and start again`);
  return key;
}

/**
 * Signed links to the uploads on this node, for media workers on other hosts (REDIS_URL, or
 * nodes sharing PostgreSQL): `/internal/sources/<assetId>?expires=<unix s>&sig=<hex>`. The
 * signature is an HMAC-SHA256 of the asset id and the expiry with this node's key, so a link
 * names one upload, works for two weeks and cannot be made by anyone without the key.
 */
export class SourceLinks {
  constructor(
    private readonly key: Buffer,
    /** This node's base URL as other hosts reach it (read when a link is made: known after listen). */
    private readonly base: () => string,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** A link to the upload of `assetId`. */
  urlFor(assetId: string): string {
    const expires = Math.floor(this.now() / 1000) + LINK_LIFETIME_S;
    return `${this.base()}/internal/sources/${assetId}?expires=${expires}&sig=${this.sign(assetId, expires)}`;
  }

  /** Whether a link's expiry and signature are this node's and still good. */
  verify(assetId: string, expiresText: unknown, sig: unknown): boolean {
    if (typeof expiresText !== 'string' || typeof sig !== 'string' || !/^\d{1,12}$/.test(expiresText) || !/^[0-9a-f]{64}$/.test(sig)) return false;
    const expires = Number(expiresText);
    if (expires * 1000 < this.now()) return false;
    return timingSafeEqual(Buffer.from(this.sign(assetId, expires), 'hex'), Buffer.from(sig, 'hex'));
  }

  private sign(assetId: string, expires: number): string {
    return createHmac('sha256', this.key).update(`source\n${assetId}\n${expires}`).digest('hex');
  }

  /**
   * `GET /internal/sources/<assetId>` on `router`: the upload's bytes to the holder of a good
   * link (Range works, so a worker could resume); FORBIDDEN for a bad or expired link, NOT_FOUND once the upload
   * is gone. Nothing else of the node is reachable this way.
   */
  mount(router: Router, uploadsDir: string): void {
    router.get('/internal/sources/:assetId', (req, res, next) => {
      const { assetId } = req.params;
      if (!AssetId.safeParse(assetId).success || !this.verify(assetId, req.query.expires, req.query.sig)) {
        next(new AppError('FORBIDDEN', 'This source link is not valid'));
        return;
      }
      res.sendFile(
        assetId,
        { root: uploadsDir, dotfiles: 'deny', acceptRanges: true, cacheControl: false, headers: { 'Cache-Control': 'no-store', 'Content-Type': 'application/octet-stream' } },
        sendFileDone(res, next, 'Upload'),
      );
    });
  }
}
