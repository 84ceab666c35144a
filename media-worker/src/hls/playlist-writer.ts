import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Rendition } from '@yunzhan/shared';
import { writeFileAtomic } from '../util/atomic-write';
import { readFragmentTimings, readInitSegment } from './mp4-boxes';
import {
  parseMediaPlaylist,
  renderMasterPlaylist,
  renderMediaPlaylist,
  renditionBandwidth,
  type PublicSegment,
  type VariantModel,
} from './playlist';

// ffmpeg writes segments and its own private playlists (`<rendition>/.<run>.m3u8`, dot files the
// HTTP layer refuses to serve). This writer turns them into the public ones players fetch:
// `master.m3u8` and `<rendition>/index.m3u8`, each replaced atomically. Per segment it reads the
// video track's tfdt: ffmpeg's pts are (capture time - run origin) (see rtp-relay.ts), so
// PROGRAM-DATE-TIME = origin + tfdt / timescale. Runs after a crash are appended behind
// EXT-X-DISCONTINUITY and their own EXT-X-MAP; nothing already listed ever changes.

/** Options of a playlist writer. */
export interface PlaylistWriterOptions {
  outputDir: string;
  renditions: readonly Rendition[];
  /** Nominal segment length in seconds. */
  segmentSeconds: number;
  /** Output frame rate (FRAME-RATE). */
  fps: number;
  logger?: Logger;
  /** Called when the number of segments listed in every rendition grows. */
  onSegments?: (count: number) => void;
  /** Fallback polling interval in ms (a directory watch triggers most scans). Default 500. */
  pollMs?: number;
}

interface RunState {
  prefix: string;
  originMs: number | undefined;
  /** Scanned for the last time (its ffmpeg has exited). */
  final: boolean;
}

interface InitInfo {
  videoTrackId: number;
  timescale: number;
  codecs: string[];
}

interface RenditionState {
  rendition: Rendition;
  dir: string;
  segments: PublicSegment[];
  /** Private playlist entries already taken, per run. */
  taken: Map<string, number>;
  inits: Map<string, InitInfo>;
  dirty: boolean;
}

/** The playlist writer of one live stream. */
export class PlaylistWriter {
  private readonly renditions: RenditionState[];
  private readonly runs: RunState[] = [];
  private readonly watchers: fs.FSWatcher[] = [];
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private rescan = false;
  private ended = false;
  private masterWritten = false;
  private reported = 0;

  constructor(private readonly options: PlaylistWriterOptions) {
    this.renditions = options.renditions.map((rendition) => ({
      rendition,
      dir: path.join(options.outputDir, rendition.name),
      segments: [],
      taken: new Map(),
      inits: new Map(),
      dirty: false,
    }));
  }

  /** Creates the rendition folders and starts watching them. */
  async start(): Promise<void> {
    for (const r of this.renditions) await fsp.mkdir(r.dir, { recursive: true });
    for (const r of this.renditions) {
      try {
        const watcher = fs.watch(r.dir, () => this.requestScan());
        watcher.on('error', () => undefined);
        this.watchers.push(watcher);
      } catch {
        // Polling alone still works.
      }
    }
    this.timer = setInterval(() => this.requestScan(), this.options.pollMs ?? 500);
    this.timer.unref();
  }

  /** Segments listed in every rendition so far. */
  get segmentCount(): number {
    return Math.min(...this.renditions.map((r) => r.segments.length));
  }

  /** Private playlist file name of a run, relative to a rendition folder. */
  static privatePlaylistName(prefix: string): string {
    return `.${prefix}.m3u8`;
  }

  /** Announces a run (its files are named `<prefix>-...`); its origin follows once known. */
  beginRun(prefix: string): void {
    this.runs.push({ prefix, originMs: undefined, final: false });
  }

  /** Sets the Unix ms that the run's pts 0 stands for. */
  setRunOrigin(prefix: string, originMs: number): void {
    const run = this.runs.find((r) => r.prefix === prefix);
    if (run) run.originMs = originMs;
    this.requestScan();
  }

  /** Takes the last segments of a run whose ffmpeg has exited. */
  async endRun(prefix: string): Promise<void> {
    await this.scan();
    const run = this.runs.find((r) => r.prefix === prefix);
    if (run) run.final = true;
  }

  /** Final scan, then every public playlist gets EXT-X-ENDLIST. Stops watching. Idempotent. */
  async finish(): Promise<void> {
    this.stopWatching();
    await this.scan();
    for (const run of this.runs) run.final = true;
    if (this.ended) return;
    this.ended = true;
    for (const r of this.renditions) r.dirty = true;
    await this.write();
  }

  /** Stops watching without finishing (used when the job is torn down). */
  stopWatching(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    for (const w of this.watchers.splice(0)) w.close();
  }

  private requestScan(): void {
    void this.scan().catch((err: unknown) => this.options.logger?.warn({ err }, 'playlist scan failed'));
  }

  /** Scans the private playlists now (or right after the scan in progress) and writes changes. */
  scan(): Promise<void> {
    if (this.scanning) {
      this.rescan = true;
      return this.scanning;
    }
    this.scanning = (async () => {
      try {
        do {
          this.rescan = false;
          for (const run of this.runs) {
            if (run.final || run.originMs === undefined) continue;
            for (const r of this.renditions) {
              await this.scanRendition(r, run).catch((err: unknown) =>
                this.options.logger?.warn({ err, rendition: r.rendition.name }, 'could not read a new segment; retrying'),
              );
            }
          }
          await this.write();
        } while (this.rescan);
      } finally {
        this.scanning = undefined;
      }
    })();
    return this.scanning;
  }

  private async scanRendition(r: RenditionState, run: RunState): Promise<void> {
    const text = await fsp.readFile(path.join(r.dir, PlaylistWriter.privatePlaylistName(run.prefix)), 'utf8').catch(() => undefined);
    if (text === undefined) return;
    const parsed = parseMediaPlaylist(text);
    const map = parsed.map;
    if (!map) return;
    let taken = r.taken.get(run.prefix) ?? 0;
    for (const entry of parsed.segments.slice(taken)) {
      const init = await this.initOf(r, map);
      const bytes = await fsp.readFile(path.join(r.dir, entry.uri));
      const timing = readFragmentTimings(bytes).find((t) => t.trackId === init.videoTrackId);
      if (!timing) throw new Error(`${entry.uri} has no fragment for the video track`);
      const seconds = (timing.baseMediaDecodeTime + timing.firstCompositionOffset) / init.timescale;
      // Floor: rounding must never make the capture time later than it was.
      const programDateTimeMs = Math.floor(run.originMs! + seconds * 1000);
      const previous = r.segments.at(-1);
      if (previous && programDateTimeMs < previous.programDateTimeMs) {
        this.options.logger?.warn({ rendition: r.rendition.name, uri: entry.uri }, 'PROGRAM-DATE-TIME went backwards');
      }
      const firstOfRun = taken === 0;
      r.segments.push({ uri: entry.uri, duration: entry.duration, programDateTimeMs, map, discontinuity: firstOfRun && r.segments.length > 0 });
      r.taken.set(run.prefix, ++taken);
      r.dirty = true;
    }
  }

  private async initOf(r: RenditionState, map: string): Promise<InitInfo> {
    const known = r.inits.get(map);
    if (known) return known;
    const tracks = readInitSegment(await fsp.readFile(path.join(r.dir, map)));
    const video = tracks.find((t) => t.handler === 'vide');
    if (!video) throw new Error(`${map} has no video track`);
    const audio = tracks.find((t) => t.handler === 'soun');
    const codecs = [video.codec ?? 'avc1.64001f', ...(audio ? [audio.codec ?? 'mp4a.40.2'] : [])];
    const info = { videoTrackId: video.trackId, timescale: video.timescale, codecs };
    r.inits.set(map, info);
    return info;
  }

  private async write(): Promise<void> {
    for (const r of this.renditions) {
      if (!r.dirty || r.segments.length === 0) continue;
      r.dirty = false;
      const text = renderMediaPlaylist({ segments: r.segments, segmentSeconds: this.options.segmentSeconds, ended: this.ended });
      await writeFileAtomic(path.join(r.dir, 'index.m3u8'), text);
    }
    const ready = this.renditions.filter((r) => r.segments.length > 0);
    // The master is written once, when every rendition can be played (or at the end, with
    // those that can): its CODECS come from the real init segments.
    if (!this.masterWritten && ready.length > 0 && (ready.length === this.renditions.length || this.ended)) {
      this.masterWritten = true;
      await writeFileAtomic(path.join(this.options.outputDir, 'master.m3u8'), renderMasterPlaylist(ready.map((r) => this.variantOf(r))));
    }
    const count = this.segmentCount;
    if (count > this.reported) {
      this.reported = count;
      this.options.onSegments?.(count);
    }
  }

  private variantOf(r: RenditionState): VariantModel {
    const first = r.segments[0]!;
    const { bandwidth, averageBandwidth } = renditionBandwidth(r.rendition, this.options.segmentSeconds);
    return {
      uri: `${r.rendition.name}/index.m3u8`,
      bandwidth,
      averageBandwidth,
      width: r.rendition.width,
      height: r.rendition.height,
      frameRate: this.options.fps,
      codecs: r.inits.get(first.map)?.codecs ?? ['avc1.64001f'],
    };
  }
}
