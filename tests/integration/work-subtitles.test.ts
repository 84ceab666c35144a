import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Work } from '@yunzhan/shared';
import { startTestServer, type TestServer } from '../helpers/server';
import { api, errorCode } from './support';
import { publishedVideoWork, putSubtitles, type PublishedVideoWork } from './video-work';

// Subtitles of a video work visitors can see (issue 14): the curator's SRT is held for review with
// the work's metadata, shown at once in the curator's preview, and listed in the public master
// playlist (SUBTITLES group, a one-segment WebVTT playlist) only once an admin approves.

let server: TestServer;
let setup: PublishedVideoWork;

const SRT = '1\r\n00:00:00,200 --> 00:00:02,800\r\n<font color="red">你好</font>，<b>字幕</b>\r\n\r\n2\r\n00:00:01,000 --> 00:00:02,000\r\nSecond <script>x</script>\r\n';

/** A text resource: status, content type and body. */
async function text(url: string, cookie?: string) {
  const res = await fetch(`${server.url}${url}`, { headers: cookie ? { cookie } : {} });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: await res.text() };
}

beforeAll(async () => {
  server = await startTestServer({ seedExhibition: false });
  setup = await publishedVideoWork(server, 'subtitles-api');
}, 180_000);
afterAll(async () => {
  await server?.dispose();
});

describe('subtitles of a video work', () => {
  it('holds a curator SRT for review: the preview lists it at once, the public master only after approval', async () => {
    const { curator, admin, work } = setup;
    const assetMaster = work.media.hls!;
    expect(assetMaster).toMatch(/^\/hls\/.+\/master\.m3u8$/);

    // Not valid, not UTF-8, cross-site, not the owner: refused with their codes, nothing saved.
    const bad = await putSubtitles(server, curator, work.id, 'zh-CN', '1\n00:00:02,000 --> 00:00:01,000\nbackwards\n', 'application/x-subrip');
    expect([bad.status, errorCode(bad as never), (bad.body as { error: { details: unknown } }).error.details]).toEqual([422, 'SUBTITLE_INVALID', { line: 2 }]);
    const gbk = await putSubtitles(server, curator, work.id, 'zh-CN', new Uint8Array([0x31, 0x0a, 0xc4, 0xe3, 0xba, 0xc3]), 'application/x-subrip');
    expect([gbk.status, errorCode(gbk as never)]).toEqual([415, 'SUBTITLE_ENCODING']);
    const big = await putSubtitles(server, curator, work.id, 'zh-CN', 'x'.repeat(512 * 1024 + 1), 'text/vtt');
    expect([big.status, errorCode(big as never)]).toEqual([413, 'SUBTITLE_TOO_LARGE']);
    const csrf = await putSubtitles(server, curator, work.id, 'zh-CN', SRT, 'application/x-subrip', 'https://evil.example');
    expect([csrf.status, errorCode(csrf as never)]).toEqual([403, 'CSRF_REJECTED']);
    const visitor = await putSubtitles(server, undefined, work.id, 'zh-CN', SRT, 'application/x-subrip');
    expect([visitor.status, errorCode(visitor as never)]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await putSubtitles(server, curator, work.id, 'fr', SRT, 'application/x-subrip')).status).toBe(400);

    const put = await putSubtitles(server, curator, work.id, 'zh-CN', SRT, 'application/x-subrip');
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const held = Work.parse(put.body);
    expect(held.metadataChange?.status).toBe('pending');
    expect(held.metadata.subtitles?.['zh-CN']).toMatchObject({ cues: 2, filename: 'film.srt' });
    expect(held.metadataChange?.approved.subtitles).toBeUndefined();

    // Visitors: the asset's own master, and the work's master without subtitles.
    const publicWork = Work.parse((await api(server, 'GET', `/api/works/${work.id}`)).body);
    expect(publicWork.media.hls).toBe(assetMaster);
    expect(publicWork.metadata.subtitles).toBeUndefined();
    const publicMaster = await text(`/api/works/${work.id}/hls/master.m3u8`);
    expect(publicMaster.status).toBe(200);
    expect(publicMaster.body).not.toContain('SUBTITLES');
    expect((await text(`/api/works/${work.id}/hls/subs-zh-CN.m3u8`)).status).toBe(404);

    // The curator's preview: the work's master lists the pending file, which is served to them.
    const preview = Work.parse((await api(server, 'GET', `/api/works/${work.id}`, curator)).body);
    expect(preview.media.hls).toBe(`/api/works/${work.id}/hls/master.m3u8`);
    const ownerMaster = await text(preview.media.hls!, curator);
    expect(ownerMaster.type).toContain('application/vnd.apple.mpegurl');
    expect(ownerMaster.body).toContain('#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="中文",LANGUAGE="zh-CN",DEFAULT=NO,AUTOSELECT=YES,URI="subs-zh-CN.m3u8"');

    const review = await api(server, 'POST', `/api/works/${work.id}/review`, admin, { decision: 'approve' });
    expect(review.status, JSON.stringify(review.body)).toBe(200);

    // Approved: everyone gets the SUBTITLES group on every variant, the playlist and the WebVTT.
    const approved = Work.parse((await api(server, 'GET', `/api/works/${work.id}`)).body);
    expect(approved.media.hls).toBe(`/api/works/${work.id}/hls/master.m3u8`);
    const master = (await text(approved.media.hls!)).body;
    expect(master).toContain('#EXT-X-MEDIA:TYPE=SUBTITLES,GROUP-ID="subs",NAME="中文",LANGUAGE="zh-CN",DEFAULT=NO,AUTOSELECT=YES,URI="subs-zh-CN.m3u8"');
    const variants = master.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF:'));
    expect(variants.length).toBeGreaterThan(0);
    for (const v of variants) expect(v).toContain('SUBTITLES="subs"');
    // Each variant's playlist is the asset's, through /hls/.
    const variantUri = master.split('\n')[master.split('\n').indexOf(variants[0]!) + 1]!;
    expect(variantUri).toMatch(/^\/hls\//);
    expect((await text(variantUri)).status).toBe(200);

    const playlist = await text(`/api/works/${work.id}/hls/subs-zh-CN.m3u8`);
    expect(playlist.body).toMatch(/#EXT-X-TARGETDURATION:3\n/);
    expect(playlist.body).toContain('#EXT-X-PLAYLIST-TYPE:VOD');
    expect(playlist.body.trim().endsWith('#EXT-X-ENDLIST')).toBe(true);
    const segment = playlist.body.split('\n').find((l) => l.endsWith('.vtt'))!;
    const vtt = await text(`/api/works/${work.id}/hls/${segment}`);
    expect(vtt.type).toContain('text/vtt');
    expect(vtt.body).toBe('WEBVTT\nX-TIMESTAMP-MAP=MPEGTS:0,LOCAL:00:00:00.000\n\n00:00:00.200 --> 00:00:02.800\n你好，<b>字幕</b>\n\n00:00:01.000 --> 00:00:02.000\nSecond x\n');
    expect((await text(`/api/works/${work.id}/hls/subs-en.m3u8`)).status).toBe(404);
  });

  it('keeps the subtitles through a metadata edit and removes a language on DELETE (held for review again)', async () => {
    const { curator, admin, work } = setup;
    const current = Work.parse((await api(server, 'GET', `/api/works/${work.id}`, curator)).body);
    const { subtitles: _ignored, ...metadata } = current.metadata;
    const edited = await api(server, 'PATCH', `/api/works/${work.id}`, curator, { metadata: { ...metadata, date: '2025' } });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(Work.parse(edited.body).metadata.subtitles?.['zh-CN']).toBeDefined();

    const removed = await api(server, 'DELETE', `/api/works/${work.id}/subtitles/zh-CN`, curator);
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(Work.parse(removed.body).metadata.subtitles).toBeUndefined();
    // Visitors still get the approved file until the removal is approved too.
    expect((await text(`/api/works/${work.id}/hls/master.m3u8`)).body).toContain('LANGUAGE="zh-CN"');
    expect((await api(server, 'POST', `/api/works/${work.id}/review`, admin, { decision: 'approve' })).status).toBe(200);
    expect((await text(`/api/works/${work.id}/hls/master.m3u8`)).body).not.toContain('SUBTITLES');
    expect(Work.parse((await api(server, 'GET', `/api/works/${work.id}`)).body).media.hls).toBe(work.media.hls);
  });
});
