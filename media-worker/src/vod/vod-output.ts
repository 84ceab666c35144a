import fs from 'node:fs/promises';
import path from 'node:path';
import type { VodRendition } from '@yunzhan/shared';
import { readInitSegment } from '../hls/mp4-boxes';
import { parseMediaPlaylist, renderMasterPlaylist, type VariantModel } from '../hls/playlist';
import { writeFileAtomic } from '../util/atomic-write';
import { INIT_SEGMENT, MEDIA_PLAYLIST, type PlannedRendition } from './vod-ladder-args';

// After the transcode: check what ffmpeg wrote, measure it (BANDWIDTH is the peak segment bit
// rate, AVERAGE-BANDWIDTH the mean), write the master playlist with the codec strings of the real
// init segments, and publish the folder in one rename.

/** Master playlist name in the output folder. */
export const MASTER_PLAYLIST = 'master.m3u8';

/** One checked rendition and its total duration in seconds. */
export interface WrittenRendition {
  rendition: VodRendition;
  durationSeconds: number;
}

/**
 * Reads a rendition ffmpeg wrote under `dir`: its VOD playlist must end (ENDLIST) and list
 * segments, its init segment must have a video track. Throws when something is missing. The
 * video codec string comes from the init segment (for a copied stream: the source's own avcC);
 * `fallbackVideoCodec` only stands in when it cannot be read. Default `avc1.64001f`.
 */
export async function readWrittenRendition(dir: string, planned: PlannedRendition, fallbackVideoCodec = 'avc1.64001f'): Promise<WrittenRendition> {
  const name = planned.rendition.name;
  const text = await fs.readFile(path.join(dir, name, MEDIA_PLAYLIST), 'utf8');
  const playlist = parseMediaPlaylist(text);
  if (!playlist.ended || playlist.segments.length === 0 || !text.includes('#EXT-X-PLAYLIST-TYPE:VOD')) {
    throw new Error(`${name}/${MEDIA_PLAYLIST} is not a finished VOD playlist`);
  }
  const tracks = readInitSegment(await fs.readFile(path.join(dir, name, playlist.map ?? INIT_SEGMENT)));
  const video = tracks.find((t) => t.handler === 'vide');
  if (!video) throw new Error(`${name}/${INIT_SEGMENT} has no video track`);
  const audio = tracks.find((t) => t.handler === 'soun');
  const codecs = [video.codec ?? fallbackVideoCodec, ...(audio ? [audio.codec ?? 'mp4a.40.2'] : [])];
  let totalBits = 0;
  let totalSeconds = 0;
  let peak = 0;
  for (const segment of playlist.segments) {
    const bits = (await fs.stat(path.join(dir, name, segment.uri))).size * 8;
    totalBits += bits;
    totalSeconds += segment.duration;
    // A short last segment says little about the peak; it still counts in the average.
    if (segment.duration >= 0.5) peak = Math.max(peak, bits / segment.duration);
  }
  const average = totalSeconds > 0 ? totalBits / totalSeconds : 0;
  return {
    durationSeconds: totalSeconds,
    rendition: {
      name,
      width: planned.width,
      height: planned.height,
      bandwidth: Math.max(1, Math.round(Math.max(peak, average))),
      averageBandwidth: Math.max(1, Math.round(average)),
      codecs,
      playlist: `${name}/${MEDIA_PLAYLIST}`,
    },
  };
}

/** Writes `master.m3u8` listing the renditions in ladder order. */
export async function writeMasterPlaylist(dir: string, renditions: readonly VodRendition[], fps: number): Promise<void> {
  const variants: VariantModel[] = renditions.map((r) => ({
    uri: r.playlist,
    bandwidth: r.bandwidth,
    averageBandwidth: r.averageBandwidth,
    width: r.width,
    height: r.height,
    frameRate: fps,
    codecs: r.codecs,
  }));
  await writeFileAtomic(path.join(dir, MASTER_PLAYLIST), renderMasterPlaylist(variants));
}

/** Sheets ffmpeg wrote, as `sprite-000.jpg`, … in order. */
export async function listSprites(dir: string): Promise<string[]> {
  const names = await fs.readdir(dir);
  return names.filter((n) => /^sprite-\d{3}\.jpg$/.test(n)).sort();
}

/** Folder name a run writes into before it is published: hidden, and never a valid asset id. */
export function stagingDirOf(outputDir: string, token: string): string {
  return path.join(path.dirname(outputDir), `.${path.basename(outputDir)}.partial-${token}`);
}

/** Removes staging folders that earlier runs for `outputDir` left behind (a crash, a kill). */
export async function removeStaleStaging(outputDir: string): Promise<void> {
  const parent = path.dirname(outputDir);
  const prefix = `.${path.basename(outputDir)}.partial-`;
  const names = await fs.readdir(parent).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.startsWith(prefix)).map((n) => fs.rm(path.join(parent, n), { recursive: true, force: true })));
}

/** Replaces `outputDir` with the finished staging folder (one rename: players never see half of it). */
export async function publishOutput(stagingDir: string, outputDir: string): Promise<void> {
  await fs.rm(outputDir, { recursive: true, force: true });
  await fs.rename(stagingDir, outputDir);
}
