import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { Asset, Exhibition, Work } from '@yunzhan/shared';
import { ADMIN_PASSWORD, signIn, waitFor, type TestServer } from '../helpers/server';
import { api, metadataOf, oneWorkLayout, signInCurator, uploadWhole } from './support';

// A transcoded video work hung in a published exhibition, as the subtitle suites need it: the
// seeded curator uploads a 3 s H.264 test pattern (made by ffmpeg, transcoded by the real vod-hls
// job), catalogues it, hangs it alone in `exhibitionId` and an admin approves the layout.

/** The curator's and the admin's cookies and the published video work. */
export interface PublishedVideoWork {
  curator: string;
  admin: string;
  work: Work;
}

/** Uploads, catalogues and publishes a 3 s video work in a new exhibition `exhibitionId`. */
export async function publishedVideoWork(server: TestServer, exhibitionId: string): Promise<PublishedVideoWork> {
  const curator = await signInCurator(server);
  const admin = await signIn(server.url, 'admin', ADMIN_PASSWORD);
  const clip = path.join(server.dataDir, '..', 'clip.mp4');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25', '-t', '3', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-an', clip]);
  const { res } = await uploadWhole(server, curator, fs.readFileSync(clip), { filename: 'clip.mp4', filetype: 'video/mp4' });
  expect(res.status, res.body).toBeLessThan(300);
  const asset = Asset.parse(JSON.parse(res.body).asset);
  await waitFor(async () => Asset.parse((await api(server, 'GET', `/api/assets/${asset.id}`, curator)).body).status === 'ready', 120_000, 'video asset ready');
  const created = await api(server, 'POST', '/api/works', curator, { assetId: asset.id, kind: 'video', metadata: metadataOf('字幕影片', 'A subtitled film', { widthCm: 160, heightCm: 90 }) });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = Work.parse(created.body).id;
  let work: Work | null = null;
  await waitFor(
    async () => {
      work = Work.parse((await api(server, 'GET', `/api/works/${id}`, curator)).body);
      return work.status === 'ready';
    },
    60_000,
    'video work ready',
  );
  const made = await api(server, 'POST', '/api/exhibitions', curator, { id: exhibitionId, title: { 'zh-CN': '字幕展', en: 'Subtitles' }, templateId: 'white-cube' });
  expect(made.status, JSON.stringify(made.body)).toBe(201);
  const saved = await api(server, 'PUT', `/api/exhibitions/${exhibitionId}/draft`, curator, { baseRevision: 0, layout: oneWorkLayout(id) });
  expect(saved.status, JSON.stringify(saved.body)).toBe(200);
  expect(Exhibition.parse((await api(server, 'POST', `/api/exhibitions/${exhibitionId}/submit`, curator)).body).status).toBe('in-review');
  expect(Exhibition.parse((await api(server, 'POST', `/api/exhibitions/${exhibitionId}/review`, admin, { decision: 'approve' })).body).status).toBe('approved');
  return { curator, admin, work: work! };
}

/** PUTs a subtitle file as a browser would (same-origin), returning status and parsed body. */
export async function putSubtitles(server: TestServer, cookie: string | undefined, workId: string, lang: string, body: string | Uint8Array<ArrayBuffer>, type: string, origin?: string) {
  const res = await fetch(`${server.url}/api/works/${workId}/subtitles/${lang}?filename=film.srt`, {
    method: 'PUT',
    headers: { 'content-type': type, ...(cookie ? { cookie } : {}), ...(origin ? { origin } : {}) },
    body,
  });
  return { status: res.status, body: (await res.json()) as unknown };
}
