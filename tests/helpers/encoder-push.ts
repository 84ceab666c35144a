import { spawn, type ChildProcess } from 'node:child_process';

/** An ffmpeg encoder pushing to the platform, as OBS or a hardware encoder would. */
export interface EncoderPush {
  child: ChildProcess;
  /** What ffmpeg wrote to stderr so far (the server's refusals show there). */
  stderr: () => string;
  /** Resolves with the exit code. */
  exit: Promise<number | null>;
}

/**
 * Starts ffmpeg pushing a 640x360 test pattern and a tone to `url` until stopped (`q` on stdin
 * ends it cleanly, SIGKILL drops it): x264 and AAC in FLV (RTMP) or MPEG-TS (SRT). `profile`
 * `high` is real H.264 High (veryfast: CABAC, 8x8 transforms), as OBS sends by default;
 * `baseline` is constrained baseline (ultrafast leaves out every High tool). Each child is added
 * to `children` for the test's clean-up.
 */
export function pushWithFfmpeg(url: string, format: 'flv' | 'mpegts', profile: 'baseline' | 'high', children: ChildProcess[]): EncoderPush {
  const child = spawn('ffmpeg', [
    '-hide_banner', '-loglevel', 'info',
    '-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30',
    '-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-c:v', 'libx264', '-preset', profile === 'high' ? 'veryfast' : 'ultrafast', '-tune', 'zerolatency', '-profile:v', profile, '-pix_fmt', 'yuv420p', '-g', '60', '-b:v', '1500k',
    '-c:a', 'aac', '-b:a', '128k',
    '-f', format, url,
  ], { stdio: ['pipe', 'ignore', 'pipe'] });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stderr: () => stderr, exit };
}
