import { MediaRejectedError, type MediaFacts, type UploadLimits } from '@yunzhan/shared';

// What an upload must be to be accepted, judged from ffprobe's JSON as plain data: a known
// container, a video stream (and at most one audio stream used) in a codec we transcode, a known
// duration within the limit, a first frame that decodes, and, where the container's index tells
// how many bytes the media takes, a file that is not shorter than that (a cut-off upload).

/** Container families we accept (tokens of ffprobe's comma-separated `format_name`). */
export const ACCEPTED_CONTAINERS: ReadonlySet<string> = new Set(['mov', 'mp4', 'matroska', 'webm', 'avi', 'mpegts', 'mpeg', 'flv', 'asf', 'ogg', 'mxf']);

/** Video codecs we transcode (ffprobe `codec_name`). */
export const ACCEPTED_VIDEO_CODECS: ReadonlySet<string> = new Set([
  'h264', 'hevc', 'vp8', 'vp9', 'av1', 'mpeg4', 'mpeg2video', 'mpeg1video', 'prores', 'mjpeg', 'theora', 'vc1', 'wmv3', 'dnxhd', 'h263', 'msmpeg4v3',
]);

/** Audio codecs we transcode (`pcm_*` are accepted as a family). */
export const ACCEPTED_AUDIO_CODECS: ReadonlySet<string> = new Set(['aac', 'mp3', 'mp2', 'opus', 'vorbis', 'ac3', 'eac3', 'flac', 'alac', 'wmav2', 'wmapro']);

/** A file shorter than this share of the bytes its index lists is cut off. */
const TRUNCATION_RATIO = 0.9;

/** One stream of ffprobe's JSON, the fields the policy reads (numbers parsed from ffprobe's strings). */
export interface ProbeStream {
  index: number;
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  sample_aspect_ratio?: string;
  avg_frame_rate?: string;
  r_frame_rate?: string;
  duration?: number;
  bit_rate?: number;
  nb_read_frames?: number;
  channels?: number;
  /** ffprobe's profile name, e.g. `High`. */
  profile?: string;
  /** ffprobe's level: H.264 level_idc, e.g. 31. */
  level?: number;
  /** Pixel format, e.g. `yuv420p`. */
  pix_fmt?: string;
  /** `progressive`, or `tt`/`bb`/`tb`/`bt` for interlaced. */
  field_order?: string;
  attachedPic: boolean;
  rotateTag?: string;
  rotation?: number;
}

/** The parts of `ffprobe -show_format -show_streams -of json` the policy reads. */
export interface ProbeOutput {
  streams: ProbeStream[];
  /** `start_time`: the timestamp (seconds) ffmpeg takes as zero when it reads the file. */
  format: { format_name?: string; duration?: number; start_time?: number };
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
/** ffprobe writes most numbers as strings, and `N/A` when it does not know. */
const num = (v: unknown) => {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v !== '' && v !== 'N/A' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : undefined;
};

function readStream(s: Json): ProbeStream | undefined {
  const index = num(s.index);
  if (index === undefined) return undefined;
  const disposition = isObject(s.disposition) ? s.disposition : {};
  const tags = isObject(s.tags) ? s.tags : {};
  const sideData = Array.isArray(s.side_data_list) ? s.side_data_list.filter(isObject) : [];
  return {
    index,
    codec_type: str(s.codec_type),
    codec_name: str(s.codec_name),
    width: num(s.width),
    height: num(s.height),
    sample_aspect_ratio: str(s.sample_aspect_ratio),
    avg_frame_rate: str(s.avg_frame_rate),
    r_frame_rate: str(s.r_frame_rate),
    duration: num(s.duration),
    bit_rate: num(s.bit_rate),
    nb_read_frames: num(s.nb_read_frames),
    channels: num(s.channels),
    profile: str(s.profile),
    level: num(s.level),
    pix_fmt: str(s.pix_fmt),
    field_order: str(s.field_order),
    attachedPic: num(disposition.attached_pic) === 1,
    rotateTag: str(tags.rotate),
    rotation: sideData.map((d) => num(d.rotation)).find((r) => r !== undefined),
  };
}

/** Reads ffprobe's JSON output; undefined when it is not an object with streams or a format. */
export function readProbeOutput(raw: unknown): ProbeOutput | undefined {
  if (!isObject(raw)) return undefined;
  const streams = (Array.isArray(raw.streams) ? raw.streams.filter(isObject) : []).map(readStream).filter((s): s is ProbeStream => s !== undefined);
  const format = isObject(raw.format)
    ? { format_name: str(raw.format.format_name), duration: num(raw.format.duration), start_time: num(raw.format.start_time) }
    : {};
  return { streams, format };
}

/** `30000/1001` → 29.97; undefined for `0/0` and the like. */
export function parseRate(rate: string | undefined): number | undefined {
  const m = /^(\d+)\/(\d+)$/.exec(rate ?? '');
  if (!m || Number(m[2]) === 0) return undefined;
  const value = Number(m[1]) / Number(m[2]);
  return value > 0 && value < 1000 ? value : undefined;
}

/** Rotation in degrees from the display matrix (ffmpeg 5+) or the old `rotate` tag. */
export function rotationOf(stream: ProbeStream): number {
  const degrees = stream.rotation ?? Number(stream.rotateTag ?? 0);
  return Number.isFinite(degrees) ? degrees : 0;
}

/** The size a player shows: sample aspect ratio applied, width and height swapped when turned by 90°. */
export function displaySize(stream: ProbeStream): { width: number; height: number } | undefined {
  if (!stream.width || !stream.height) return undefined;
  const sar = /^(\d+):(\d+)$/.exec(stream.sample_aspect_ratio ?? '');
  const ratio = sar && Number(sar[1]) > 0 && Number(sar[2]) > 0 ? Number(sar[1]) / Number(sar[2]) : 1;
  const width = Math.max(1, Math.round(stream.width * ratio));
  const height = stream.height;
  return Math.abs(rotationOf(stream)) % 180 === 90 ? { width: height, height: width } : { width, height };
}

const isImageOrText = (formatTokens: string[]) => formatTokens.some((t) => t === 'tty' || t === 'image2' || t.endsWith('_pipe'));
const audioAccepted = (codec: string) => ACCEPTED_AUDIO_CODECS.has(codec) || codec.startsWith('pcm_');

/**
 * Judges an upload from ffprobe's output and its size in bytes: the accepted media facts, or a
 * MediaRejectedError with a stable code (NOT_MEDIA, MEDIA_NO_VIDEO, UNSUPPORTED_CODEC,
 * MEDIA_CORRUPT, MEDIA_TOO_LONG). Pure: tested as data.
 */
export function judgeProbe(raw: unknown, sizeBytes: number, limits: UploadLimits): MediaFacts {
  const parsed = readProbeOutput(raw);
  if (!parsed) throw new MediaRejectedError('NOT_MEDIA', 'ffprobe found nothing it could read in this file');
  const { streams, format } = parsed;
  const container = format.format_name ?? '';
  const tokens = container.split(',').filter(Boolean);
  const videos = streams.filter((s) => s.codec_type === 'video' && !s.attachedPic);
  const audios = streams.filter((s) => s.codec_type === 'audio');
  if (tokens.length === 0 || isImageOrText(tokens)) {
    throw new MediaRejectedError('NOT_MEDIA', 'This file is not a video', { container: container || null });
  }
  const video = videos[0];
  if (!video) {
    if (audios.length > 0) throw new MediaRejectedError('MEDIA_NO_VIDEO', 'This file has sound but no picture', { container });
    throw new MediaRejectedError('NOT_MEDIA', 'This file has no audio or video stream', { container });
  }
  if (!tokens.some((t) => ACCEPTED_CONTAINERS.has(t))) {
    throw new MediaRejectedError('UNSUPPORTED_CODEC', `The container ${container} is not supported`, { container });
  }
  const videoCodec = video.codec_name ?? 'unknown';
  if (!ACCEPTED_VIDEO_CODECS.has(videoCodec)) {
    throw new MediaRejectedError('UNSUPPORTED_CODEC', `The video codec ${videoCodec} is not supported`, { codec: videoCodec });
  }
  const audio = audios[0];
  const audioCodec = audio?.codec_name ?? 'unknown';
  if (audio && !audioAccepted(audioCodec)) {
    throw new MediaRejectedError('UNSUPPORTED_CODEC', `The audio codec ${audioCodec} is not supported`, { codec: audioCodec });
  }
  const size = displaySize(video);
  if (!size) throw new MediaRejectedError('MEDIA_CORRUPT', 'The video stream has no picture size');
  const durationSeconds = format.duration ?? video.duration;
  if (durationSeconds === undefined || !(durationSeconds > 0)) {
    throw new MediaRejectedError('MEDIA_CORRUPT', 'The length of this video cannot be read');
  }
  if (durationSeconds > limits.maxDurationSeconds) {
    throw new MediaRejectedError('MEDIA_TOO_LONG', `The video is longer than ${limits.maxDurationSeconds} s`, {
      durationSeconds,
      maxDurationSeconds: limits.maxDurationSeconds,
    });
  }
  if (video.nb_read_frames === 0) throw new MediaRejectedError('MEDIA_CORRUPT', 'No frame of this video can be decoded');
  checkNotCutOff(tokens, [video, ...(audio ? [audio] : [])], sizeBytes);
  const fps = parseRate(video.avg_frame_rate) ?? parseRate(video.r_frame_rate);
  return {
    container,
    durationSeconds,
    sizeBytes,
    video: { index: video.index, codec: videoCodec, width: size.width, height: size.height, ...(fps ? { fps } : {}) },
    audio: audio ? { index: audio.index, codec: audioCodec, channels: audio.channels ?? 0 } : null,
  };
}

/**
 * In MP4/MOV each stream's bit rate comes from its sample table, so bit rate × duration is the
 * bytes the index lists; a file much shorter than their sum lost its end (a cut-off upload of a
 * file written index-first). Other containers estimate their bit rate, so they are not judged.
 */
function checkNotCutOff(tokens: string[], used: ProbeStream[], sizeBytes: number): void {
  if (!tokens.includes('mov')) return;
  if (!used.every((s) => s.bit_rate !== undefined && s.duration !== undefined)) return;
  const expectedBytes = Math.round(used.reduce((sum, s) => sum + (s.bit_rate! * s.duration!) / 8, 0));
  if (sizeBytes < expectedBytes * TRUNCATION_RATIO) {
    throw new MediaRejectedError('MEDIA_CORRUPT', 'The file is cut off: it is shorter than its own index says', { sizeBytes, expectedBytes });
  }
}
