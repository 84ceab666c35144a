// Helpers for the tests that run the real ffmpeg (not part of the public API).
import fs from 'node:fs';
import { FfmpegProcess } from '../ffmpeg/ffmpeg-process';

/** Where a test RTP sender sends each stream. */
export interface SenderTargets {
  video?: { port: number; payloadType: number; ssrc: number };
  audio?: { port: number; payloadType: number; ssrc: number };
}

/**
 * A browser stand-in: ffmpeg's own test pattern (640x360 at 25 fps, VP8, 1 s GOP) and a tone
 * (Opus 48 kHz stereo), sent as RTP in real time to 127.0.0.1 with RTCP on port + 1.
 */
export function startRtpSender(targets: SenderTargets): FfmpegProcess {
  const args = ['-hide_banner', '-nostats', '-loglevel', 'error'];
  if (targets.video) args.push('-re', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25');
  if (targets.audio) args.push('-re', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000');
  const url = (port: number) => `rtp://127.0.0.1:${port}?rtcpport=${port + 1}&pkt_size=1200`;
  if (targets.video) {
    const v = targets.video;
    args.push('-map', '0:v', '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-b:v', '400k', '-g', '25');
    args.push('-ssrc', String(v.ssrc), '-payload_type', String(v.payloadType), '-f', 'rtp', url(v.port));
  }
  if (targets.audio) {
    const a = targets.audio;
    args.push('-map', `${targets.video ? 1 : 0}:a`, '-c:a', 'libopus', '-b:a', '48k', '-ac', '2');
    args.push('-ssrc', String(a.ssrc), '-payload_type', String(a.payloadType), '-f', 'rtp', url(a.port));
  }
  return FfmpegProcess.start({ ffmpegPath: 'ffmpeg', args });
}

/** Polls `check` every 100 ms until it returns something truthy; throws after `ms`. */
export async function waitFor<T>(check: () => T | Promise<T>, ms: number, what: string): Promise<NonNullable<T>> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** File contents, or undefined when it does not exist (yet). */
export function readIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** True while `pid` is a live process (a zombie counts as gone). */
export function isAlive(pid: number): boolean {
  try {
    return !/\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/** Pids of processes whose command line contains `text` (like `pgrep -f`). */
export function processesMatching(text: string): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cmdline = readIfExists(`/proc/${entry}/cmdline`);
    if (cmdline?.split('\0').join(' ').includes(text) && isAlive(Number(entry))) pids.push(Number(entry));
  }
  return pids;
}

/** EXT-X-PROGRAM-DATE-TIME values of a media playlist, in Unix ms. */
export function programDateTimes(playlist: string): number[] {
  return [...playlist.matchAll(/#EXT-X-PROGRAM-DATE-TIME:(\S+)/g)].map((m) => Date.parse(m[1]!));
}
