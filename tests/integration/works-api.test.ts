import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMinimalGlb } from '@yunzhan/media-worker';
import { Asset, Work } from '@yunzhan/shared';
import { ADMIN_PASSWORD, HOST_PASSWORD, signIn, startTestServer, waitFor, type TestServer } from '../helpers/server';
import { api, errorCode, metadataOf, signInCurator, uploadWhole } from './support';

let server: TestServer;
let curator: string;
let admin: string;
let host: string;
let viewer: string;

const assetOf = (body: string) => Asset.parse((JSON.parse(body) as { asset: unknown }).asset);
const readyAsset = (cookie: string, id: string) =>
  waitFor(async () => {
    const a = Asset.parse((await api(server, 'GET', `/api/assets/${id}`, cookie)).body);
    return a.status !== 'processing' ? a : undefined;
  }, 30_000, `asset ${id} to be processed`);

beforeAll(async () => {
  server = await startTestServer({ seedExhibition: false });
  curator = await signInCurator(server);
  admin = await signIn(server.url, 'admin', ADMIN_PASSWORD);
  host = await signIn(server.url, 'host', HOST_PASSWORD);
  await api(server, 'POST', '/api/auth/sign-up', undefined, { username: 'visitor', password: 'visitor-password' });
  viewer = await signIn(server.url, 'visitor', 'visitor-password');
});
afterAll(async () => server?.dispose());

describe('uploads of images, GLB models and audio', () => {
  it('turns an uploaded image into WebP renditions of 128..2048 px longest side, served with their type', async () => {
    const png = await sharp({ create: { width: 3000, height: 2000, channels: 3, background: '#2a9d8f' } }).png().toBuffer();
    const { res } = await uploadWhole(server, curator, png, { filename: '风景.png', filetype: 'image/png' });
    expect(res.status, res.body).toBe(200);
    const accepted = assetOf(res.body);
    expect(accepted).toMatchObject({ kind: 'image', status: 'processing', width: 3000, height: 2000 });
    const ready = await readyAsset(curator, accepted.id);
    expect(ready.status).toBe('ready');
    expect(ready.files!.images.map((i) => [i.width, i.height])).toEqual([
      [128, 85],
      [256, 171],
      [512, 341],
      [1024, 683],
      [2048, 1365],
    ]);
    for (const image of ready.files!.images) {
      const r = await fetch(`${server.url}${image.url}`);
      expect(r.status).toBe(200);
      expect(r.headers.get('content-type')).toBe('image/webp');
      const meta = await sharp(Buffer.from(await r.arrayBuffer())).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['webp', image.width, image.height]);
    }
    // Paths that try to leave the asset's folder are refused before touching the disk.
    expect((await fetch(`${server.url}/media/${ready.id}/..%2F..%2Fyunzhan.sqlite`)).status).toBe(400);
    expect((await fetch(`${server.url}/media/${ready.id}/.hidden.webp`)).status).toBe(400);
    expect((await fetch(`${server.url}/media/${ready.id}/nothing.webp`)).status).toBe(404);
  });

  it('refuses a file that claims to be an image but is not, as NOT_MEDIA, and removes it', async () => {
    const { url, res } = await uploadWhole(server, curator, Buffer.from('not a picture\n'.repeat(50)), { filename: 'fake.png', filetype: 'image/png' });
    expect(res.status).toBe(415);
    expect(JSON.parse(res.body).error.code).toBe('NOT_MEDIA');
    const id = url.split('/').pop()!;
    expect(fs.readdirSync(path.join(server.config.mediaDir, 'uploads')).filter((n) => n.startsWith(id))).toEqual([]);
  });

  it('accepts a valid GLB model (ready at once, served as model/gltf-binary) and refuses a corrupt one', async () => {
    const glb = buildMinimalGlb();
    // No MIME type from the browser: the GLB magic tells what it is.
    const { res } = await uploadWhole(server, curator, glb, { filename: 'vase.glb', filetype: 'application/octet-stream' });
    expect(res.status, res.body).toBe(200);
    const model = assetOf(res.body);
    expect(model).toMatchObject({ kind: 'model', status: 'ready' });
    const served = await fetch(`${server.url}${model.files!.model}`);
    expect(served.headers.get('content-type')).toBe('model/gltf-binary');
    expect(Buffer.from(await served.arrayBuffer()).equals(glb)).toBe(true);

    const corrupt = Buffer.from(glb);
    corrupt.writeUInt32LE(1, 4);
    const bad = await uploadWhole(server, curator, corrupt, { filename: 'old.glb', filetype: '', kind: 'model' });
    expect(bad.res.status).toBe(415);
    expect(JSON.parse(bad.res.body).error.code).toBe('NOT_MEDIA');
  });

  it('keeps AAC audio as it is and transcodes other audio to AAC; a video is not audio', async () => {
    const dir = server.dataDir;
    const make = (name: string, args: string[]) => {
      const file = path.join(dir, name);
      execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=330:sample_rate=44100', '-t', '2', ...args, file]);
      return fs.readFileSync(file);
    };
    const m4a = await uploadWhole(server, curator, make('guide.m4a', ['-c:a', 'aac']), { filename: 'guide.m4a', filetype: 'audio/mp4' });
    expect(assetOf(m4a.res.body)).toMatchObject({ kind: 'audio', status: 'ready', files: { audio: expect.stringMatching(/audio\.m4a$/) } });
    const wav = await uploadWhole(server, curator, make('tone.wav', ['-c:a', 'pcm_s16le']), { filename: 'tone.wav', filetype: 'audio/wav' });
    const transcoded = await readyAsset(curator, assetOf(wav.res.body).id);
    expect(transcoded.status).toBe('ready');
    const served = await fetch(`${server.url}${transcoded.files!.audio}`);
    expect(served.headers.get('content-type')).toBe('audio/mp4');
    const probe = JSON.parse(
      execFileSync('ffprobe', ['-v', 'error', '-show_streams', '-of', 'json', path.join(server.config.mediaDir, 'media', transcoded.id, 'audio.m4a')], { encoding: 'utf8' }),
    ) as { streams: { codec_name: string }[] };
    expect(probe.streams.map((s) => s.codec_name)).toEqual(['aac']);

    const clip = path.join(dir, 'clip.mp4');
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=10', '-t', '1', '-pix_fmt', 'yuv420p', clip]);
    const video = await uploadWhole(server, curator, fs.readFileSync(clip), { filename: 'clip.m4a', filetype: 'audio/mp4' });
    expect([video.res.status, JSON.parse(video.res.body).error.code]).toEqual([415, 'NOT_MEDIA']);
  });
});

describe('works API', () => {
  let imageAssetId: string;
  let guideAssetId: string;

  beforeAll(async () => {
    const png = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#e76f51' } }).png().toBuffer();
    imageAssetId = assetOf((await uploadWhole(server, curator, png, { filename: 'red.png', filetype: 'image/png' })).res.body).id;
    await readyAsset(curator, imageAssetId);
    const assets = Asset.array().parse((await api(server, 'GET', '/api/assets', curator)).body);
    guideAssetId = assets.find((a) => a.kind === 'audio' && a.status === 'ready')!.id;
  });

  it('catalogues an upload of the caller under a new catalogue number, with its renditions', async () => {
    const r = await api(server, 'POST', '/api/works', curator, { assetId: imageAssetId, kind: 'image', metadata: metadataOf('红', 'Red') });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const work = Work.parse(r.body);
    expect(work.catalogueNumber).toMatch(new RegExp(`^YZ-${new Date().getUTCFullYear()}-\\d{6}$`));
    expect(work).toMatchObject({ kind: 'image', status: 'ready', media: { width: 800, height: 600 }, metadata: { rights: { credit: '' } } });
    expect(work.media.images.map((i) => Math.max(i.width, i.height))).toEqual([128, 256, 512]);

    const second = Work.parse((await api(server, 'POST', '/api/works', curator, { assetId: imageAssetId, kind: 'image', metadata: metadataOf('又一件', 'Another') })).body);
    expect(second.catalogueNumber).not.toBe(work.catalogueNumber);

    const mine = Work.array().parse((await api(server, 'GET', '/api/works', curator)).body);
    expect(mine.map((w) => w.id)).toEqual(expect.arrayContaining([work.id, second.id]));
    expect((await api<Work[]>(server, 'GET', '/api/works?kind=model', curator)).body).toEqual([]);
    expect((await api<Work[]>(server, 'GET', '/api/works', admin)).body.map((w) => w.id)).toContain(work.id);

    // The owner reads and edits it; nobody else can see it until it hangs in a published exhibition.
    expect((await api(server, 'GET', `/api/works/${work.id}`, curator)).status).toBe(200);
    expect((await api(server, 'GET', `/api/works/${work.id}`, viewer)).status).toBe(404);
    expect((await api(server, 'GET', `/api/works/${work.id}`)).status).toBe(404);
    expect((await api(server, 'PATCH', `/api/works/${work.id}`, host, { metadata: metadataOf('改', 'Changed') })).status).toBe(404);
    const patched = await api(server, 'PATCH', `/api/works/${work.id}`, curator, { metadata: metadataOf('红色', 'Red, again'), audioGuideAssetId: guideAssetId });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(Work.parse(patched.body)).toMatchObject({ metadata: { title: { en: 'Red, again' } }, audioGuideAssetId: guideAssetId, audioGuide: expect.stringMatching(/^\/media\/.+\/audio\.m4a$/) });
  });

  it('names the bad fields of a work that fails validation', async () => {
    const r = await api<{ error: { code: string; details: { issues: { path: string }[] } } }>(server, 'POST', '/api/works', curator, {
      assetId: imageAssetId,
      kind: 'sculpture',
      metadata: { title: { en: 'No Chinese title' }, creator: '', rights: { holder: 'x', licence: 'mine' } },
    });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('VALIDATION_FAILED');
    expect(r.body.error.details.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['kind', 'metadata.title.zh-CN', 'metadata.creator', 'metadata.rights.licence']));

    const wrongKind = await api<{ error: { details: { issues: { path: string }[] } } }>(server, 'POST', '/api/works', curator, { assetId: imageAssetId, kind: 'model', metadata: metadataOf('错', 'Wrong') });
    expect(errorCode(wrongKind)).toBe('VALIDATION_FAILED');
    expect(wrongKind.body.error.details.issues[0]!.path).toBe('kind');
  });

  it('refuses an asset of someone else, and lets only curators and admins catalogue', async () => {
    const png = await sharp({ create: { width: 200, height: 200, channels: 3, background: '#000' } }).png().toBuffer();
    const hostAsset = assetOf((await uploadWhole(server, host, png, { filename: 'host.png', filetype: 'image/png' })).res.body);
    const foreign = await api<{ error: { code: string; details: { issues: { path: string }[] } } }>(server, 'POST', '/api/works', curator, {
      assetId: hostAsset.id,
      kind: 'image',
      metadata: metadataOf('他人的', 'Not mine'),
    });
    expect(foreign.status).toBe(400);
    expect(foreign.body.error.details.issues[0]!.path).toBe('assetId');
    expect(errorCode(await api(server, 'POST', '/api/works', admin, { assetId: imageAssetId, kind: 'image', metadata: metadataOf('管理员', 'Admin') }))).toBe('VALIDATION_FAILED');
    expect((await api(server, 'POST', '/api/works', host, { assetId: hostAsset.id, kind: 'image', metadata: metadataOf('主持人', 'Host') })).status).toBe(403);
    expect((await api(server, 'POST', '/api/works', viewer, { assetId: hostAsset.id, kind: 'image', metadata: metadataOf('观众', 'Viewer') })).status).toBe(403);
    expect((await api(server, 'POST', '/api/works', undefined, { assetId: hostAsset.id, kind: 'image', metadata: metadataOf('匿名', 'Anon') })).status).toBe(401);
  });
});
