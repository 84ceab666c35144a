import path from 'node:path';
import type { MediaFacts, Rendition } from '@yunzhan/shared';
import { passthroughEncoder } from '../encoders/passthrough';
import type { RenditionEncoderName, VideoEncoder, VideoEncodeSettings } from '../encoders/video-encoder';
import { SPRITE_PATTERN, type ThumbnailPlan } from './thumbnails';
import type { VodPassthrough } from './vod-passthrough';

// One ffmpeg run does everything for an upload: it decodes the source once and writes every
// rendition of the ladder (fMP4 HLS, VOD playlists), the thumbnail sprite sheets and the poster.
// Built as plain data so that it is tested without running ffmpeg.

/** Highest output frame rate; the ladder's bitrates are those of the 30 fps live ladder. */
export const VOD_MAX_FPS = 30;
/** Output frame rate when the source does not say. */
const FALLBACK_FPS = 30;
/** Init segment name inside each rendition folder. */
export const INIT_SEGMENT = 'init.mp4';
/** Media playlist name inside each rendition folder. */
export const MEDIA_PLAYLIST = 'index.m3u8';
/** Poster file name in the output folder. */
export const POSTER_FILE = 'poster.jpg';

/** A rendition as it will be encoded for one source: its exact output size. */
export interface PlannedRendition {
  rendition: Rendition;
  width: number;
  height: number;
}

const even = (x: number) => Math.max(2, 2 * Math.round(x / 2));

/** Fits `width`x`height` into a box, keeping the aspect ratio and never enlarging. */
function fit(width: number, height: number, boxWidth: number, boxHeight: number): { width: number; height: number } {
  const scale = Math.min(boxWidth / width, boxHeight / height, 1);
  return { width: even(width * scale), height: even(height * scale) };
}

/**
 * The renditions to encode for a source of `width`x`height`: the same ladder as lives, those
 * taller than the source skipped. A rendition's height is read as the short side, so a portrait
 * video gets a portrait 720p (720 wide) rather than a letterboxed one; the picture keeps its aspect
 * ratio inside the rendition's box. A source smaller than every rung gets the smallest one at its
 * own size (never enlarged).
 */
export function planRenditions(renditions: readonly Rendition[], width: number, height: number): PlannedRendition[] {
  const portrait = height > width;
  const shortSide = Math.min(width, height);
  const place = (r: Rendition): PlannedRendition => {
    const box = portrait ? { w: r.height, h: r.width } : { w: r.width, h: r.height };
    return { rendition: r, ...fit(width, height, box.w, box.h) };
  };
  const kept = renditions.filter((r) => r.height <= shortSide).map(place);
  if (kept.length > 0) return kept;
  const smallest = [...renditions].sort((a, b) => a.height - b.height)[0];
  if (!smallest) throw new RangeError('No rendition to encode');
  return [place(smallest)];
}

/** Output frame rate: the source's, at most VOD_MAX_FPS (30 when unknown). */
export function vodFps(sourceFps: number | undefined): number {
  const fps = sourceFps && sourceFps >= 1 ? Math.min(sourceFps, VOD_MAX_FPS) : FALLBACK_FPS;
  return Number(fps.toFixed(3));
}

/** Where the poster frame is taken: a tenth into the video, at most 10 s in. */
export function posterTime(durationSeconds: number): number {
  return Number(Math.min(durationSeconds * 0.1, 10).toFixed(3));
}

/** Everything one VOD transcode run needs. */
export interface VodArgsInput {
  /** Absolute path of the source. */
  sourcePath: string;
  facts: MediaFacts;
  /** Folder the run writes into (rendition folders must exist). */
  outputDir: string;
  renditions: readonly PlannedRendition[];
  segmentSeconds: number;
  fps: number;
  encoder: VideoEncoder;
  thumbnails: ThumbnailPlan;
  /** When set, the first rendition is the source's video stream copied and the others key frame with it. */
  passthrough?: VodPassthrough;
}

/** Encoder settings of one rendition: fixed GOP of one segment, so key frames line up across the ladder. */
export function vodVideoSettings(r: PlannedRendition, fps: number, segmentSeconds: number): VideoEncodeSettings {
  return {
    width: r.width,
    height: r.height,
    fps,
    gopFrames: Math.max(1, Math.round(fps * segmentSeconds)),
    bitrateKbps: r.rendition.videoKbps,
    // A file has no latency budget: a 2 s buffer gives the rate control room on hard scenes.
    vbvSeconds: 2,
    profile: 'high',
    speed: 'fast',
  };
}

/** The `-force_key_frames` value: times in seconds, millisecond precision, comma-separated. */
export function forcedKeyFramesArg(times: readonly number[]): string {
  return times.map((t) => String(Number(t.toFixed(3)))).join(',');
}

/** What makes rendition `index`'s video: the copy for the first one when passing through, else the encoder. */
export function renditionEncoder(input: Pick<VodArgsInput, 'encoder' | 'passthrough'>, index: number): VideoEncoder<RenditionEncoderName> {
  return input.passthrough && index === 0 ? passthroughEncoder : input.encoder;
}

/** Every rendition's encoder name, in ladder order (what the job reports). */
export function vodRenditionEncoders(input: Pick<VodArgsInput, 'encoder' | 'passthrough' | 'renditions'>): RenditionEncoderName[] {
  return input.renditions.map((_, i) => renditionEncoder(input, i).name);
}

/**
 * The filter graph: interlaced frames deinterlaced, one constant frame rate for everything,
 * split into one scaled copy per encoded rendition (a passed-through one is not decoded for
 * itself), the thumbnail strip (one frame per interval, tiled into sheets, full-range JPEG) and
 * the poster (the first frame from `posterTime`, then nothing: the branch ends at once).
 */
export function vodFilterGraph(input: VodArgsInput): string {
  const { renditions, fps, thumbnails: t, facts } = input;
  const encoded = renditions.map((r, i) => ({ r, i })).filter(({ i }) => renditionEncoder(input, i).name !== 'passthrough');
  const labels = [...encoded.map(({ i }) => `[s${i}]`), '[st]', '[sp]'].join('');
  const [top] = renditions;
  // yadif touches only frames flagged interlaced (broadcast and camcorder files); progressive ones pass.
  const split = `[0:${facts.video.index}]yadif=deint=interlaced,fps=${fps},split=${encoded.length + 2}${labels}`;
  const scales = encoded.map(({ r, i }) => `[s${i}]scale=${r.width}:${r.height}:flags=bicubic,setsar=1,format=yuv420p[v${i}]`);
  const sprite = `[st]fps=1/${t.intervalSeconds},scale=${t.tileWidth}:${t.tileHeight}:out_range=full,setsar=1,format=yuv420p,tile=${t.columns}x${t.rows}[sprite]`;
  const poster =
    `[sp]trim=start=${posterTime(facts.durationSeconds)},trim=end_frame=1,` +
    `scale=${top!.width}:${top!.height}:out_range=full,setsar=1,format=yuv420p[poster]`;
  return [split, ...scales, sprite, poster].join(';');
}

/** Options every output gets: no metadata of the source (a phone's GPS position) in what is published. */
const CLEAN_OUTPUT = ['-map_metadata', '-1', '-map_chapters', '-1', '-fps_mode', 'passthrough', '-max_muxing_queue_size', '4096'];

/** The ffmpeg arguments of a VOD transcode. Progress goes to stdout (`-progress pipe:1`). */
export function buildVodArgs(input: VodArgsInput): string[] {
  const { facts, outputDir } = input;
  const args = [
    '-hide_banner',
    '-nostats',
    '-loglevel', 'level+warning',
    '-progress', 'pipe:1',
    '-stats_period', '0.5',
    '-i', `file:${input.sourcePath}`,
    '-filter_complex', vodFilterGraph(input),
  ];
  // Renditions first: `-progress` counts the frames of the first video output.
  input.renditions.forEach((r, i) => {
    const dir = path.join(outputDir, r.rendition.name);
    const encoder = renditionEncoder(input, i);
    const copied = encoder.name === 'passthrough';
    args.push('-map', copied ? `0:${facts.video.index}` : `[v${i}]`);
    if (facts.audio) args.push('-map', `0:${facts.audio.index}`);
    const settings = vodVideoSettings(r, input.fps, input.segmentSeconds);
    if (input.passthrough && !copied) {
      // Two segments: the forced key frames (at most one segment apart) always come first.
      args.push(...encoder.buildArgs({ ...settings, gopFrames: 2 * settings.gopFrames }), ...alignedWithPassthrough(input.passthrough));
    } else {
      args.push(...encoder.buildArgs(settings));
    }
    if (facts.audio) args.push('-c:a', 'aac', '-b:a', `${r.rendition.audioKbps}k`, '-ar', '48000', '-ac', '2');
    // A copied stream may have B-frames: signed composition offsets (trun v1, as CMAF has it) give
    // its key frames a zero offset, so each segment's tfdt is when its first picture shows, as in
    // the encoded renditions (no B-frames) and as players that ignore edit lists (hls.js) read it.
    if (copied) args.push('-hls_segment_options', 'movflags=+negative_cts_offsets');
    args.push(
      ...CLEAN_OUTPUT,
      '-f', 'hls',
      '-hls_time', String(input.segmentSeconds),
      '-hls_segment_type', 'fmp4',
      '-hls_playlist_type', 'vod',
      '-hls_list_size', '0',
      '-hls_flags', 'independent_segments',
      '-hls_fmp4_init_filename', INIT_SEGMENT,
      '-hls_segment_filename', path.join(dir, 'seg-%05d.m4s'),
      path.join(dir, MEDIA_PLAYLIST),
    );
  });
  args.push('-map', '[sprite]', '-c:v', 'mjpeg', '-q:v', '5', '-strict', 'unofficial', ...CLEAN_OUTPUT);
  args.push('-f', 'image2', '-start_number', '0', path.join(outputDir, SPRITE_PATTERN));
  args.push('-map', '[poster]', '-c:v', 'mjpeg', '-q:v', '3', '-strict', 'unofficial', ...CLEAN_OUTPUT);
  args.push('-f', 'image2', '-update', '1', path.join(outputDir, POSTER_FILE));
  return args;
}

/**
 * Options of an encoded rendition beside a passed-through one: a key frame at each of the
 * source's, so the HLS muxer (which cuts at the first key frame past each segment target) cuts
 * every rendition at the same frames, and the copy's timestamp shift, so that the init
 * segments' edit lists (where the mp4 muxer records that shift) are the same too.
 */
function alignedWithPassthrough(p: VodPassthrough): string[] {
  const args = ['-force_key_frames', forcedKeyFramesArg(p.keyFrameTimes)];
  if (p.outputTsOffsetSeconds > 0) args.push('-output_ts_offset', String(p.outputTsOffsetSeconds));
  return args;
}

/** Reads a `-progress` line: the frame count of the first video output, or undefined. */
export function progressFrame(line: string): number | undefined {
  const m = /^frame=(\d+)$/.exec(line.trim());
  return m ? Number(m[1]) : undefined;
}
