import fs from 'node:fs/promises';
import path from 'node:path';
import { InvalidStateError, NotFoundError, type BatchHandler } from '@yunzhan/shared';
import { runFfmpegCommand } from '../ffmpeg/ffmpeg-command';

/** File name of a live's recording inside its stream folder (served as `/hls/<streamId>/recording.mp4`). */
export const RECORDING_FILE = 'recording.mp4';

/** What `recording-publish` returns. */
export interface RecordingResult {
  /** Path relative to the stream folder. */
  file: string;
  /** Sum of the recorded segments' durations, in seconds. */
  durationSeconds: number;
  bytes: number;
  /** ffmpeg runs the live went through (1 + restarts and reconnects). */
  runs: number;
}

/** One uninterrupted stretch of a media playlist: its init segment and media segments. */
export interface PlaylistRun {
  map: string;
  segments: { uri: string; duration: number }[];
}

/** Splits a finished fMP4 media playlist at each EXT-X-DISCONTINUITY / EXT-X-MAP change. */
export function parseRuns(playlist: string): PlaylistRun[] {
  const runs: PlaylistRun[] = [];
  let map: string | undefined;
  let current: PlaylistRun | undefined;
  let pendingDuration: number | undefined;
  for (const raw of playlist.split('\n')) {
    const line = raw.trim();
    if (line === '#EXT-X-DISCONTINUITY') current = undefined;
    else if (line.startsWith('#EXT-X-MAP:')) {
      const uri = /URI="([^"]+)"/.exec(line)?.[1];
      if (!uri) throw new InvalidStateError('EXT-X-MAP without URI');
      if (uri !== map) current = undefined;
      map = uri;
    } else if (line.startsWith('#EXTINF:')) pendingDuration = Number.parseFloat(line.slice(8));
    else if (line && !line.startsWith('#')) {
      if (!map || pendingDuration === undefined) throw new InvalidStateError(`Segment ${line} has no EXT-X-MAP or EXTINF`);
      if (!current) {
        current = { map, segments: [] };
        runs.push(current);
      }
      current.segments.push({ uri: line, duration: pendingDuration });
      pendingDuration = undefined;
    }
  }
  return runs;
}

/** URI of the variant with the highest BANDWIDTH in a master playlist. */
export function topVariant(master: string): string {
  const lines = master.split('\n').map((l) => l.trim());
  let best: { uri: string; bandwidth: number } | undefined;
  lines.forEach((line, i) => {
    if (!line.startsWith('#EXT-X-STREAM-INF:')) return;
    const bandwidth = Number(/[:,]BANDWIDTH=(\d+)/.exec(line)?.[1] ?? 0);
    const uri = lines.slice(i + 1).find((l) => l && !l.startsWith('#'));
    if (uri && (!best || bandwidth > best.bandwidth)) best = { uri, bandwidth };
  });
  if (!best) throw new InvalidStateError('The master playlist lists no variant');
  return best.uri;
}

const vodPlaylist = (run: PlaylistRun) =>
  [
    '#EXTM3U',
    '#EXT-X-VERSION:7',
    `#EXT-X-TARGETDURATION:${Math.ceil(Math.max(...run.segments.map((s) => s.duration)))}`,
    '#EXT-X-PLAYLIST-TYPE:VOD',
    `#EXT-X-MAP:URI="${run.map}"`,
    ...run.segments.flatMap((s) => [`#EXTINF:${s.duration.toFixed(3)},`, s.uri]),
    '#EXT-X-ENDLIST',
    '',
  ].join('\n');

/**
 * `recording-publish`: turns a finished live into one MP4 without re-encoding. The top rendition's
 * segments are remuxed run by run (each ffmpeg run has its own timeline and init segment), then
 * the runs are joined with the concat demuxer, which lays them end to end. The file appears
 * atomically; the scratch files live in a dot folder the HLS route never serves.
 */
export const publishRecording: BatchHandler<'recording-publish'> = async (payload, ctx): Promise<RecordingResult> => {
  const { streamDir } = payload;
  const master = await fs.readFile(path.join(streamDir, 'master.m3u8'), 'utf8').catch(() => {
    throw new NotFoundError(`Stream ${payload.streamId}`);
  });
  const mediaPath = path.join(streamDir, topVariant(master));
  const mediaDir = path.dirname(mediaPath);
  const playlist = await fs.readFile(mediaPath, 'utf8');
  if (!playlist.includes('#EXT-X-ENDLIST')) throw new InvalidStateError('The live has not ended yet');
  const runs = parseRuns(playlist);
  if (runs.length === 0) throw new InvalidStateError('The live has no segments');
  const total = runs.reduce((sum, r) => sum + r.segments.reduce((a, s) => a + s.duration, 0), 0);

  const scratch = path.join(streamDir, '.recording');
  await fs.rm(scratch, { recursive: true, force: true });
  await fs.mkdir(scratch, { recursive: true });
  const final = path.join(streamDir, RECORDING_FILE);
  try {
    const parts: string[] = [];
    let done = 0;
    for (const [i, run] of runs.entries()) {
      // The run playlist sits beside the segments so their relative URIs resolve.
      const runPlaylist = path.join(mediaDir, `.recording-run-${i}.m3u8`);
      await fs.writeFile(runPlaylist, vodPlaylist(run));
      const part = path.join(scratch, `run-${i}.mp4`);
      const runSeconds = run.segments.reduce((a, s) => a + s.duration, 0);
      try {
        await runFfmpegCommand((c) => c.input(runPlaylist).outputOptions('-map', '0', '-c', 'copy').output(part), {
          signal: ctx.signal,
          durationSeconds: runSeconds,
          // Remuxing is ~all of the work; the join at the end is a cheap copy.
          onProgress: (p) => ctx.progress(((done + (runSeconds * p) / 100) / total) * 95),
        });
      } finally {
        await fs.rm(runPlaylist, { force: true });
      }
      done += runSeconds;
      parts.push(part);
    }
    const list = path.join(scratch, 'parts.txt');
    await fs.writeFile(list, parts.map((p) => `file '${p.replace(/'/g, "'\\''")}'`).join('\n') + '\n');
    const tmp = path.join(scratch, RECORDING_FILE);
    await runFfmpegCommand(
      (c) => c.input(list).inputOptions('-f', 'concat', '-safe', '0').outputOptions('-map', '0', '-c', 'copy', '-movflags', '+faststart').output(tmp),
      { signal: ctx.signal },
    );
    await fs.rename(tmp, final);
    ctx.progress(100);
    return { file: RECORDING_FILE, durationSeconds: Number(total.toFixed(3)), bytes: (await fs.stat(final)).size, runs: runs.length };
  } finally {
    await fs.rm(scratch, { recursive: true, force: true });
  }
};
