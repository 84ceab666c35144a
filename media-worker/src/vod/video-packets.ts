import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { trackChildProcess } from '../ffmpeg/process-registry';
import { defaultFfprobePath } from './probe-upload';

// What the passthrough decision needs from a source's video packets: where its key frames are,
// its real bitrate and its first decode timestamp. ffprobe only demuxes (nothing is decoded), one
// short line per packet, read as a stream so that a 4-hour file never sits in memory as text.

/** Times in seconds are on ffmpeg's timeline: the file's `start_time` is zero. */
export interface VideoPacketSummary {
  /** Packets read. */
  packets: number;
  /** Presentation times of the packets flagged key (K), ascending. */
  keyFrameTimes: number[];
  /** The first packet in decode order is a key frame. */
  startsWithKeyFrame: boolean;
  /** Decode time of the first packet (negative with B-frames: decoding starts before presentation). */
  firstDts: number;
  /** Earliest presentation time. */
  firstPts: number;
  /** Latest presentation time (the start of the last frame). */
  lastPts: number;
  /** Sum of the packet sizes in bytes. */
  totalBytes: number;
}

/** Adds up ffprobe's `-show_entries packet=pts_time,dts_time,size,flags -of compact=p=0` lines. Pure. */
export class VideoPacketTally {
  private packets = 0;
  private readonly keys: number[] = [];
  private firstIsKey = false;
  private firstDts: number | undefined;
  private minPts = Infinity;
  private maxPts = -Infinity;
  private bytes = 0;

  /** `startTime`: the file's `start_time` in seconds, subtracted from every timestamp. */
  constructor(private readonly startTime = 0) {}

  /** Reads one line, e.g. `pts_time=2.000000|dts_time=1.933333|size=16678|flags=K_`; others are ignored. */
  add(line: string): void {
    const fields = new Map(line.trim().split('|').map((kv) => kv.split('=', 2) as [string, string]));
    const pts = Number(fields.get('pts_time') ?? NaN);
    const dts = Number(fields.get('dts_time') ?? NaN);
    const size = Number(fields.get('size') ?? NaN);
    const flags = fields.get('flags');
    if (flags === undefined || !Number.isFinite(size)) return;
    const key = flags.includes('K');
    if (this.packets === 0) this.firstIsKey = key;
    this.packets++;
    this.bytes += size;
    if (this.firstDts === undefined && Number.isFinite(dts)) this.firstDts = dts - this.startTime;
    if (!Number.isFinite(pts)) return;
    const t = pts - this.startTime;
    this.minPts = Math.min(this.minPts, t);
    this.maxPts = Math.max(this.maxPts, t);
    if (key) this.keys.push(t);
  }

  /** What was read; undefined when no packet had a timestamp. */
  summary(): VideoPacketSummary | undefined {
    if (this.packets === 0 || !Number.isFinite(this.minPts)) return undefined;
    return {
      packets: this.packets,
      keyFrameTimes: [...this.keys].sort((a, b) => a - b),
      startsWithKeyFrame: this.firstIsKey,
      firstDts: this.firstDts ?? this.minPts,
      firstPts: this.minPts,
      lastPts: this.maxPts,
      totalBytes: this.bytes,
    };
  }
}

/** The longest stretch without a key frame, the one from the last key frame to the end (`lastPts` + a frame) included. */
export function maxKeyFrameInterval(summary: VideoPacketSummary, fps: number): number | undefined {
  const times = summary.keyFrameTimes;
  if (times.length === 0) return undefined;
  const end = summary.lastPts + 1 / fps;
  let longest = end - times.at(-1)!;
  for (let i = 1; i < times.length; i++) longest = Math.max(longest, times[i]! - times[i - 1]!);
  return longest;
}

/** Average bitrate in kbit/s over the presented duration (first to last frame, plus one frame). */
export function averageKbps(summary: VideoPacketSummary, fps: number): number | undefined {
  const seconds = summary.lastPts - summary.firstPts + 1 / fps;
  return seconds > 0 ? (summary.totalBytes * 8) / 1000 / seconds : undefined;
}

/** Options of `scanVideoPackets`. */
export interface ScanVideoPacketsOptions {
  /** ffprobe binary. Default `defaultFfprobePath()`. */
  ffprobePath?: string;
  /** The file's `start_time` in seconds. Default 0. */
  startTime?: number;
  /** Give up after this many ms. Default 120000. */
  timeoutMs?: number;
  /** Aborting kills ffprobe and rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Reads the packets of stream `streamIndex` of `file` with ffprobe (demuxing only) and sums them up. */
export function scanVideoPackets(file: string, streamIndex: number, options: ScanVideoPacketsOptions = {}): Promise<VideoPacketSummary> {
  const args = [
    '-hide_banner', '-v', 'error',
    '-select_streams', String(streamIndex),
    '-show_entries', 'packet=pts_time,dts_time,size,flags',
    '-of', 'compact=p=0',
    `file:${path.resolve(file)}`,
  ];
  return new Promise((resolve, reject) => {
    options.signal?.throwIfAborted();
    const child = spawn(options.ffprobePath ?? defaultFfprobePath(), args, { stdio: ['ignore', 'pipe', 'pipe'] });
    trackChildProcess(child);
    const tally = new VideoPacketTally(options.startTime ?? 0);
    let stderr = '';
    let failure: unknown;
    const fail = (err: unknown) => {
      failure ??= err;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => fail(new Error('ffprobe timed out reading the video packets')), options.timeoutMs ?? 120_000);
    const onAbort = () => fail(options.signal!.reason);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-2000);
    });
    readline.createInterface({ input: child.stdout }).on('line', (line) => tally.add(line));
    child.on('error', fail);
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      const summary = tally.summary();
      if (failure !== undefined) reject(failure);
      else if (code !== 0) reject(new Error(`ffprobe could not read the video packets (exit ${code}): ${stderr.trim().split('\n').at(-1) ?? ''}`));
      else if (!summary) reject(new Error('ffprobe found no video packet with a timestamp'));
      else resolve(summary);
    });
  });
}
