import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Work } from '@yunzhan/shared';
import { call, category, createProgramme, expectStatus, makeWorks, seededAccount, type Account } from './helpers/awards';
import { startTestServer, type TestServer } from './helpers/server';
import { oneWorkLayout } from './integration/support';

// Share cards (issue 12, scope item 6): the HTML the server answers for a page carries the Open
// Graph / Twitter card of what it shows when anonymous visitors may see it, the site's card
// otherwise. Plain HTTP GETs against the real server, as a chat app's link preview makes them.

let server: TestServer;
let admin: Account;
let curator: Account;
let works: Work[];

/** The page at `path`: status, content type and the HTML. */
async function page(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, { headers });
  return { status: res.status, type: res.headers.get('content-type') ?? '', html: await res.text() };
}

const unescape = (s: string) => s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The content of `<meta property|name="key">` (unescaped), or undefined; fails when it appears twice. */
function meta(html: string, key: string): string | undefined {
  const found = [...html.matchAll(/<meta (?:property|name)="([^"]+)" content="([^"]*)" \/>/g)].filter((m) => m[1] === key);
  expect(found.length, `${key} appears ${found.length} times`).toBeLessThanOrEqual(1);
  return found[0] ? unescape(found[0][2]!) : undefined;
}

const titleOf = (html: string) => {
  const titles = [...html.matchAll(/<title>([^<]*)<\/title>/g)];
  expect(titles).toHaveLength(1);
  return unescape(titles[0]![1]!);
};

/** Expects the site's own card: no page title anywhere in the head. */
function expectSiteCard(html: string) {
  expect(meta(html, 'og:title')).toBe('云展 Yunzhan');
  expect(titleOf(html)).toBe('云展 Yunzhan');
  expect(meta(html, 'og:image')).toBe(`${server.url}/share-card.png`);
  expect(meta(html, 'og:site_name')).toBe('云展 Yunzhan');
  expect(meta(html, 'twitter:card')).toBe('summary_large_image');
  // Still the app.
  expect(html).toContain('<div id="root"></div>');
}

beforeAll(async () => {
  server = await startTestServer({ seedExhibition: false });
  admin = await seededAccount(server, 'admin');
  curator = await seededAccount(server, 'curator');
  works = await makeWorks(server, curator, 2, 'Share');

  // A published exhibition hanging the first work.
  const ex = await call(server, 'POST', '/api/exhibitions', {
    cookie: curator.cookie,
    body: { id: 'share-show', title: { 'zh-CN': '春日分享展', en: 'Spring share show' }, summary: { 'zh-CN': '二十件春天的作品。', en: 'Twenty works of spring.' }, templateId: 'white-cube' },
  });
  expectStatus(ex, 201, 'create exhibition');
  expectStatus(await call(server, 'PUT', '/api/exhibitions/share-show/draft', { cookie: curator.cookie, body: { baseRevision: 0, layout: oneWorkLayout(works[0]!.id) } }), 200, 'save');
  expectStatus(await call(server, 'POST', '/api/exhibitions/share-show/submit', { cookie: curator.cookie }), 200, 'submit');
  expectStatus(await call(server, 'POST', '/api/exhibitions/share-show/review', { cookie: admin.cookie, body: { decision: 'approve' } }), 200, 'approve');

  // A draft: hangs the second work, never submitted.
  expectStatus(
    await call(server, 'POST', '/api/exhibitions', { cookie: curator.cookie, body: { id: 'secret-draft', title: { 'zh-CN': '秘密草稿展', en: 'Secret draft' }, templateId: 'white-cube' } }),
    201,
    'create draft',
  );
  expectStatus(await call(server, 'PUT', '/api/exhibitions/secret-draft/draft', { cookie: curator.cookie, body: { baseRevision: 0, layout: oneWorkLayout(works[1]!.id) } }), 200, 'save draft');

  const events = [
    { id: 'share-live', title: '元宵晚会直播', description: '博物馆的元宵晚会，在线观看。' },
    { id: 'share-xss', title: '"><script>alert(1)</script>', description: `<img src=x onerror="alert('d')">&amp;` },
  ];
  for (const body of events) expectStatus(await call(server, 'POST', '/api/events', { cookie: admin.cookie, body }), 201, 'create event');

  await createProgramme(server, admin, { id: 'share-awards', title: { 'zh-CN': '青年摄影奖', en: 'Young photographers award' }, categories: [category('photo')], judgeIds: [] }, 'voting');
  await createProgramme(server, admin, { id: 'share-draft-awards', title: { 'zh-CN': '未公布的奖项', en: 'Unannounced award' }, categories: [category('photo')], judgeIds: [] }, 'draft');
});
afterAll(async () => server?.dispose());

describe('share cards', () => {
  it('gives a published exhibition its title, summary and cover picture', async () => {
    const { status, type, html } = await page('/exhibitions/share-show');
    expect(status).toBe(200);
    expect(type).toMatch(/text\/html/);
    expect(meta(html, 'og:title')).toBe('春日分享展');
    expect(titleOf(html)).toBe('春日分享展 · 云展 Yunzhan');
    expect(meta(html, 'og:description')).toBe('二十件春天的作品。');
    expect(meta(html, 'description')).toBe('二十件春天的作品。');
    expect(meta(html, 'og:url')).toBe(`${server.url}/exhibitions/share-show`);
    expect(meta(html, 'og:type')).toBe('website');
    expect(meta(html, 'og:site_name')).toBe('云展 Yunzhan');
    expect(meta(html, 'twitter:card')).toBe('summary_large_image');
    const image = meta(html, 'og:image')!;
    // One of the first work's renditions, absolute on the server's origin, and served.
    expect(works[0]!.media.images.map((i) => `${server.url}${i.url}`)).toContain(image);
    expect(meta(html, 'twitter:image')).toBe(image);
    const picture = await fetch(image);
    expect(picture.status).toBe(200);
    expect(picture.headers.get('content-type')).toMatch(/^image\//);
  });

  it('speaks English to a client that prefers it', async () => {
    const { html } = await page('/exhibitions/share-show', { 'accept-language': 'en-GB,en;q=0.9,zh-CN;q=0.5' });
    expect(meta(html, 'og:title')).toBe('Spring share show');
    expect(meta(html, 'og:description')).toBe('Twenty works of spring.');
  });

  it('gives a work on show its title and picture, by its own URL and by the hall link that opens its panel', async () => {
    const work = works[0]!;
    for (const [path, url] of [
      [`/works/${work.id}`, `${server.url}/works/${work.id}`],
      ['/exhibitions/share-show?work=p1', `${server.url}/exhibitions/share-show?work=p1`],
    ] as const) {
      const { status, html } = await page(path);
      expect(status).toBe(200);
      expect(meta(html, 'og:title'), path).toBe(work.metadata.title['zh-CN']);
      expect(meta(html, 'og:type')).toBe('article');
      expect(meta(html, 'og:url')).toBe(url);
      expect(work.media.images.map((i) => `${server.url}${i.url}`)).toContain(meta(html, 'og:image'));
    }
  });

  it('gives an event its title and description', async () => {
    const { status, html } = await page('/events/share-live');
    expect(status).toBe(200);
    expect(meta(html, 'og:title')).toBe('元宵晚会直播');
    expect(meta(html, 'og:description')).toBe('博物馆的元宵晚会，在线观看。');
    expect(meta(html, 'og:type')).toBe('video.other');
    expect(meta(html, 'og:image')).toBe(`${server.url}/share-card.png`);
  });

  it('gives an award programme past its draft its title', async () => {
    const { status, html } = await page('/awards/share-awards');
    expect(status).toBe(200);
    expect(meta(html, 'og:title')).toBe('青年摄影奖');
    expect(titleOf(html)).toBe('青年摄影奖 · 云展 Yunzhan');
  });

  it('gives drafts, works not on show and draft programmes the site card, without their titles', async () => {
    for (const path of ['/exhibitions/secret-draft', `/works/${works[1]!.id}`, '/exhibitions/secret-draft?work=p1', '/awards/share-draft-awards']) {
      const { status, html } = await page(path);
      expect(status, path).toBe(200);
      expectSiteCard(html);
      for (const secret of ['秘密草稿', 'Secret draft', works[1]!.metadata.title['zh-CN'], '未公布', 'Unannounced']) expect(html, path).not.toContain(secret);
    }
  });

  it('escapes a title and description that carry markup', async () => {
    const { status, html } = await page('/events/share-xss');
    expect(status).toBe(200);
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).not.toContain('<img src=x');
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    // Read back as text, the values are what was written.
    expect(meta(html, 'og:title')).toBe('"><script>alert(1)</script>');
    expect(meta(html, 'twitter:description')).toBe(`<img src=x onerror="alert('d')">&amp;`);
    expect(titleOf(html)).toBe('"><script>alert(1)</script> · 云展 Yunzhan');
    // The only script is the app's own.
    expect([...html.matchAll(/<script\b/g)]).toHaveLength([...html.matchAll(/<script type="module"/g)].length);
  });

  it('answers an unknown or malformed id with the app and the site card, never an error', async () => {
    for (const path of ['/events/no-such-event', '/works/wk_nosuchwork00', '/works/not-a-work-id', '/exhibitions/no-such-show', '/awards/no-such-awards', '/', '/works']) {
      const { status, type, html } = await page(path);
      expect(status, path).toBe(200);
      expect(type).toMatch(/text\/html/);
      expectSiteCard(html);
    }
    // A path that is not valid percent-encoding is refused by the router (400) before any card.
    expect((await page('/awards/%E0%A4%A')).status).toBe(400);
  });

  it('does not serve files inside the build dot-folders (the chunk manifest the bench reads)', async () => {
    // The build writes it (client/vite.config.ts, build.manifest); the server must not hand it out.
    expect(fs.existsSync(path.resolve('client/dist/.vite/manifest.json'))).toBe(true);
    const res = await fetch(`${server.url}/.vite/manifest.json`);
    expect(res.status).toBe(404);
    expect(await res.text()).not.toContain('"isEntry"');
  });
});
