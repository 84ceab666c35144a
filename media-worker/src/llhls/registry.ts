import type { PlaylistPosition } from './delivery-directives';
import type { SkipRequest } from './ll-playlist';

/**
 * A live stream's LL-HLS playlists as the HTTP layer sees them: rendered on request from the
 * packager's memory, with change notifications to answer blocking requests the moment a part
 * exists. Part and init files are on disk; the HTTP layer serves them as files.
 */
export interface LowLatencyStream {
  readonly streamId: string;
  /** EXT-X-TARGETDURATION in seconds: blocking requests give up after three of these. */
  readonly targetDuration: number;
  /** True for a rendition of this stream (by name, e.g. `720p`). */
  hasRendition(rendition: string): boolean;
  /** Where a rendition's playlist stands; undefined until it has its first part. */
  position(rendition: string): PlaylistPosition | undefined;
  /** The rendition's LL media playlist (a Delta Update with `skip`), its URIs relative to `ll/<rendition>.m3u8`. */
  renderPlaylist(rendition: string, options?: { skip?: SkipRequest | undefined }): string;
  /**
   * True for a file of the rendition folder that an EXT-X-PRELOAD-HINT announces and that is
   * not written yet: a request for it waits until it is (6.2.6).
   */
  isPending(rendition: string, file: string): boolean;
  /** Calls `listener` after every change (part, segment, new run, end). Returns the unsubscribe function. */
  onUpdate(listener: () => void): () => void;
}

/**
 * The live LL-HLS streams of one job runner, by stream id (each runner owns one; no module global). Packagers register while their live
 * runs and unregister once their final playlists are on disk. A Set of listeners per stream (not
 * an EventEmitter) because every viewer's blocking request is one listener.
 */
export class LowLatencyRegistry {
  private readonly streams = new Map<string, LowLatencyStream>();

  /** Adds a stream; replaces any stream registered under the same id. */
  register(stream: LowLatencyStream): void {
    this.streams.set(stream.streamId, stream);
  }

  /** Removes a stream if it is the one registered under its id. */
  unregister(stream: LowLatencyStream): void {
    if (this.streams.get(stream.streamId) === stream) this.streams.delete(stream.streamId);
  }

  /** The live stream with this id, if its packager runs under this registry. */
  get(streamId: string): LowLatencyStream | undefined {
    return this.streams.get(streamId);
  }
}
