import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { Rendition } from '@yunzhan/shared';
import type { PublicSegment } from '../hls/playlist';
import { writeFileAtomic } from '../util/atomic-write';
import { CmafStreamReader, type CmafFragment, type CmafHeader, type CmafItem } from './cmaf-reader';
import type { PlaylistPosition } from './delivery-directives';
import { firstSegmentWithParts, lastPartPosition, type LlMediaPlaylistModel, type LlPart, type LlSegment, type RenditionReport } from './ll-playlist';
import type { LowLatencyTiming } from './part-timing';
import { SegmentCutter } from './segment-cutter';

// One rendition of a live: reads each run's CMAF stream from ffmpeg's pipe, writes part files
// the moment a fragment is complete and segment files (the concatenation of their parts) when a
// segment closes, and keeps the playlist model both playlist flavours are rendered from.
//
// Files in the rendition folder, all written atomically (temporary name, then rename):
//   <run>-init.mp4                 CMAF header of a run (EXT-X-MAP)
//   <token>-part<NNNNNN>.m4s       one part (a CMAF fragment); numbered across runs, so the next
//                                  part's name is known before it exists (EXT-X-PRELOAD-HINT) even
//                                  when it will open a new segment or come from a restarted run
//   <run>-<NNNNN>.m4s              one segment, numbered within its run (as ffmpeg's hls muxer did)
// Part files are deleted once their tags have been out of the playlist for 10 target durations
// (clients must be able to fetch them for 3, 6.2.2); segments stay for the replay.

interface InitInfo {
  videoTrackId: number;
  timescale: number;
  codecs: string[];
}

interface RunState {
  prefix: string;
  initName: string;
  init: InitInfo | undefined;
  cutter: SegmentCutter;
  /** Segments of this run so far (for segment file names). */
  segments: number;
  origin: Promise<number | undefined>;
  setOrigin: (originMs: number | undefined) => void;
  /** Resolves when the run's pipe has ended. */
  input: Promise<void>;
  /** Bytes of fragments without video, carried into the next part. */
  carry: Uint8Array[];
  broken: boolean;
}

interface SegmentRecord extends LlSegment {
  parts: LlPart[];
  /** Fragment bytes of each part while the segment is open. */
  partBytes: Uint8Array[];
  /** When its parts left the playlist (Unix ms); their files are deleted 10 target durations later. */
  partsUnlistedAt: number | undefined;
  partsDeleted: boolean;
}

/** What a rendition packager needs. */
export interface RenditionPackagerOptions {
  rendition: Rendition;
  /** The rendition's folder. */
  dir: string;
  /** Names every part file of the live: `<token>-part<N>.m4s`. */
  token: string;
  timing: LowLatencyTiming;
  /** Nominal segment length in seconds. */
  segmentSeconds: number;
  fps: number;
  logger?: Logger | undefined;
  /** Called after every change of the playlist model. */
  onChange: (change: { segmentCompleted: boolean }) => void;
  /** Number of the first segment and discontinuity sequence (a live taken over). Default 0, 0. */
  resume?: { mediaSequence: number; discontinuitySequence: number } | undefined;
}

/** A part file name, or undefined for anything else. */
const partNumberOf = (token: string, file: string): number | undefined => {
  const m = /^(.+)-part(\d{6,})\.m4s$/.exec(file);
  return m && m[1] === token ? Number(m[2]) : undefined;
};

/** The packager of one rendition. */
export class RenditionPackager {
  readonly name: string;
  private readonly segments: SegmentRecord[] = [];
  private readonly inits = new Map<string, InitInfo>();
  private run: RunState | undefined;
  private nextPart = 0;
  private mapHint: string | undefined;
  private chain: Promise<void> = Promise.resolve();
  private ended = false;

  constructor(private readonly options: RenditionPackagerOptions) {
    this.name = options.rendition.name;
  }

  /** The name the next part file will have. */
  partFileName(n: number): string {
    return `${this.options.token}-part${String(n).padStart(6, '0')}.m4s`;
  }

  /** Media sequence number of the first segment. */
  get firstMsn(): number {
    return this.options.resume?.mediaSequence ?? 0;
  }

  /** Discontinuity sequence of the last segment (or of the first one to come). */
  get discontinuitySequence(): number {
    const base = this.options.resume?.discontinuitySequence ?? 0;
    return base + this.segments.filter((s) => s.discontinuity).length;
  }

  /** Complete segments so far. */
  get completeSegments(): number {
    const last = this.segments.at(-1);
    return last && last.uri === undefined ? this.segments.length - 1 : this.segments.length;
  }

  /** RFC 6381 codecs of the first run's init segment, once known. */
  get codecs(): string[] | undefined {
    const first = this.segments[0];
    return first ? this.inits.get(first.map)?.codecs : undefined;
  }

  /** Starts a run: its pipe is attached next; its init segment becomes the hinted map. */
  beginRun(prefix: string): void {
    let setOrigin!: (originMs: number | undefined) => void;
    const origin = new Promise<number | undefined>((resolve) => (setOrigin = resolve));
    const initName = `${prefix}-init.mp4`;
    this.run = {
      prefix,
      initName,
      init: undefined,
      cutter: new SegmentCutter(this.options.segmentSeconds, this.options.fps),
      segments: 0,
      origin,
      setOrigin,
      input: Promise.resolve(),
      carry: [],
      broken: false,
    };
    // The next part comes with a new init segment: hint it too (Appendix B.1).
    if (this.segments.length > 0) this.mapHint = initName;
    this.options.onChange({ segmentCompleted: false });
  }

  /** Reads the current run's CMAF stream. */
  attach(stream: Readable): void {
    const run = this.run;
    if (!run) throw new Error('attach() before beginRun()');
    const reader = new CmafStreamReader();
    run.input = new Promise<void>((resolve) => {
      stream.on('data', (chunk: Buffer) => {
        if (run.broken) return;
        let items: CmafItem[];
        try {
          items = reader.push(chunk);
        } catch (err) {
          run.broken = true;
          this.options.logger?.error({ err, rendition: this.name }, 'unreadable CMAF stream; ignoring the rest of this run');
          return;
        }
        for (const item of items) this.enqueue(() => this.take(run, item));
      });
      stream.once('error', (err) => {
        this.options.logger?.warn({ err, rendition: this.name }, 'CMAF pipe error');
        resolve();
      });
      stream.once('close', () => resolve());
      stream.once('end', () => resolve());
    });
  }

  /** Sets the Unix ms the run's timestamp 0 stands for (capture time - run origin, see rtp-relay.ts). */
  setRunOrigin(prefix: string, originMs: number): void {
    if (this.run?.prefix === prefix) this.run.setOrigin(originMs);
  }

  /** The run's process has exited: takes what is left in its pipe and closes its open segment. */
  async endRun(prefix: string): Promise<void> {
    const run = this.run;
    if (!run || run.prefix !== prefix) return;
    // A run that never got its origin never sent media; let its queue drain.
    run.setOrigin(undefined);
    await run.input;
    this.enqueue(async () => {
      if (run.cutter.end()) await this.closeSegment(run);
      if (this.mapHint === run.initName) this.mapHint = undefined;
      if (this.run === run) this.run = undefined;
      this.options.onChange({ segmentCompleted: true });
    });
    await this.chain;
  }

  /** The live is over: the playlist gets EXT-X-ENDLIST and no more hints. */
  async finish(): Promise<void> {
    if (this.run) await this.endRun(this.run.prefix);
    await this.chain;
    this.ended = true;
    this.mapHint = undefined;
  }

  /** Where the LL playlist stands; undefined before the first part. */
  position(timing: LowLatencyTiming): PlaylistPosition | undefined {
    const last = lastPartPosition(this.segments);
    if (!last || last.part === undefined) return undefined;
    return {
      lastPartMsn: last.msn,
      lastPartIndex: last.part,
      lastSegmentMsn: this.firstMsn + this.completeSegments - 1,
      ended: this.ended,
      partTarget: timing.partTarget,
      partsPerSegment: Math.max(1, Math.round(this.options.segmentSeconds / (timing.framesPerPart / this.options.fps))),
    };
  }

  /** This rendition's report for the others' playlists. */
  report(): RenditionReport | undefined {
    const last = lastPartPosition(this.segments);
    return last ? { uri: `${this.name}.m3u8`, lastMsn: last.msn, lastPart: last.part } : undefined;
  }

  /** The LL playlist model (URIs relative to `ll/<rendition>.m3u8`). */
  model(timing: LowLatencyTiming, reports: RenditionReport[]): LlMediaPlaylistModel {
    return {
      segments: this.segments,
      ended: this.ended,
      preloadHint: { part: this.partFileName(this.nextPart), map: this.mapHint },
      timing,
      reports,
      uriPrefix: `../${this.name}/`,
      discontinuitySequence: this.options.resume?.discontinuitySequence ?? 0,
    };
  }

  /** The complete segments, for the standard playlist. */
  publicSegments(): PublicSegment[] {
    return this.segments.flatMap((s) =>
      s.uri === undefined ? [] : [{ uri: s.uri, duration: s.duration, programDateTimeMs: s.programDateTimeMs, map: s.map, discontinuity: s.discontinuity }],
    );
  }

  /** True for the hinted part or init file while it is not written yet. */
  isPending(file: string): boolean {
    if (this.ended) return false;
    const n = partNumberOf(this.options.token, file);
    if (n !== undefined) return n === this.nextPart;
    return file === this.mapHint && this.run?.initName === file && this.run.init === undefined;
  }

  /** Runs `work` after everything queued before it (one rendition's files and model change in order). */
  private enqueue(work: () => Promise<void>): void {
    this.chain = this.chain.then(work).catch((err: unknown) => this.options.logger?.error({ err, rendition: this.name }, 'packaging failed'));
  }

  private async take(run: RunState, item: CmafItem): Promise<void> {
    if (item.kind === 'header') await this.takeHeader(run, item.header);
    else await this.takeFragment(run, item.fragment);
  }

  private async takeHeader(run: RunState, header: CmafHeader): Promise<void> {
    const video = header.tracks.find((t) => t.handler === 'vide');
    if (!video) {
      run.broken = true;
      throw new Error(`${run.initName}: the CMAF header has no video track`);
    }
    const audio = header.tracks.find((t) => t.handler === 'soun');
    const init: InitInfo = { videoTrackId: video.trackId, timescale: video.timescale, codecs: [video.codec ?? 'avc1.64001f', ...(audio ? [audio.codec ?? 'mp4a.40.2'] : [])] };
    await writeFileAtomic(path.join(this.options.dir, run.initName), header.bytes);
    run.init = init;
    this.inits.set(run.initName, init);
    this.options.onChange({ segmentCompleted: false });
  }

  private async takeFragment(run: RunState, fragment: CmafFragment): Promise<void> {
    const originMs = await run.origin;
    const init = run.init;
    if (originMs === undefined || !init || run.broken) return;
    const video = fragment.tracks.find((t) => t.trackId === init.videoTrackId);
    if (!video || video.sampleCount === 0) {
      // Audio alone (possible in the last fragment of a run): goes with the next part, if any.
      run.carry.push(fragment.bytes);
      return;
    }
    const duration = video.duration / init.timescale;
    const decision = run.cutter.next({ duration, startsWithKeyFrame: video.startsWithSync });
    const log = this.options.logger;
    if (duration > this.options.timing.partTarget) log?.warn({ rendition: this.name, duration }, 'part longer than PART-TARGET');
    if (decision.segmentWithoutKeyFrame) log?.warn({ rendition: this.name }, 'segment does not start with a key frame');

    const bytes = run.carry.length > 0 ? Buffer.concat([...run.carry, fragment.bytes]) : fragment.bytes;
    run.carry = [];
    const open = this.segments.at(-1);
    const closing = decision.startsSegment && open && open.uri === undefined ? this.closeSegment(run) : Promise.resolve();
    const number = this.nextPart;
    const uri = this.partFileName(number);
    await Promise.all([writeFileAtomic(path.join(this.options.dir, uri), bytes), closing]);

    if (decision.startsSegment) {
      const seconds = (video.baseMediaDecodeTime + video.firstCompositionOffset) / init.timescale;
      // Floor: rounding must never make the capture time later than it was.
      const programDateTimeMs = Math.floor(originMs + seconds * 1000);
      const previous = this.segments.at(-1);
      if (previous && programDateTimeMs < previous.programDateTimeMs) log?.warn({ rendition: this.name }, 'PROGRAM-DATE-TIME went backwards');
      this.segments.push({
        msn: this.firstMsn + this.segments.length,
        uri: undefined,
        duration: 0,
        programDateTimeMs,
        map: run.initName,
        discontinuity: run.segments === 0 && this.segments.length > 0,
        parts: [],
        partBytes: [],
        partsUnlistedAt: undefined,
        partsDeleted: false,
      });
      if (this.mapHint === run.initName) this.mapHint = undefined;
    }
    const segment = this.segments.at(-1)!;
    segment.parts.push({ uri, duration, independent: decision.independent });
    segment.partBytes.push(bytes);
    segment.duration += duration;
    this.nextPart = number + 1;
    // The part is listed first; the segment's EXTINF follows once its file is written.
    this.options.onChange({ segmentCompleted: decision.startsSegment });
    if (decision.endsSegment) {
      await this.closeSegment(run);
      this.options.onChange({ segmentCompleted: true });
    }
  }

  /** Writes the open segment's file (its parts' bytes) and lists it. */
  private async closeSegment(run: RunState): Promise<void> {
    const segment = this.segments.at(-1);
    if (!segment || segment.uri !== undefined) return;
    const uri = `${run.prefix}-${String(run.segments).padStart(5, '0')}.m4s`;
    run.segments++;
    await writeFileAtomic(path.join(this.options.dir, uri), Buffer.concat(segment.partBytes));
    segment.uri = uri;
    segment.duration = segment.parts.reduce((sum, p) => sum + p.duration, 0);
    segment.partBytes = [];
    this.enqueue(() => this.pruneParts());
  }

  /** Notes which segments' parts left the playlist and deletes part files unlisted long enough. */
  private async pruneParts(): Promise<void> {
    const now = Date.now();
    const listedFrom = firstSegmentWithParts({ segments: this.segments, timing: this.options.timing });
    const keepMs = 10 * this.options.timing.targetDuration * 1000;
    for (let i = 0; i < listedFrom; i++) {
      const s = this.segments[i]!;
      if (s.partsDeleted) continue;
      s.partsUnlistedAt ??= now;
      if (now - s.partsUnlistedAt < keepMs) continue;
      s.partsDeleted = true;
      await Promise.all(s.parts.map((p) => fsp.rm(path.join(this.options.dir, p.uri), { force: true })));
    }
  }
}
