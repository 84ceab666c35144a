import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VIDEO_ENCODERS, buildLiveLadderArgs, buildRehearsalArgs } from '@yunzhan/media-worker';
import { DEFAULT_LADDER, buildReceiverSdp } from '@yunzhan/shared';
import { CpuMeter } from './proc';

/** The same ladder as a live, run by bare ffmpeg straight from an RTP sender (no SFU, no relay). */
export interface BareLadderResult {
  seconds: number;
  /** Percent of one core used by the bare ladder ffmpeg. */
  ladderCpu: number;
  /** Bytes of CMAF it wrote to the top rendition's pipe over the window. */
  topRenditionBytes: number;
}

/**
 * Runs the rehearsal source's ffmpeg arguments sending RTP straight to a bare ffmpeg that runs the
 * live ladder's own arguments (buildLiveLadderArgs), and meters the bare ladder's CPU. This is
 * what the ladder costs with nothing of ours in the way; the ratio against the real pipeline is
 * our overhead.
 */
export async function measureBareLadder(seconds: number, log: (s: string) => void): Promise<BareLadderResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-bare-'));
  const [vPort, aPort] = [45100, 45102];
  const sdpPath = path.join(dir, 'in.sdp');
  fs.writeFileSync(
    sdpPath,
    buildReceiverSdp([
      { kind: 'video', port: vPort, payloadType: 102, codec: 'H264', clockRate: 90000, fmtp: 'packetization-mode=1;profile-level-id=42e01f' },
      { kind: 'audio', port: aPort, payloadType: 111, codec: 'opus', clockRate: 48000, channels: 2 },
    ]),
  );
  const ladderArgs = buildLiveLadderArgs({
    sdpPath,
    renditions: DEFAULT_LADDER,
    segmentSeconds: 2,
    encoder: VIDEO_ENCODERS.x264,
    hasAudio: true,
  });
  const senderArgs = buildRehearsalArgs({
    payload: {
      eventId: 'bench',
      fps: 30,
      video: { ip: '127.0.0.1', port: vPort, rtcpPort: vPort + 1, payloadType: 102, ssrc: 1 },
      audio: { ip: '127.0.0.1', port: aPort, rtcpPort: aPort + 1, payloadType: 111, ssrc: 2 },
    },
    encoder: VIDEO_ENCODERS.x264,
  });
  // One CMAF pipe per rendition (pipe:3 onwards), drained and counted, as the packager would.
  const pipes = DEFAULT_LADDER.map(() => 'pipe' as const);
  const ladder = spawn('ffmpeg', ladderArgs, { stdio: ['pipe', 'ignore', 'ignore', ...pipes] });
  let topBytes = 0;
  DEFAULT_LADDER.forEach((_, i) => {
    const out = ladder.stdio[3 + i] as NodeJS.ReadableStream;
    out.on('data', (chunk: Buffer) => {
      if (i === 0) topBytes += chunk.length;
    });
  });
  await new Promise((r) => setTimeout(r, 1000));
  const sender = spawn('ffmpeg', senderArgs, { stdio: ['ignore', 'ignore', 'ignore'] });
  try {
    log('  bare ffmpeg ladder: warming up 8 s...');
    await new Promise((r) => setTimeout(r, 8000));
    const meter = new CpuMeter(() => [ladder.pid!]);
    meter.begin();
    const bytesBefore = topBytes;
    log(`  metering for ${seconds} s...`);
    await new Promise((r) => setTimeout(r, seconds * 1000));
    const ladderCpu = meter.end();
    const topRenditionBytes = topBytes - bytesBefore;
    if (topRenditionBytes < seconds * 50_000) throw new Error(`bare ladder wrote only ${topRenditionBytes} bytes of CMAF`);
    return { seconds, ladderCpu, topRenditionBytes };
  } finally {
    sender.kill('SIGKILL');
    ladder.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
