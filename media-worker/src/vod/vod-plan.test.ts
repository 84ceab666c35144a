import { describe, expect, it } from 'vitest';
import { DEFAULT_LADDER, DEFAULT_UPLOAD_LIMITS, MediaRejectedError } from '@yunzhan/shared';
import { x264Encoder } from '../encoders/x264';
import { displaySize, judgeProbe, parseRate, readProbeOutput } from './media-policy';
import { sniffContainer } from './media-sniff';
import { planThumbnails, renderThumbnailsVtt, vttTime } from './thumbnails';
import { buildVodArgs, planRenditions, posterTime, progressFrame, vodFps, vodFilterGraph } from './vod-ladder-args';

const bytes = (...parts: (string | number[])[]) =>
  new Uint8Array(parts.flatMap((p) => (typeof p === 'string' ? [...p].map((c) => c.charCodeAt(0)) : p)));

/** ffprobe JSON of a healthy 10 s 1280x720 MP4 with AAC, as ffprobe writes it (numbers as strings). */
const healthy = () => ({
  streams: [
    { index: 0, codec_type: 'video', codec_name: 'h264', width: 1280, height: 720, sample_aspect_ratio: '1:1', avg_frame_rate: '30/1', duration: '10.000000', bit_rate: '2000000', nb_read_frames: '40', disposition: { attached_pic: 0 } },
    { index: 1, codec_type: 'audio', codec_name: 'aac', channels: 2, duration: '10.000000', bit_rate: '128000', nb_read_frames: '90' },
  ],
  format: { format_name: 'mov,mp4,m4a,3gp,3g2,mj2', duration: '10.000000', size: '2660000' },
});

const rejection = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    if (err instanceof MediaRejectedError) return { code: err.code, details: err.details };
    throw err;
  }
  throw new Error('not rejected');
};

describe('container sniffing', () => {
  it('recognises the common video containers by their first bytes', () => {
    expect(sniffContainer(bytes([0, 0, 0, 0x20], 'ftypisom'))).toBe('mp4');
    expect(sniffContainer(bytes([0x1a, 0x45, 0xdf, 0xa3, 1]))).toBe('matroska');
    expect(sniffContainer(bytes('RIFF', [1, 2, 3, 4], 'AVI LIST'))).toBe('avi');
    expect(sniffContainer(bytes('OggS', [0]))).toBe('ogg');
    expect(sniffContainer(bytes('FLV', [1, 5]))).toBe('flv');
    const ts = new Uint8Array(400);
    ts[0] = ts[188] = ts[376] = 0x47;
    expect(sniffContainer(ts)).toBe('mpegts');
  });

  it('recognises nothing in text or random bytes', () => {
    expect(sniffContainer(bytes('hello, this is not a video at all'))).toBeUndefined();
    expect(sniffContainer(new Uint8Array(0))).toBeUndefined();
  });
});

describe('media policy', () => {
  it('accepts a healthy MP4 and reports its facts', () => {
    expect(judgeProbe(healthy(), 2_660_000, DEFAULT_UPLOAD_LIMITS)).toEqual({
      container: 'mov,mp4,m4a,3gp,3g2,mj2',
      durationSeconds: 10,
      sizeBytes: 2_660_000,
      video: { index: 0, codec: 'h264', width: 1280, height: 720, fps: 30 },
      audio: { index: 1, codec: 'aac', channels: 2 },
    });
  });

  it('refuses sound without picture, still images, text and unknown containers with their codes', () => {
    const tone = healthy();
    tone.streams.shift();
    expect(rejection(() => judgeProbe(tone, 1000, DEFAULT_UPLOAD_LIMITS)).code).toBe('MEDIA_NO_VIDEO');
    const png = { streams: [{ index: 0, codec_type: 'video', codec_name: 'png', width: 10, height: 10 }], format: { format_name: 'png_pipe' } };
    expect(rejection(() => judgeProbe(png, 1000, DEFAULT_UPLOAD_LIMITS)).code).toBe('NOT_MEDIA');
    const tty = { streams: [{ index: 0, codec_type: 'video', codec_name: 'ansi', width: 640, height: 400 }], format: { format_name: 'tty', duration: '1' } };
    expect(rejection(() => judgeProbe(tty, 1000, DEFAULT_UPLOAD_LIMITS)).code).toBe('NOT_MEDIA');
    expect(rejection(() => judgeProbe('nonsense', 1000, DEFAULT_UPLOAD_LIMITS)).code).toBe('NOT_MEDIA');
    const raw = { ...healthy(), format: { format_name: 'h264', duration: '10' } };
    expect(rejection(() => judgeProbe(raw, 1000, DEFAULT_UPLOAD_LIMITS))).toEqual({ code: 'UNSUPPORTED_CODEC', details: { container: 'h264' } });
  });

  it('refuses codecs it does not transcode, for picture and for sound', () => {
    const ffv1 = healthy();
    ffv1.streams[0]!.codec_name = 'ffv1';
    expect(rejection(() => judgeProbe(ffv1, 2_660_000, DEFAULT_UPLOAD_LIMITS))).toEqual({ code: 'UNSUPPORTED_CODEC', details: { codec: 'ffv1' } });
    const dts = healthy();
    dts.streams[1]!.codec_name = 'dts';
    expect(rejection(() => judgeProbe(dts, 2_660_000, DEFAULT_UPLOAD_LIMITS)).code).toBe('UNSUPPORTED_CODEC');
  });

  it('refuses media longer than the limit, with the figures in the details', () => {
    expect(rejection(() => judgeProbe(healthy(), 2_660_000, { ...DEFAULT_UPLOAD_LIMITS, maxDurationSeconds: 9 }))).toEqual({
      code: 'MEDIA_TOO_LONG',
      details: { durationSeconds: 10, maxDurationSeconds: 9 },
    });
  });

  it('calls a file corrupt when its duration is unknown, no frame decodes or it is shorter than its index', () => {
    const noDuration = healthy();
    noDuration.format.duration = 'N/A';
    noDuration.streams[0]!.duration = 'N/A';
    expect(rejection(() => judgeProbe(noDuration, 2_660_000, DEFAULT_UPLOAD_LIMITS)).code).toBe('MEDIA_CORRUPT');
    const undecodable = healthy();
    undecodable.streams[0]!.nb_read_frames = '0';
    expect(rejection(() => judgeProbe(undecodable, 2_660_000, DEFAULT_UPLOAD_LIMITS)).code).toBe('MEDIA_CORRUPT');
    // The index lists (2 Mbit/s + 128 kbit/s) × 10 s = 2.66 MB; half of it arrived.
    expect(rejection(() => judgeProbe(healthy(), 1_330_000, DEFAULT_UPLOAD_LIMITS))).toEqual({
      code: 'MEDIA_CORRUPT',
      details: { sizeBytes: 1_330_000, expectedBytes: 2_660_000 },
    });
  });

  it('skips cover art and reads display size through rotation and sample aspect ratio', () => {
    const withCover = healthy();
    withCover.streams.unshift({ index: 2, codec_type: 'video', codec_name: 'mjpeg', width: 600, height: 600, disposition: { attached_pic: 1 } } as never);
    expect(judgeProbe(withCover, 2_660_000, DEFAULT_UPLOAD_LIMITS).video.index).toBe(0);
    const probe = (extra: Record<string, unknown>) => readProbeOutput({ streams: [{ index: 0, width: 1920, height: 1080, ...extra }] })!.streams[0]!;
    expect(displaySize(probe({ side_data_list: [{ side_data_type: 'Display Matrix', rotation: -90 }] }))).toEqual({ width: 1080, height: 1920 });
    expect(displaySize(probe({ tags: { rotate: '270' } }))).toEqual({ width: 1080, height: 1920 });
    expect(displaySize(probe({ width: 720, height: 576, sample_aspect_ratio: '16:11' }))).toEqual({ width: 1047, height: 576 });
    expect(parseRate('30000/1001')).toBeCloseTo(29.97, 2);
    expect(parseRate('0/0')).toBeUndefined();
  });
});

describe('VOD ladder plan', () => {
  it('keeps the live ladder rungs that are not taller than the source', () => {
    expect(planRenditions(DEFAULT_LADDER, 1920, 1080).map((r) => `${r.rendition.name} ${r.width}x${r.height}`)).toEqual([
      '720p 1280x720',
      '480p 854x480',
      '360p 640x360',
    ]);
    expect(planRenditions(DEFAULT_LADDER, 854, 480).map((r) => r.rendition.name)).toEqual(['480p', '360p']);
  });

  it('reads a rung as the short side for portrait video and never enlarges a small source', () => {
    expect(planRenditions(DEFAULT_LADDER, 1080, 1920).map((r) => `${r.width}x${r.height}`)).toEqual(['720x1280', '480x854', '360x640']);
    expect(planRenditions(DEFAULT_LADDER, 320, 240).map((r) => `${r.rendition.name} ${r.width}x${r.height}`)).toEqual(['360p 320x240']);
    // 4:3 inside a 16:9 box keeps its shape (no black bars).
    expect(planRenditions(DEFAULT_LADDER, 1440, 1080)[0]).toMatchObject({ width: 960, height: 720 });
  });

  it('caps the frame rate at 30, keeps lower ones and picks a poster time early in the video', () => {
    expect(vodFps(59.94)).toBe(30);
    expect(vodFps(25)).toBe(25);
    expect(vodFps(undefined)).toBe(30);
    expect(posterTime(6)).toBeCloseTo(0.6);
    expect(posterTime(3600)).toBe(10);
  });

  it('lays out thumbnails: 1 s apart for a short clip, a sheet sized to them, at most 300 for 4 hours', () => {
    expect(planThumbnails(7, 640, 360)).toEqual({ intervalSeconds: 1, count: 7, tileWidth: 160, tileHeight: 90, columns: 7, rows: 1, sheets: 1 });
    const long = planThumbnails(4 * 3600, 1920, 1080);
    expect(long.count).toBeLessThanOrEqual(300);
    expect(long).toMatchObject({ intervalSeconds: 60, columns: 10, rows: 10, sheets: 3 });
    expect(planThumbnails(10, 1080, 1920)).toMatchObject({ tileWidth: 90, tileHeight: 160 });
  });

  it('writes a WebVTT track whose cues tile the whole duration with xywh fragments', () => {
    const plan = planThumbnails(1000, 640, 360);
    expect(plan).toMatchObject({ intervalSeconds: 5, count: 200, columns: 10, rows: 10, sheets: 2 });
    const vtt = renderThumbnailsVtt(plan, 998.5);
    expect(vtt.startsWith('WEBVTT\n')).toBe(true);
    expect(vtt).toContain('00:00:00.000 --> 00:00:05.000\nsprite-000.jpg#xywh=0,0,160,90');
    expect(vtt).toContain('00:00:50.000 --> 00:00:55.000\nsprite-000.jpg#xywh=0,90,160,90');
    expect(vtt).toContain('00:08:20.000 --> 00:08:25.000\nsprite-001.jpg#xywh=0,0,160,90');
    // The last cue ends with the video.
    expect(vtt.trim().split('\n').slice(-2)).toEqual(['00:16:35.000 --> 00:16:38.500', 'sprite-001.jpg#xywh=1440,810,160,90']);
    // Only the sheets that were written get cues.
    expect(renderThumbnailsVtt(plan, 998.5, 1)).not.toContain('sprite-001');
    expect(vttTime(3661.5)).toBe('01:01:01.500');
  });

  it('builds one ffmpeg run: renditions first as VOD fMP4 HLS, then the sprite sheets and the poster', () => {
    const facts = { container: 'mov', durationSeconds: 7, sizeBytes: 1, video: { index: 0, codec: 'h264', width: 640, height: 360, fps: 30 }, audio: { index: 1, codec: 'aac', channels: 2 } };
    const renditions = planRenditions(DEFAULT_LADDER, 640, 360);
    const input = { sourcePath: '/in/src', facts, outputDir: '/out', renditions, segmentSeconds: 2, fps: 30, encoder: x264Encoder, thumbnails: planThumbnails(7, 640, 360) };
    const args = buildVodArgs(input);
    expect(args.slice(args.indexOf('-i'), args.indexOf('-i') + 2)).toEqual(['-i', 'file:/in/src']);
    expect(vodFilterGraph(input)).toBe(
      '[0:0]yadif=deint=interlaced,fps=30,split=3[s0][st][sp];[s0]scale=640:360:flags=bicubic,setsar=1,format=yuv420p[v0];' +
        '[st]fps=1/1,scale=160:90:out_range=full,setsar=1,format=yuv420p,tile=7x1[sprite];' +
        '[sp]trim=start=0.7,trim=end_frame=1,scale=640:360:out_range=full,setsar=1,format=yuv420p[poster]',
    );
    const at = (flag: string, from = 0) => args[args.indexOf(flag, from) + 1];
    expect(at('-map')).toBe('[v0]');
    expect(args).toContain('0:1');
    expect(at('-hls_playlist_type')).toBe('vod');
    expect(at('-hls_segment_type')).toBe('fmp4');
    expect(at('-g')).toBe('60');
    expect(at('-b:a')).toBe('64k');
    expect(args.at(-1)).toBe('/out/poster.jpg');
    expect(args).toContain('/out/sprite-%03d.jpg');
    expect(args).toContain('/out/360p/index.m3u8');
    expect(args.filter((a) => a === '-map_metadata')).toHaveLength(3);
  });

  it('reads the frame count from -progress output', () => {
    expect(progressFrame('frame=120')).toBe(120);
    expect(progressFrame('out_time_us=100')).toBeUndefined();
  });
});
