import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BatchJobContext } from '@yunzhan/shared';
import { parseRuns, publishRecording, topVariant, type RecordingResult } from './recording-publish';

/** Writes one ffmpeg run of fMP4 HLS (what a live ladder run leaves) and returns its playlist lines. */
function writeRun(dir: string, prefix: string, seconds: number): string[] {
  const priv = path.join(dir, `.${prefix}.m3u8`);
  execFileSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `testsrc2=size=320x180:rate=25:duration=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', '50', '-c:a', 'aac', '-f', 'hls', '-hls_time', '2', '-hls_segment_type', 'fmp4',
    '-hls_playlist_type', 'event', '-hls_fmp4_init_filename', `${prefix}-init.mp4`, '-hls_segment_filename', path.join(dir, `${prefix}-%05d.m4s`), priv,
  ]);
  const lines = fs.readFileSync(priv, 'utf8').split('\n');
  return lines.filter((l, i) => l.startsWith('#EXTINF') || (l && !l.startsWith('#') && lines[i - 1]?.startsWith('#EXTINF')));
}

function makeStream(runs: number[], ended = true): string {
  const streamDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yz-rec-'));
  const dir = path.join(streamDir, '720p');
  fs.mkdirSync(dir);
  const body = runs.flatMap((seconds, i) => [...(i > 0 ? ['#EXT-X-DISCONTINUITY'] : []), `#EXT-X-MAP:URI="r${i}-init.mp4"`, ...writeRun(dir, `r${i}`, seconds)]);
  const media = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-TARGETDURATION:2', '#EXT-X-PLAYLIST-TYPE:EVENT', ...body, ...(ended ? ['#EXT-X-ENDLIST'] : []), ''];
  fs.writeFileSync(path.join(dir, 'index.m3u8'), media.join('\n'));
  fs.writeFileSync(
    path.join(streamDir, 'master.m3u8'),
    '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=300000,RESOLUTION=160x90\nlow/index.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=320x180\n720p/index.m3u8\n',
  );
  return streamDir;
}

const context = (signal = new AbortController().signal) => {
  const progress: number[] = [];
  const ctx: BatchJobContext = { signal, attempt: 1, progress: (p) => progress.push(p) };
  return { ctx, progress };
};

const probe = (file: string) =>
  JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name', '-of', 'json', file], { encoding: 'utf8' })) as {
    format: { duration: string };
    streams: { codec_name: string }[];
  };

describe('recording-publish', () => {
  it('splits a playlist into runs at discontinuities and finds the top variant', () => {
    const runs = parseRuns('#EXTM3U\n#EXT-X-MAP:URI="a.mp4"\n#EXTINF:2,\na1.m4s\n#EXTINF:1.5,\na2.m4s\n#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI="b.mp4"\n#EXTINF:2,\nb1.m4s\n#EXT-X-ENDLIST\n');
    expect(runs).toEqual([
      { map: 'a.mp4', segments: [{ uri: 'a1.m4s', duration: 2 }, { uri: 'a2.m4s', duration: 1.5 }] },
      { map: 'b.mp4', segments: [{ uri: 'b1.m4s', duration: 2 }] },
    ]);
    expect(topVariant('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=10\nlow.m3u8\n#EXT-X-STREAM-INF:AVERAGE-BANDWIDTH=1,BANDWIDTH=99\nhigh.m3u8\n')).toBe('high.m3u8');
  });

  it('joins every run of a finished live into one MP4 without re-encoding', async () => {
    const streamDir = makeStream([4, 3]);
    const { ctx, progress } = context();
    const result = (await publishRecording({ eventId: 'e', streamId: 's', streamDir }, ctx)) as RecordingResult;
    expect(result.runs).toBe(2);
    expect(result.file).toBe('recording.mp4');
    const info = probe(path.join(streamDir, result.file));
    expect(info.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    // Both runs are there, end to end.
    expect(Number(info.format.duration)).toBeGreaterThan(6.5);
    expect(Number(info.format.duration)).toBeLessThan(8);
    expect(progress.at(-1)).toBe(100);
    expect(progress.every((p, i) => i === 0 || p >= progress[i - 1]!)).toBe(true);
    // No scratch files are left beside the HLS output.
    expect(fs.readdirSync(streamDir).sort()).toEqual(['720p', 'master.m3u8', 'recording.mp4']);
    expect(fs.readdirSync(path.join(streamDir, '720p')).filter((f) => f.startsWith('.recording'))).toEqual([]);
  });

  it('refuses a live that has not ended with INVALID_STATE and writes nothing', async () => {
    const streamDir = makeStream([2], false);
    await expect(publishRecording({ eventId: 'e', streamId: 's', streamDir }, context().ctx)).rejects.toMatchObject({ code: 'INVALID_STATE' });
    expect(fs.existsSync(path.join(streamDir, 'recording.mp4'))).toBe(false);
  });

  it('stops when cancelled and leaves no partial recording', async () => {
    const streamDir = makeStream([4]);
    const controller = new AbortController();
    controller.abort(new Error('cancelled'));
    await expect(publishRecording({ eventId: 'e', streamId: 's', streamDir }, context(controller.signal).ctx)).rejects.toThrow('cancelled');
    expect(fs.readdirSync(streamDir).sort()).toEqual(['720p', 'master.m3u8']);
  });
});
