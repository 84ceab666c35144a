import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobEvent, JobHandle, JobRunner, LiveInputStream, Rendition } from '@yunzhan/shared';
import type { FfmpegProcess } from '../ffmpeg/ffmpeg-process';
import { createJobRunner } from '../jobs/job-runner';
import { isAlive, processesMatching, programDateTimes, readIfExists, startRtpSender, waitFor } from './test-support';

// Small renditions keep the CPU modest; the 3-rung default ladder runs in the server's e2e test.
const RENDITIONS: Rendition[] = [
  { name: '180p', width: 320, height: 180, videoKbps: 250, audioKbps: 64 },
  { name: '144p', width: 256, height: 144, videoKbps: 150, audioKbps: 48 },
];
const VIDEO = { payloadType: 96, ssrc: 1111 };
const AUDIO = { payloadType: 111, ssrc: 2222 };

let root: string;
let runner: JobRunner;
const senders: FfmpegProcess[] = [];

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-ladder-'));
  runner = createJobRunner({ logger: pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }), restartDelayMs: 300, videoEncoder: 'x264', mediaDir: root });
});

afterAll(async () => {
  await Promise.all(senders.map((s) => s.kill()));
  await runner.close();
  fs.rmSync(root, { recursive: true, force: true });
});

async function dispatchLadder(name: string, withAudio = true): Promise<{ job: JobHandle; events: JobEvent[]; outputDir: string; ports: { video: number; audio: number } }> {
  const outputDir = path.join(root, 'hls', name);
  const input: LiveInputStream[] = [
    { kind: 'video', payloadType: VIDEO.payloadType, codec: 'VP8', clockRate: 90000, ssrc: VIDEO.ssrc },
    ...(withAudio ? [{ kind: 'audio' as const, payloadType: AUDIO.payloadType, codec: 'opus', clockRate: 48000, channels: 2, ssrc: AUDIO.ssrc }] : []),
  ];
  const job = runner.dispatch({ type: 'live-ladder', payload: { streamId: name, eventId: 'ev', input, renditions: RENDITIONS, segmentSeconds: 2 } });
  const events: JobEvent[] = [];
  job.onEvent((e) => events.push(e));
  // The job chooses its input ports and says where the SFU must send.
  const listening = await new Promise<Extract<JobEvent, { type: 'rtp-listening' }>>((resolve) => {
    const off = job.onEvent((e) => {
      if (e.type !== 'rtp-listening') return;
      off();
      resolve(e);
    });
  });
  expect(listening.address).toBe('127.0.0.1');
  expect(listening.ports).toHaveLength(input.length);
  return { job, events, outputDir, ports: { video: listening.ports[0]!.rtp, audio: listening.ports[1]?.rtp ?? 0 } };
}

describe('live-ladder job with real ffmpeg', () => {
  it('turns VP8+Opus RTP into an fMP4 ladder, survives a SIGKILL and ends with ENDLIST and no ffmpeg left', async () => {
    const { job, events, outputDir, ports } = await dispatchLadder('main');
    const pids = new Set<number>();
    // Each newly listed segment must have been captured before it was published.
    const published = new Map<string, number>();
    const latePdts: string[] = [];
    const mediaPath = path.join(outputDir, RENDITIONS[0]!.name, 'index.m3u8');
    // The first run may be listening already: its sender starts now or on its input-ready.
    const startSender = () => senders.push(startRtpSender({ video: { port: ports.video, ...VIDEO }, audio: { port: ports.audio, ...AUDIO } }));
    if (events.some((e) => e.type === 'input-ready')) startSender();
    job.onEvent((e) => {
      if (job.pid) pids.add(job.pid);
      if (e.type === 'input-ready' && senders.length === 0) startSender();
      if (e.type === 'progress') {
        const now = Date.now();
        const text = readIfExists(mediaPath) ?? '';
        for (const m of text.matchAll(/#EXT-X-PROGRAM-DATE-TIME:(\S+)\n#EXTINF:([\d.]+),\n(\S+)/g)) {
          if (published.has(m[3]!)) continue;
          published.set(m[3]!, now);
          if (Date.parse(m[1]!) + Number(m[2]) * 1000 > now) latePdts.push(`${m[3]} ends at ${m[1]}+${m[2]}s, published ${new Date(now).toISOString()}`);
        }
      }
    });

    await waitFor(() => events.some((e) => e.type === 'progress' && (e.segments ?? 0) >= 2), 30_000, 'two segments');
    expect(events.find((e) => e.type === 'input-ready')).toEqual({ type: 'input-ready', attempt: 1 });
    expect(events.filter((e) => e.type === 'state').map((e) => e.type === 'state' && e.state)).toEqual(['starting', 'running']);

    // Master: every rendition with BANDWIDTH, RESOLUTION, real CODECS and FRAME-RATE.
    const master = readIfExists(path.join(outputDir, 'master.m3u8'))!;
    const variants = master.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF:'));
    expect(variants).toHaveLength(RENDITIONS.length);
    RENDITIONS.forEach((r, i) => {
      expect(variants[i]).toMatch(/BANDWIDTH=\d+/);
      expect(variants[i]).toContain(`RESOLUTION=${r.width}x${r.height}`);
      expect(variants[i]).toMatch(/CODECS="avc1\.64[0-9a-f]{4},mp4a\.40\.2"/);
      expect(variants[i]).toContain('FRAME-RATE=30.000');
      expect(master).toContain(`${r.name}/index.m3u8`);
    });

    // Media playlists: fMP4 EVENT with a MAP and a capture time per segment, recent and not in the future.
    for (const r of RENDITIONS) {
      const media = readIfExists(path.join(outputDir, r.name, 'index.m3u8'))!;
      expect(media).toContain('#EXT-X-PLAYLIST-TYPE:EVENT');
      expect(media).toMatch(/#EXT-X-MAP:URI="[\w-]+-r1-init\.mp4"/);
      expect(media).not.toContain('#EXT-X-ENDLIST');
      const pdts = programDateTimes(media);
      expect(pdts.length).toBeGreaterThanOrEqual(2);
      expect(pdts.at(-1)!).toBeLessThanOrEqual(Date.now());
      expect(Date.now() - pdts.at(-1)!).toBeLessThan(8000);
    }

    // Kill ffmpeg: crashed, a restart with new ports, and the playlist goes on after a DISCONTINUITY.
    const oldPid = job.pid!;
    process.kill(oldPid, 'SIGKILL');
    const crashed = await waitFor(() => events.find((e) => e.type === 'crashed'), 5000, 'the crash event');
    expect(crashed).toMatchObject({ type: 'crashed', attempt: 1, exitCode: null, signal: 'SIGKILL' });
    await waitFor(() => events.some((e) => e.type === 'input-ready' && e.attempt === 2), 5000, 'the restart');
    expect(job.pid).not.toBe(oldPid);
    for (const r of RENDITIONS) {
      const media = await waitFor(() => {
        const text = readIfExists(path.join(outputDir, r.name, 'index.m3u8'));
        return text && /#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI="[\w-]+-r2-init\.mp4"\n#EXT-X-PROGRAM-DATE-TIME:\S+\n#EXTINF:[\d.]+,\n[\w-]+-r2-00000\.m4s/.test(text) ? text : undefined;
      }, 20_000, `segments after the restart in ${r.name}`);
      // Sequence never goes back: every segment listed once, old run's files untouched, PDT monotonic.
      const uris = media.split('\n').filter((l) => l.endsWith('.m4s'));
      expect(new Set(uris).size).toBe(uris.length);
      expect(uris.filter((u) => u.includes('-r1-')).length).toBeGreaterThanOrEqual(2);
      const pdts = programDateTimes(media);
      for (let i = 1; i < pdts.length; i++) expect(pdts[i]).toBeGreaterThan(pdts[i - 1]!);
    }

    // Stop: ENDLIST in every playlist, nothing of ours left running.
    await job.stop();
    expect(job.state).toBe('completed');
    expect(await job.done).toBe('completed');
    for (const r of RENDITIONS) {
      const media = readIfExists(path.join(outputDir, r.name, 'index.m3u8'))!;
      expect(media.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
      for (const uri of media.split('\n').filter((l) => l.endsWith('.m4s'))) expect(fs.statSync(path.join(outputDir, r.name, uri)).size).toBeGreaterThan(0);
    }
    expect(latePdts).toEqual([]);
    expect(published.size).toBeGreaterThanOrEqual(3);
    for (const pid of pids) expect(isAlive(pid)).toBe(false);
    expect(processesMatching(outputDir)).toEqual([]);
    expect(runner.active()).not.toContain(job);
  }, 60_000);

  it('starts the ladder while audio is still missing, with silence until the audio arrives', async () => {
    const { job, events, outputDir, ports } = await dispatchLadder('late-audio');
    let videoOnly: FfmpegProcess | undefined;
    if (events.some((e) => e.type === 'input-ready')) senders.push((videoOnly = startRtpSender({ video: { port: ports.video, ...VIDEO } })));
    job.onEvent((e) => {
      if (e.type === 'input-ready' && !videoOnly) senders.push((videoOnly = startRtpSender({ video: { port: ports.video, ...VIDEO } })));
    });
    // Segments appear although no audio packet has arrived.
    await waitFor(() => events.some((e) => e.type === 'progress' && (e.segments ?? 0) >= 1), 20_000, 'a segment without audio');
    const master = readIfExists(path.join(outputDir, 'master.m3u8'))!;
    expect(master).toMatch(/CODECS="avc1\.[0-9a-f]{6},mp4a\.40\.2"/);
    // The audio starts late; the ladder keeps going on the same run.
    senders.push(startRtpSender({ audio: { port: ports.audio, ...AUDIO } }));
    const before = events.filter((e) => e.type === 'progress').length;
    await waitFor(() => events.filter((e) => e.type === 'progress').length >= before + 2, 15_000, 'segments with real audio');
    expect(events.some((e) => e.type === 'crashed')).toBe(false);
    await job.stop();
    const media = readIfExists(path.join(outputDir, RENDITIONS[1]!.name, 'index.m3u8'))!;
    expect(media.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
    expect(media).not.toContain('#EXT-X-DISCONTINUITY');
  }, 60_000);
});
