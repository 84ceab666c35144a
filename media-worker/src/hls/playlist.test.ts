import { describe, expect, it } from 'vitest';
import { parseMediaPlaylist, renderMasterPlaylist, renderMediaPlaylist, renditionBandwidth, targetDuration, type PublicSegment } from './playlist';

const t0 = Date.parse('2026-01-02T03:04:05.678Z');
const seg = (uri: string, duration: number, offsetMs: number, map: string, discontinuity = false): PublicSegment => ({
  uri,
  duration,
  programDateTimeMs: t0 + offsetMs,
  map,
  discontinuity,
});

// Two runs: the first crashed after two segments, the second started 2.5 s later.
const segments = [
  seg('a-r1-00000.m4s', 2, 0, 'a-r1-init.mp4'),
  seg('a-r1-00001.m4s', 2, 2000, 'a-r1-init.mp4'),
  seg('a-r2-00000.m4s', 2, 6500, 'a-r2-init.mp4', true),
  seg('a-r2-00001.m4s', 1.467, 8500, 'a-r2-init.mp4'),
];

const tags = (text: string, tag: string) => text.split('\n').filter((l) => l.startsWith(tag));

describe('media playlist', () => {
  const live = renderMediaPlaylist({ segments, segmentSeconds: 2, ended: false });
  const ended = renderMediaPlaylist({ segments, segmentSeconds: 2, ended: true });

  it('is an fMP4 EVENT playlist with independent segments that starts at sequence 0', () => {
    expect(live.split('\n').slice(0, 6)).toEqual([
      '#EXTM3U',
      '#EXT-X-VERSION:7',
      '#EXT-X-TARGETDURATION:2',
      '#EXT-X-MEDIA-SEQUENCE:0',
      '#EXT-X-PLAYLIST-TYPE:EVENT',
      '#EXT-X-INDEPENDENT-SEGMENTS',
    ]);
  });

  it('has a target duration no smaller than any rounded EXTINF', () => {
    for (const text of [live, renderMediaPlaylist({ segments: [...segments, seg('x.m4s', 2.6, 10000, 'a-r2-init.mp4')], segmentSeconds: 2, ended: false })]) {
      const target = Number(tags(text, '#EXT-X-TARGETDURATION:')[0]!.split(':')[1]);
      for (const extinf of tags(text, '#EXTINF:')) expect(Math.round(Number(extinf.slice(8, -1)))).toBeLessThanOrEqual(target);
    }
    expect(targetDuration([], 2)).toBe(2);
    expect(targetDuration([], 1.5)).toBe(2);
    expect(targetDuration([seg('x', 2.6, 0, 'm')], 2)).toBe(3);
  });

  it('puts a DISCONTINUITY and the new run’s MAP before the first segment after a restart', () => {
    const lines = live.split('\n');
    const i = lines.indexOf('a-r2-00000.m4s');
    expect(lines.slice(i - 4, i + 1)).toEqual([
      '#EXT-X-DISCONTINUITY',
      '#EXT-X-MAP:URI="a-r2-init.mp4"',
      '#EXT-X-PROGRAM-DATE-TIME:2026-01-02T03:04:12.178Z',
      '#EXTINF:2.000,',
      'a-r2-00000.m4s',
    ]);
    expect(tags(live, '#EXT-X-MAP')).toEqual(['#EXT-X-MAP:URI="a-r1-init.mp4"', '#EXT-X-MAP:URI="a-r2-init.mp4"']);
    expect(tags(live, '#EXT-X-DISCONTINUITY')).toHaveLength(1);
  });

  it('gives every segment a millisecond PROGRAM-DATE-TIME, never going backwards', () => {
    const pdts = tags(live, '#EXT-X-PROGRAM-DATE-TIME:').map((l) => l.slice('#EXT-X-PROGRAM-DATE-TIME:'.length));
    expect(pdts).toHaveLength(segments.length);
    for (const p of pdts) expect(p).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const ms = pdts.map((p) => Date.parse(p));
    for (let i = 1; i < ms.length; i++) expect(ms[i]).toBeGreaterThanOrEqual(ms[i - 1]!);
    expect(ms[0]).toBe(t0);
  });

  it('ends with ENDLIST only once the live has ended', () => {
    expect(live).not.toContain('#EXT-X-ENDLIST');
    expect(ended.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
  });

  it('reads back what ffmpeg writes: map, EXTINF and URIs, ENDLIST', () => {
    const ffmpegText = '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:EVENT\n#EXT-X-MAP:URI="a-r1-init.mp4"\n#EXTINF:2.000000,\na-r1-00000.m4s\n#EXTINF:1.533333,\na-r1-00001.m4s\n#EXT-X-ENDLIST\n';
    expect(parseMediaPlaylist(ffmpegText)).toEqual({
      map: 'a-r1-init.mp4',
      segments: [
        { uri: 'a-r1-00000.m4s', duration: 2 },
        { uri: 'a-r1-00001.m4s', duration: 1.533333 },
      ],
      ended: true,
    });
    expect(parseMediaPlaylist(renderMediaPlaylist({ segments, segmentSeconds: 2, ended: false })).segments.map((s) => s.uri)).toEqual(segments.map((s) => s.uri));
  });
});

describe('master playlist', () => {
  it('lists each rendition with BANDWIDTH, AVERAGE-BANDWIDTH, RESOLUTION, FRAME-RATE and CODECS', () => {
    const text = renderMasterPlaylist([
      { uri: '720p/index.m3u8', bandwidth: 3_000_000, averageBandwidth: 2_700_000, width: 1280, height: 720, frameRate: 30, codecs: ['avc1.64001f', 'mp4a.40.2'] },
      { uri: '360p/index.m3u8', bandwidth: 900_000, averageBandwidth: 800_000, width: 640, height: 360, frameRate: 30, codecs: ['avc1.64001e', 'mp4a.40.2'] },
    ]);
    expect(text).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:7',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXT-X-STREAM-INF:BANDWIDTH=3000000,AVERAGE-BANDWIDTH=2700000,RESOLUTION=1280x720,FRAME-RATE=30.000,CODECS="avc1.64001f,mp4a.40.2"',
        '720p/index.m3u8',
        '#EXT-X-STREAM-INF:BANDWIDTH=900000,AVERAGE-BANDWIDTH=800000,RESOLUTION=640x360,FRAME-RATE=30.000,CODECS="avc1.64001e,mp4a.40.2"',
        '360p/index.m3u8',
        '',
      ].join('\n'),
    );
  });

  it('bounds the peak bandwidth by the VBV model and adds container overhead', () => {
    const r = { name: '720p', width: 1280, height: 720, videoKbps: 2500, audioKbps: 128 };
    // peak video = 2500 * (1 + 1/2) kbit/s; +128 audio; +5 %.
    expect(renditionBandwidth(r, 2)).toEqual({ bandwidth: Math.round((3750 + 128) * 1000 * 1.05), averageBandwidth: Math.round(2628 * 1000 * 1.05) });
  });
});
