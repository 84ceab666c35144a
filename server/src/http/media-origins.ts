import fs from 'node:fs/promises';
import path from 'node:path';
import type { OriginCache } from '../live/stream-origin-store';

/** What decides where `/hls/<id>/` and `/media/<id>/` are served from. */
export interface MediaOriginsOptions {
  /** Lives on media workers (stream_origins). */
  streams: OriginCache;
  /** Uploads a media worker processed or another node took (asset_origins). */
  assets: OriginCache;
  /** This node's media folder. */
  mediaDir: string;
  /** This node's own origin, once it listens: an asset recorded there is served from disk. */
  self: () => string | undefined;
}

/** The origin lookups of the `/hls` and `/media` proxies: null means "this node's own files". */
export interface MediaOrigins {
  hls(id: string): Promise<string | null>;
  media(id: string): Promise<string | null>;
}

/**
 * A live's playlists always come from its worker's origin. An asset's files come from the host
 * its row names, unless that is this node or the files are on this node's disk anyway (an origin
 * recorded before the node moved to another address, say).
 */
export function mediaOrigins(options: MediaOriginsOptions): MediaOrigins {
  const elsewhere = async (folder: 'hls' | 'media', id: string, origin: string | null): Promise<string | null> => {
    if (!origin || origin === options.self()) return null;
    const here = await fs.stat(path.join(options.mediaDir, folder, id)).then(
      (s) => s.isDirectory(),
      () => false,
    );
    return here ? null : origin;
  };
  return {
    hls: async (id) => (await options.streams.lookUp(id)) ?? elsewhere('hls', id, await options.assets.lookUp(id)),
    media: async (id) => elsewhere('media', id, await options.assets.lookUp(id)),
  };
}

/** This node's own origin as other hosts reach it (`http://NODE_ADVERTISE_HOST:PORT`): known once it listens. */
export function ownOrigin() {
  let url: string | undefined;
  let resolve!: (url: string) => void;
  const known = new Promise<string>((r) => (resolve = r));
  return {
    known,
    get: () => url,
    set(value: string) {
      url = value;
      resolve(value);
    },
  };
}
