import { levelFor, rateArgs, type VideoEncoder, type VideoEncodeSettings } from './video-encoder';

/** libx264: the default encoder, always available in Debian's ffmpeg. */
export const x264Encoder: VideoEncoder = {
  name: 'x264',
  ffmpegEncoder: 'libx264',
  buildArgs(s: VideoEncodeSettings): string[] {
    const [bitrate, maxrate, bufsize] = rateArgs(s);
    return [
      '-c:v', 'libx264',
      '-preset', s.speed === 'fastest' ? 'ultrafast' : 'veryfast',
      // No lookahead, no B-frames, no frame-threading delay: each frame leaves as soon as it is in.
      '-tune', 'zerolatency',
      '-profile:v', s.profile,
      '-level:v', levelFor(s),
      '-pix_fmt', 'yuv420p',
      '-b:v', bitrate,
      '-maxrate', maxrate,
      '-bufsize', bufsize,
      // Fixed GOP: every rendition's encoder sees the same frames, so key frames (and segment
      // boundaries) line up across the ladder.
      '-g', String(s.gopFrames),
      '-keyint_min', String(s.gopFrames),
      '-sc_threshold', '0',
      '-bf', '0',
      '-x264-params', 'scenecut=0:open-gop=0',
    ];
  },
};
