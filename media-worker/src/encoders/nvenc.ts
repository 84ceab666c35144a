import { levelFor, rateArgs, type VideoEncoder, type VideoEncodeSettings } from './video-encoder';

/** NVIDIA NVENC (h264_nvenc): used only when ffmpeg lists it, a GPU device exists and a trial encode works. */
export const nvencEncoder: VideoEncoder = {
  name: 'h264_nvenc',
  ffmpegEncoder: 'h264_nvenc',
  buildArgs(s: VideoEncodeSettings): string[] {
    const [bitrate, maxrate, bufsize] = rateArgs(s);
    return [
      '-c:v', 'h264_nvenc',
      '-preset', s.speed === 'fastest' ? 'p1' : 'p4',
      '-tune', 'll',
      '-zerolatency', '1',
      '-profile:v', s.profile,
      '-level:v', levelFor(s),
      '-pix_fmt', 'yuv420p',
      '-rc', 'cbr',
      '-b:v', bitrate,
      '-maxrate', maxrate,
      '-bufsize', bufsize,
      '-g', String(s.gopFrames),
      '-keyint_min', String(s.gopFrames),
      '-bf', '0',
      '-no-scenecut', '1',
      '-forced-idr', '1',
    ];
  },
};
