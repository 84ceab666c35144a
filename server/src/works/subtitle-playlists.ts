import { SUBTITLE_NAMES, type SubtitleLang, type SubtitleRef, type VodHlsResult } from '@yunzhan/shared';
import { assetFileUrl } from '../uploads/asset-view';

// The HLS playlists of a video work with subtitles (RFC 8216 §4.4.6.1 EXT-X-MEDIA, §3.5 WebVTT):
// a master listing the asset's renditions (by their /hls/ URLs, so the origin proxy finds them on
// whichever host has them) and one SUBTITLES rendition per language, each a VOD media playlist of
// one segment, the whole WebVTT file. Generated per request from the asset's result and the
// subtitles the caller may see. Pure: tested as data.

/** The GROUP-ID of the subtitle renditions. */
export const SUBTITLE_GROUP = 'subs';

/** The work's own master playlist, relative to the site. */
export const workMasterUrl = (workId: string) => `/api/works/${encodeURIComponent(workId)}/hls/master.m3u8`;

/** The subtitle media playlist of a language, relative to the work's master. */
export const subtitlePlaylistName = (lang: SubtitleLang) => `subs-${lang}.m3u8`;

/** The one segment of a language's playlist: named by the file's hash, so a new file is a new URL. */
export const subtitleSegmentName = (lang: SubtitleLang, ref: SubtitleRef) => `subs-${lang}-${ref.sha256.slice(0, 16)}.vtt`;

/** Quoted-string attribute value: quotes and line breaks cannot occur in it (RFC 8216 §4.2). */
const quoted = (value: string) => `"${value.replace(/["\r\n]/g, '')}"`;

/**
 * The master playlist: the renditions of `result`, in its order, each with `SUBTITLES="subs"`
 * when `langs` is not empty, after an EXT-X-MEDIA line per language (not default, autoselect).
 */
export function renderWorkMaster(assetId: string, result: VodHlsResult, langs: readonly SubtitleLang[]): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS'];
  for (const lang of langs) {
    lines.push(
      `#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="${SUBTITLE_GROUP}",NAME=${quoted(SUBTITLE_NAMES[lang])},LANGUAGE="${lang}",DEFAULT=NO,AUTOSELECT=YES,URI="${subtitlePlaylistName(lang)}"`,
    );
  }
  for (const r of result.renditions) {
    const attributes = [
      `BANDWIDTH=${r.bandwidth}`,
      ...(r.averageBandwidth ? [`AVERAGE-BANDWIDTH=${r.averageBandwidth}`] : []),
      `RESOLUTION=${r.width}x${r.height}`,
      ...(r.codecs.length > 0 ? [`CODECS=${quoted(r.codecs.join(','))}`] : []),
      ...(langs.length > 0 ? [`SUBTITLES="${SUBTITLE_GROUP}"`] : []),
    ];
    lines.push(`#EXT-X-STREAM-INF:${attributes.join(',')}`, assetFileUrl(assetId, r.playlist));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A language's media playlist: one segment (the whole file) as long as the video, TARGETDURATION
 * the video's duration rounded up (at least 1 s), VOD, ended.
 */
export function renderSubtitlePlaylist(durationSeconds: number, segment: string): string {
  const target = Math.max(1, Math.ceil(durationSeconds));
  const duration = durationSeconds > 0 ? durationSeconds : target;
  return [
    '#EXTM3U',
    '#EXT-X-VERSION:3',
    `#EXT-X-TARGETDURATION:${target}`,
    '#EXT-X-MEDIA-SEQUENCE:0',
    '#EXT-X-PLAYLIST-TYPE:VOD',
    `#EXTINF:${duration.toFixed(3)},`,
    segment,
    '#EXT-X-ENDLIST',
    '',
  ].join('\n');
}

/**
 * The segment as served: the stored WebVTT with an X-TIMESTAMP-MAP header. The ladder is fMP4 whose
 * timeline starts at 0 (vod-hls aligns it there), so cue time 0 is media time 0: MPEGTS:0 (as
 * GStreamer's hlswebvttsink writes for fMP4, where PES timestamps do not apply).
 */
export function vttSegment(vtt: string): string {
  return vtt.replace(/^WEBVTT[^\n]*\n/, 'WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n');
}
