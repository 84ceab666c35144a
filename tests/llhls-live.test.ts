import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import {
  checkLowLatencyPlaylist,
  checkPlaylistUpdate,
  directivesSatisfied,
  lastPartOf,
  parsePlaylist,
  readCmafFragment,
  readCmafHeader,
  type LowLatencyStream,
} from '@yunzhan/media-worker';
import { DEMO_REHEARSAL_EVENT } from '@yunzhan/server';
import { launchChromium, waitForPlayingVideo } from './helpers/browser';
import { startTestServer, waitFor, type TestServer } from './helpers/server';

// LL-HLS on a real live: rehearsal ffmpeg -> mediasoup -> relay -> ladder ffmpeg -> CMAF pipes ->
// packager -> the server's LL-HLS routes -> fetch and hls.js in Chromium.
let server: TestServer;
let browser: Browser | undefined;
const RENDITIONS = ['720p', '480p', '360p'];

beforeAll(async () => {
  server = await startTestServer({ rehearsal: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

type Position = { msn: number; part: number };
const after = (a: Position, b: Position) => a.msn > b.msn || (a.msn === b.msn && a.part >= b.part);

describe('LL-HLS on a live with real mediasoup and ffmpeg', () => {
  it('serves spec-conformant LL playlists, answers blocking reloads the moment the part exists, delta updates, hinted parts, and hls.js plays it', async () => {
    const [live] = server.live.runningStreams();
    const streamId = live!.streamId;
    const summary = await waitFor(async () => {
      const e = (await (await fetch(`${server.url}/api/events/${DEMO_REHEARSAL_EVENT}`)).json()) as { hls: { master: string; lowLatency?: string } | null };
      return e.hls?.lowLatency ? e.hls : null;
    }, 40_000, 'the LL-HLS stream to be announced');
    expect(summary).toEqual({ master: `/hls/${streamId}/master.m3u8`, lowLatency: `/hls/${streamId}/ll/master.m3u8` });
    const base = `${server.url}/hls/${streamId}/ll`;
    const master = await (await fetch(`${server.url}${summary.lowLatency}`)).text();
    expect(master.split('\n').filter((l) => l && !l.startsWith('#'))).toEqual(RENDITIONS.map((r) => `${r}.m3u8`));
    const stream = server.jobs.lowLatency.get(streamId) as LowLatencyStream;
    expect(stream).toBeDefined();

    // Blocking reloads for the next part, one after another: each answer is checked against every
    // rule of the spec and against the one before it; each comes when its part appeared.
    const versions: string[] = [];
    let text = await (await fetch(`${base}/720p.m3u8`)).text();
    versions.push(text);
    for (let i = 0; i < 12; i++) {
      const last = lastPartOf(parsePlaylist(text))!;
      const want = { msn: last.msn, part: last.part + 1 };
      // The moment the packager's playlist first satisfied the request, and what it held then.
      let satisfiedBy: Position | undefined;
      const off = stream.onUpdate(() => {
        const p = stream.position('720p');
        if (!satisfiedBy && p && directivesSatisfied(want, p)) satisfiedBy = { msn: p.lastPartMsn, part: p.lastPartIndex };
      });
      // On a busy machine the part may have come between the last answer and now: then the
      // request is not blocked and is answered with the playlist as it is when it arrives.
      const now = stream.position('720p');
      const cameAlready = now ? directivesSatisfied(want, now) : false;
      const res = await fetch(`${base}/720p.m3u8?_HLS_msn=${want.msn}&_HLS_part=${want.part}`);
      off();
      expect(res.status).toBe(200);
      text = await res.text();
      const got = lastPartOf(parsePlaylist(text))!;
      if (cameAlready) {
        expect(after(got, want), `request ${want.msn}.${want.part}`).toBe(true);
      } else {
        // Answered with the playlist as it was when the part appeared: no later part is in it.
        expect(satisfiedBy, `request ${want.msn}.${want.part}`).toBeDefined();
        expect(got).toEqual(satisfiedBy);
        expect(after(got, want) || (got.msn === want.msn + 1 && got.part === 0)).toBe(true);
      }
      versions.push(text);
    }
    const others = (r: string) => RENDITIONS.filter((o) => o !== r).map((o) => `${o}.m3u8`);
    versions.forEach((v, i) => {
      expect(checkLowLatencyPlaylist(v, { expectedReports: others('720p') }), v).toEqual([]);
      if (i > 0) expect(checkPlaylistUpdate(versions[i - 1]!, v)).toEqual([]);
    });
    for (const r of RENDITIONS) expect(checkLowLatencyPlaylist(await (await fetch(`${base}/${r}.m3u8`)).text(), { expectedReports: others(r) })).toEqual([]);

    // INDEPENDENT=YES exactly on the parts that start with a key frame.
    const listed = parsePlaylist(await (await fetch(`${base}/360p.m3u8`)).text());
    const withParts = listed.segments.filter((s) => s.parts.length > 0);
    const map = listed.segments.flatMap((s) => (s.map ? [s.map] : [])).at(-1)!;
    const header = readCmafHeader(new Uint8Array(await (await fetch(new URL(map, `${base}/360p.m3u8`))).arrayBuffer()));
    const video = header.tracks.find((t) => t.handler === 'vide')!;
    for (const part of withParts.flatMap((s) => s.parts)) {
      const bytes = new Uint8Array(await (await fetch(new URL(part.uri, `${base}/360p.m3u8`))).arrayBuffer());
      const track = readCmafFragment(bytes, header).tracks.find((t) => t.trackId === video.trackId)!;
      expect(part.independent, part.uri).toBe(track.startsWithSync);
    }

    // Bad directives and requests too far ahead: 400 at once. "Too far" is well past the two
    // segments the spec allows, so a segment finishing during these requests cannot close the gap.
    // The part case asks two segments ahead (within the segment rule) for a part far past the
    // Advance Part Limit: asking in the current segment would be answered as soon as that
    // segment ends (a part index past its end means the next segment's first part, 6.2.5.2).
    const now = lastPartOf(parsePlaylist(await (await fetch(`${base}/480p.m3u8`)).text()))!;
    for (const q of ['_HLS_part=2', '_HLS_msn=x', '_HLS_skip=maybe', `_HLS_msn=${now.msn + 10}`, `_HLS_msn=${now.msn + 2}&_HLS_part=12`]) {
      expect((await fetch(`${base}/480p.m3u8?${q}`)).status, q).toBe(400);
    }

    // The hinted part: requested before it exists, delivered once written.
    const hint = /#EXT-X-PRELOAD-HINT:TYPE=PART,URI="([^"]+)"/.exec(await (await fetch(`${base}/480p.m3u8`)).text())![1]!;
    const hinted = await fetch(new URL(hint, `${base}/480p.m3u8`));
    expect(hinted.status).toBe(200);
    expect(Buffer.from(await hinted.arrayBuffer()).toString('latin1', 4, 8)).toBe('moof');

    // A delta update once the playlist is longer than the Skip Boundary: both flavours wait for
    // the same next part, so they describe the same moment.
    await waitFor(() => (stream.position('360p')?.lastSegmentMsn ?? 0) >= 8, 40_000, 'more than 12 s of segments');
    const p = stream.position('360p')!;
    const q = `_HLS_msn=${p.lastPartMsn}&_HLS_part=${p.lastPartIndex + 1}`;
    const [full, delta] = await Promise.all([fetch(`${base}/360p.m3u8?${q}`).then((r) => r.text()), fetch(`${base}/360p.m3u8?${q}&_HLS_skip=YES`).then((r) => r.text())]);
    const all = parsePlaylist(full);
    const total = all.segments.reduce((t, s) => t + (s.duration ?? s.parts.reduce((x, y) => x + y.duration, 0)), 0);
    let end = 0;
    const skippable = all.segments.filter((s) => s.uri && (end += s.duration!) <= total - 12 + 1e-6).length;
    expect(skippable).toBeGreaterThan(0);
    expect(delta).toContain(`#EXT-X-SKIP:SKIPPED-SEGMENTS=${skippable}\n`);
    expect(checkLowLatencyPlaylist(delta, { expectedReports: others('360p') })).toEqual([]);
    expect(parsePlaylist(delta).segments.map((s) => s.uri)).toEqual(all.segments.slice(skippable).map((s) => s.uri));

    // hls.js plays the LL master in low-latency mode, loading parts; standard HLS when asked.
    browser = await launchChromium();
    const page = await (await browser.newContext()).newPage();
    await page.addInitScript(() => localStorage.setItem('yunzhan.viewMode', '2d'));
    await page.goto(`${server.url}/events/${DEMO_REHEARSAL_EVENT}`);
    await waitForPlayingVideo(page, 30_000);
    const ll = await page.evaluate(() => {
      const y = window.__yunzhan!;
      return { protocol: y.protocol, url: y.hls?.url, lowLatencyMode: y.hls?.config.lowLatencyMode, parts: y.hls?.latestLevelDetails?.partList?.length ?? 0 };
    });
    expect(ll).toMatchObject({ protocol: 'll-hls', url: `${server.url}${summary.lowLatency}`, lowLatencyMode: true });
    expect(ll.parts).toBeGreaterThan(0);
    await page.evaluate(() => localStorage.setItem('yunzhan.lowLatency', 'off'));
    await page.reload();
    await waitForPlayingVideo(page, 30_000);
    expect(await page.evaluate(() => ({ protocol: window.__yunzhan!.protocol, url: window.__yunzhan!.hls?.url }))).toEqual({ protocol: 'hls', url: `${server.url}${summary.master}` });
    await browser.close();
    browser = undefined;

    // The end: LL playlists become files with ENDLIST; directives are ignored from then on.
    const state = await server.live.end(DEMO_REHEARSAL_EVENT, 'test');
    expect(state.hls).toEqual({ master: `/hls/${streamId}/master.m3u8` });
    expect(server.jobs.lowLatency.get(streamId)).toBeUndefined();
    for (const r of RENDITIONS) {
      const res = await fetch(`${base}/${r}.m3u8?_HLS_msn=99999&_HLS_part=0&_HLS_skip=YES`);
      expect(res.status).toBe(200);
      const final = await res.text();
      expect(final).toContain('#EXT-X-ENDLIST');
      expect(final).not.toContain('#EXT-X-PRELOAD-HINT');
      expect(checkLowLatencyPlaylist(final, { expectedReports: others(r) })).toEqual([]);
    }
  }, 180_000);
});
