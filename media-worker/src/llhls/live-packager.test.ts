import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CmafStreamReader, readCmafFragment, readCmafHeader, type CmafFragment, type CmafHeader } from './cmaf-reader';
import { LivePackager } from './live-packager';
import { lowLatencyTiming } from './part-timing';
import { checkLowLatencyPlaylist, checkPlaylistUpdate, parsePlaylist } from './playlist-rules';
import { LowLatencyRegistry } from './registry';
import { SegmentCutter } from './segment-cutter';
import { TEST_RENDITIONS, collect, startCmafLadder } from './test-support';

// The ladder's real encoder and CMAF output arguments, fed by ffmpeg's test sources.
let dir: string;
let cmaf: Buffer;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mw-llhls-'));
  const proc = startCmafLadder({ seconds: 7 });
  const [top] = await Promise.all([collect(proc.outputPipes[0]!), collect(proc.outputPipes[1]!)]);
  const exit = await proc.exited;
  if (exit.code !== 0) throw proc.error('test ladder failed');
  cmaf = top;
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Reads a CMAF stream in awkward chunk sizes, as a pipe delivers it. */
function readAll(bytes: Buffer, chunk = 4099): { header: CmafHeader; fragments: CmafFragment[] } {
  const reader = new CmafStreamReader();
  let header: CmafHeader | undefined;
  const fragments: CmafFragment[] = [];
  for (let i = 0; i < bytes.length; i += chunk) {
    for (const item of reader.push(bytes.subarray(i, i + chunk))) {
      if (item.kind === 'header') header = item.header;
      else fragments.push(item.fragment);
    }
  }
  expect(reader.bufferedBytes).toBe(0);
  return { header: header!, fragments };
}

describe('CMAF from the ladder ffmpeg, cut into parts and segments', () => {
  it('is a header with a video and an audio track, then fragments of exactly 10 frames with a key frame every 60', () => {
    const { header, fragments } = readAll(cmaf);
    const video = header.tracks.find((t) => t.handler === 'vide')!;
    expect(header.tracks.map((t) => t.handler).sort()).toEqual(['soun', 'vide']);
    expect(video.codec).toMatch(/^avc1\.64/);
    // At the end of the input ffmpeg flushes the audio it still holds in a fragment of its own.
    expect(fragments.at(-1)!.tracks.map((t) => t.trackId)).not.toContain(video.trackId);
    const v = fragments.slice(0, -1).map((f) => f.tracks.find((t) => t.trackId === video.trackId)!);
    // 7 s at 30 fps = 210 frames in 21 fragments; tfdt keeps the source's timestamps (0.3 s in).
    expect(v.map((t) => t.sampleCount)).toEqual(Array(21).fill(10));
    expect(v.every((t) => t.duration === video.timescale / 3)).toBe(true);
    expect(v[0]!.baseMediaDecodeTime / video.timescale).toBeCloseTo(0.3, 1);
    expect(v.map((t, i) => (t.startsWithSync ? i : -1)).filter((i) => i >= 0)).toEqual([0, 6, 12, 18]);
    for (let i = 1; i < v.length; i++) expect(v[i]!.baseMediaDecodeTime).toBe(v[i - 1]!.baseMediaDecodeTime + v[i - 1]!.duration);
    // Every fragment carries audio too.
    expect(fragments.slice(0, -1).every((f) => f.tracks.some((t) => t.trackId !== video.trackId && t.sampleCount > 0))).toBe(true);
  });

  it('cuts six parts per 2 s segment, independent at each key frame, closing a segment on its last part', () => {
    const { header, fragments } = readAll(cmaf, 977);
    const video = header.tracks.find((t) => t.handler === 'vide')!;
    const cutter = new SegmentCutter(2, 30);
    const decisions = fragments.slice(0, -1).map((f) => {
      const t = f.tracks.find((x) => x.trackId === video.trackId)!;
      return cutter.next({ duration: t.duration / video.timescale, startsWithKeyFrame: t.startsWithSync });
    });
    expect(decisions.map((d) => d.startsSegment)).toEqual(decisions.map((_, i) => i % 6 === 0));
    expect(decisions.map((d) => d.endsSegment)).toEqual(decisions.map((_, i) => i % 6 === 5));
    expect(decisions.map((d) => d.independent)).toEqual(decisions.map((_, i) => i % 6 === 0));
    expect(decisions.some((d) => d.segmentWithoutKeyFrame)).toBe(false);
    // The last 1 s segment is still open at the end of the input; the run's end closes it.
    expect(cutter.segmentOpen).toBe(true);
    expect(cutter.end()).toBe(true);
  });

  it('keeps a stray key frame early in a segment inside it, and starts the next segment even without one', () => {
    const cutter = new SegmentCutter(2, 30);
    const f = (startsWithKeyFrame: boolean) => cutter.next({ duration: 1 / 3, startsWithKeyFrame });
    expect(f(true).startsSegment).toBe(true);
    expect(f(true).startsSegment).toBe(false);
    for (let i = 0; i < 3; i++) f(false);
    expect(f(false).endsSegment).toBe(true);
    expect(f(false)).toEqual({ startsSegment: true, endsSegment: false, independent: false, segmentWithoutKeyFrame: true });
  });
});

describe('LivePackager with two runs of the ladder ffmpeg', () => {
  it('writes parts, segments and both playlist flavours that follow the spec, with a discontinuity and ENDLIST', async () => {
    const registry = new LowLatencyRegistry();
    const outputDir = path.join(dir, 'live');
    const segmentCounts: number[] = [];
    const packager = new LivePackager({ streamId: 'live-1', outputDir, renditions: TEST_RENDITIONS, segmentSeconds: 2, fps: 30, token: 'tk', registry, onSegments: (n) => segmentCounts.push(n) });
    await packager.start();
    expect(registry.get('live-1')).toBe(packager);

    // Every version of the LL playlist a client could have seen.
    const versions: Record<string, string[]> = { '180p': [], '144p': [] };
    packager.onUpdate(() => {
      for (const r of TEST_RENDITIONS) {
        if (!packager.position(r.name)) continue;
        const text = packager.renderPlaylist(r.name);
        if (versions[r.name]!.at(-1) !== text) versions[r.name]!.push(text);
      }
    });

    const origins = [Date.parse('2026-05-06T07:08:09.000Z'), Date.parse('2026-05-06T07:08:29.000Z')];
    for (const [i, originMs] of origins.entries()) {
      const prefix = `tk-r${i + 1}`;
      packager.beginRun(prefix);
      const proc = startCmafLadder({ seconds: 5 });
      packager.attachRun(proc.outputPipes);
      packager.setRunOrigin(prefix, originMs);
      await proc.exited;
      await packager.endRun(prefix);
    }
    await packager.finish();
    expect(registry.get('live-1')).toBeUndefined();
    expect(segmentCounts.at(-1)).toBe(6);

    const timing = lowLatencyTiming(30, 2);
    for (const r of TEST_RENDITIONS) {
      const folder = path.join(outputDir, r.name);
      const others = TEST_RENDITIONS.filter((o) => o !== r).map((o) => `${o.name}.m3u8`);
      // Each version passes the spec's rules, and each follows from the one before.
      const seen = versions[r.name]!;
      expect(seen.length).toBeGreaterThan(30);
      seen.forEach((text, i) => {
        expect(checkLowLatencyPlaylist(text, { expectedReports: others }), `version ${i}:\n${text}`).toEqual([]);
        if (i > 0) expect(checkPlaylistUpdate(seen[i - 1]!, text), `version ${i}`).toEqual([]);
      });
      // While the restart was pending, the new init segment was hinted along with the next part.
      expect(seen.some((t) => t.includes('#EXT-X-PRELOAD-HINT:TYPE=MAP,URI="../' + r.name + '/tk-r2-init.mp4"'))).toBe(true);

      // The final LL playlist is on disk, ENDLIST and no hint; the standard one lists the same segments.
      const ll = fs.readFileSync(path.join(outputDir, 'll', `${r.name}.m3u8`), 'utf8');
      expect(ll).toBe(seen.at(-1));
      expect(checkLowLatencyPlaylist(ll, { expectedReports: others })).toEqual([]);
      // ENDLIST, then the report of the other rendition.
      expect(ll.trimEnd().split('\n').slice(-2)).toEqual(['#EXT-X-ENDLIST', expect.stringMatching(/^#EXT-X-RENDITION-REPORT:URI="\d+p\.m3u8",LAST-MSN=5,LAST-PART=2$/)]);
      const standard = fs.readFileSync(path.join(folder, 'index.m3u8'), 'utf8');
      expect(standard.trimEnd().endsWith('#EXT-X-ENDLIST')).toBe(true);
      expect(standard).toMatch(/#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI="tk-r2-init\.mp4"\n#EXT-X-PROGRAM-DATE-TIME:2026-05-06T07:08:29\.\d{3}Z\n#EXTINF:2\.000,\ntk-r2-00000\.m4s/);
      const std = parsePlaylist(standard);
      const low = parsePlaylist(ll);
      expect(std.segments.map((s) => [s.msn, s.uri, s.duration!.toFixed(3), s.programDateTime])).toEqual(
        low.segments.map((s) => [s.msn, s.uri!.replace(`../${r.name}/`, ''), s.duration!.toFixed(3), s.programDateTime]),
      );
      expect(std.segments.map((s) => s.duration)).toEqual([2, 2, 1, 2, 2, 1]);

      // Every part: at most PART-TARGET, INDEPENDENT exactly when it starts with a key frame,
      // and a segment file is the concatenation of its parts.
      const header = readCmafHeader(fs.readFileSync(path.join(folder, 'tk-r2-init.mp4')));
      const video = header.tracks.find((t) => t.handler === 'vide')!;
      for (const s of low.segments.filter((x) => x.parts.length > 0)) {
        const bytes = s.parts.map((p) => fs.readFileSync(path.join(folder, path.basename(p.uri))));
        for (const [i, p] of s.parts.entries()) {
          const v = readCmafFragment(bytes[i]!, header).tracks.find((t) => t.trackId === video.trackId)!;
          expect(p.independent).toBe(v.startsWithSync);
          expect(p.duration).toBeLessThanOrEqual(timing.partTarget);
        }
        expect(Buffer.concat(bytes).equals(fs.readFileSync(path.join(folder, path.basename(s.uri!))))).toBe(true);
      }
      // PROGRAM-DATE-TIME is the run's origin plus the first frame's timestamp, floored to the ms.
      const first = readCmafFragment(fs.readFileSync(path.join(folder, 'tk-part000015.m4s')), header).tracks.find((t) => t.trackId === video.trackId)!;
      expect(Date.parse(std.segments[3]!.programDateTime!)).toBe(Math.floor(origins[1]! + (first.baseMediaDecodeTime / video.timescale) * 1000));
    }
    const master = fs.readFileSync(path.join(outputDir, 'll', 'master.m3u8'), 'utf8');
    expect(master.split('\n').filter((l) => l && !l.startsWith('#'))).toEqual(['180p.m3u8', '144p.m3u8']);
    expect(fs.readFileSync(path.join(outputDir, 'master.m3u8'), 'utf8')).toBe(master.replace('180p.m3u8', '180p/index.m3u8').replace('144p.m3u8', '144p/index.m3u8'));
  }, 60_000);
});
