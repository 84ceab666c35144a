import fsp from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { Rendition } from '@yunzhan/shared';
import { renderMasterPlaylist, renderMediaPlaylist, renditionBandwidth, type VariantModel } from '../hls/playlist';
import { writeFileAtomic } from '../util/atomic-write';
import type { PlaylistPosition } from './delivery-directives';
import { renderLowLatencyPlaylist, type RenditionReport, type SkipRequest } from './ll-playlist';
import { lowLatencyTiming, type LowLatencyTiming } from './part-timing';
import type { LowLatencyRegistry, LowLatencyStream } from './registry';
import { RenditionPackager } from './rendition-packager';

// The packager of one live: one RenditionPackager per rendition, fed by ffmpeg's CMAF pipes
// (`pipe:3`, `pipe:4`, ... in rendition order), and the single source of both playlist flavours:
//
//   <outputDir>/master.m3u8             standard multivariant playlist (file, written once)
//   <outputDir>/<rendition>/index.m3u8  standard media playlist: complete segments with PDT,
//                                       DISCONTINUITY + MAP after a restart, ENDLIST at the end
//   <outputDir>/ll/master.m3u8          LL-HLS multivariant playlist (file, written once)
//   <outputDir>/ll/<rendition>.m3u8     LL-HLS media playlist: rendered from memory by the HTTP
//                                       layer while the live runs (blocking reloads, delta
//                                       updates); written as a file, with ENDLIST, at the end
//
// Both media playlists list the same segments under the same Media Sequence Numbers; the LL one
// adds the parts of the last three target durations, the preload hints, and rendition reports.

/** Options of a live packager. */
export interface LivePackagerOptions {
  streamId: string;
  outputDir: string;
  renditions: readonly Rendition[];
  /** Nominal segment length (key frame interval) in seconds. */
  segmentSeconds: number;
  /** Video frame rate of every rendition (FRAME-RATE; part length in frames). */
  fps: number;
  /** Prefix of the live's part file names. */
  token: string;
  logger?: Logger | undefined;
  /** Called when the number of complete segments in every rendition grows. */
  onSegments?: ((count: number) => void) | undefined;
  /** Continue a live another worker had: first media sequence number and discontinuity sequence. */
  resume?: { mediaSequence: number; discontinuitySequence: number } | undefined;
  /** Where the live registers for the HTTP layer (its job runner's registry). */
  registry: LowLatencyRegistry;
}

/** Folder of the LL-HLS playlists, relative to the stream folder. */
export const LL_FOLDER = 'll';

/** The packager of one live stream; registered as a LowLatencyStream while it runs. */
export class LivePackager implements LowLatencyStream {
  readonly streamId: string;
  readonly timing: LowLatencyTiming;
  private readonly renditions: RenditionPackager[];
  private readonly listeners = new Set<() => void>();
  private readonly registry: LowLatencyRegistry;
  /** Standard playlist writes, one after another so an older one never lands last. */
  private writes: Promise<void> = Promise.resolve();
  private mastersWritten = false;
  private reported = 0;
  private started = false;
  private ended = false;
  /** Bumped on every change: renders are cached per version (every waiting viewer gets the same one). */
  private version = 0;
  private readonly rendered = new Map<string, { version: number; text: string }>();
  private finished: Promise<void> | undefined;

  constructor(private readonly options: LivePackagerOptions) {
    this.streamId = options.streamId;
    this.timing = lowLatencyTiming(options.fps, options.segmentSeconds);
    this.registry = options.registry;
    this.renditions = options.renditions.map(
      (rendition) =>
        new RenditionPackager({
          rendition,
          dir: path.join(options.outputDir, rendition.name),
          token: options.token,
          timing: this.timing,
          segmentSeconds: options.segmentSeconds,
          fps: options.fps,
          logger: options.logger,
          onChange: ({ segmentCompleted }) => this.changed(segmentCompleted),
          resume: options.resume,
        }),
    );
  }

  /** EXT-X-TARGETDURATION of every media playlist. */
  get targetDuration(): number {
    return this.timing.targetDuration;
  }

  /** Complete segments in every rendition. */
  get segmentCount(): number {
    return Math.min(...this.renditions.map((r) => r.completeSegments));
  }

  /** Where the live stands, for a worker that may have to continue it: the media sequence number after the last complete segment, and the discontinuity sequence. */
  get sequence(): { mediaSequence: number; discontinuitySequence: number } {
    const first = this.renditions[0]!;
    return { mediaSequence: first.firstMsn + this.segmentCount, discontinuitySequence: Math.max(...this.renditions.map((r) => r.discontinuitySequence)) };
  }

  /** Creates the folders and registers the stream. Idempotent. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const r of this.renditions) await fsp.mkdir(path.join(this.options.outputDir, r.name), { recursive: true });
    await fsp.mkdir(path.join(this.options.outputDir, LL_FOLDER), { recursive: true });
    this.registry.register(this);
  }

  /** Announces a run: files named `<prefix>-...`; its pipes are attached next, its origin follows. */
  beginRun(prefix: string): void {
    for (const r of this.renditions) r.beginRun(prefix);
  }

  /** Reads the run's CMAF pipes, one per rendition in rendition order. */
  attachRun(pipes: readonly Readable[]): void {
    if (pipes.length !== this.renditions.length) throw new Error(`expected ${this.renditions.length} pipes, got ${pipes.length}`);
    this.renditions.forEach((r, i) => r.attach(pipes[i]!));
  }

  /** Sets the Unix ms that the run's pts 0 stands for. */
  setRunOrigin(prefix: string, originMs: number): void {
    for (const r of this.renditions) r.setRunOrigin(prefix, originMs);
  }

  /** The run's ffmpeg has exited: packages the rest of its pipes and closes its open segments. */
  async endRun(prefix: string): Promise<void> {
    await Promise.all(this.renditions.map((r) => r.endRun(prefix)));
    await this.writes;
  }

  /**
   * Ends the live: every playlist gets EXT-X-ENDLIST (the LL ones written to disk), waiting
   * requests are answered, and the stream leaves the registry. Idempotent.
   */
  finish(): Promise<void> {
    this.finished ??= (async () => {
      await Promise.all(this.renditions.map((r) => r.finish()));
      await this.writes;
      this.ended = true;
      this.version++;
      await this.writeStandardPlaylists();
      await this.writeMasters(true);
      for (const r of this.renditions) {
        if (r.position(this.timing)) await writeFileAtomic(this.llFile(r.name), this.renderPlaylist(r.name));
      }
      this.notify();
      this.registry.unregister(this);
      this.listeners.clear();
    })();
    return this.finished;
  }

  hasRendition(rendition: string): boolean {
    return this.renditions.some((r) => r.name === rendition);
  }

  position(rendition: string): PlaylistPosition | undefined {
    // Served once every rendition has a part, so that each playlist reports all the others.
    if (this.renditions.some((r) => !r.position(this.timing))) return undefined;
    return this.rendition(rendition)?.position(this.timing);
  }

  renderPlaylist(rendition: string, options: { skip?: SkipRequest | undefined } = {}): string {
    const r = this.rendition(rendition);
    if (!r) throw new Error(`no rendition ${rendition}`);
    const key = `${rendition} ${options.skip ?? ''}`;
    const cached = this.rendered.get(key);
    if (cached?.version === this.version) return cached.text;
    const reports = this.renditions.flatMap((o): RenditionReport[] => {
      const report = o === r ? undefined : o.report();
      return report ? [report] : [];
    });
    const text = renderLowLatencyPlaylist(r.model(this.timing, reports), options);
    this.rendered.set(key, { version: this.version, text });
    return text;
  }

  isPending(rendition: string, file: string): boolean {
    return this.rendition(rendition)?.isPending(file) ?? false;
  }

  onUpdate(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private rendition(name: string): RenditionPackager | undefined {
    return this.renditions.find((r) => r.name === name);
  }

  private llFile(rendition: string): string {
    return path.join(this.options.outputDir, LL_FOLDER, `${rendition}.m3u8`);
  }

  private notify(): void {
    for (const listener of [...this.listeners]) {
      try {
        listener();
      } catch (err) {
        this.options.logger?.error({ err }, 'LL-HLS update listener threw');
      }
    }
  }

  private changed(segmentCompleted: boolean): void {
    this.version++;
    this.notify();
    if (!segmentCompleted) return;
    this.writes = this.writes
      .then(async () => {
        await this.writeStandardPlaylists();
        await this.writeMasters(false);
        const count = this.segmentCount;
        if (count > this.reported) {
          this.reported = count;
          this.options.onSegments?.(count);
        }
      })
      .catch((err: unknown) => this.options.logger?.error({ err }, 'could not write the playlists'));
  }

  private async writeStandardPlaylists(): Promise<void> {
    for (const r of this.renditions) {
      const segments = r.publicSegments();
      if (segments.length === 0) continue;
      const text = renderMediaPlaylist({
        segments,
        segmentSeconds: this.options.segmentSeconds,
        ended: this.ended,
        mediaSequence: r.firstMsn,
        discontinuitySequence: this.options.resume?.discontinuitySequence ?? 0,
      });
      await writeFileAtomic(path.join(this.options.outputDir, r.name, 'index.m3u8'), text);
    }
  }

  /**
   * Both multivariant playlists are written once, when every rendition can be played (or at the
   * end, with those that can): their CODECS come from the real init segments.
   */
  private async writeMasters(ending: boolean): Promise<void> {
    if (this.mastersWritten) return;
    const ready = this.renditions.filter((r) => r.completeSegments > 0);
    if (ready.length === 0 || (ready.length < this.renditions.length && !ending)) return;
    this.mastersWritten = true;
    const variants = ready.map((r) => this.variantOf(r));
    await writeFileAtomic(path.join(this.options.outputDir, LL_FOLDER, 'master.m3u8'), renderMasterPlaylist(variants.map((v, i) => ({ ...v, uri: `${ready[i]!.name}.m3u8` }))));
    await writeFileAtomic(path.join(this.options.outputDir, 'master.m3u8'), renderMasterPlaylist(variants));
  }

  private variantOf(r: RenditionPackager): VariantModel {
    const rendition = this.options.renditions.find((x) => x.name === r.name)!;
    const { bandwidth, averageBandwidth } = renditionBandwidth(rendition, this.options.segmentSeconds);
    return {
      uri: `${r.name}/index.m3u8`,
      bandwidth,
      averageBandwidth,
      width: rendition.width,
      height: rendition.height,
      frameRate: this.options.fps,
      codecs: r.codecs ?? ['avc1.64001f'],
    };
  }
}
