import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import { Asset, Work, type AwardProgramme, type AwardResults } from '@yunzhan/shared';
import { ADMIN_PASSWORD, signIn, waitFor, type TestServer } from '../../../tests/helpers/server';
import { createUpload, patchUpload, uploadUrlOf } from '../../../tests/helpers/tus';
import { SESSION_COOKIE, SessionManager } from '../../../server/src/auth/sessions';
import { STORM_CATEGORIES, type PlanCategory } from './plan';

// Setting up the vote storm on an in-process server: the programme through the HTTP API (as an
// organiser would), the voters straight through the server's own store and SessionManager.
// Sign-up is rate limited per address and hashes a password with scrypt (tens of ms); 2,000
// sign-ups would take minutes and measure scrypt, not voting. These accounts get no password
// (an unusable hash: nobody can sign in as them) and a session opened the way sign-in opens one.
// Nothing in the server is changed or bypassed for the votes themselves.

/** Id of the storm's programme. */
export const STORM_PROGRAMME = 'vote-storm';

async function json<T>(baseUrl: string, method: string, url: string, cookie: string, body?: unknown): Promise<T> {
  const res = await fetch(`${baseUrl}${url}`, {
    method,
    headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** `count` voters (role viewer) with a session each: their cookies, and simulated addresses (`perAddress` accounts share one). */
export async function createVoters(server: TestServer, count: number, perAddress: number): Promise<{ userId: string; token: string; cookie: string; address: string }[]> {
  const sessions = new SessionManager(server.store);
  const voters = [];
  for (let i = 0; i < count; i++) {
    const user = await server.store.users.create({ id: randomUUID(), username: `storm-voter-${i}`, displayName: `Voter ${i}`, role: 'viewer', passwordHash: '!no-password' });
    const { token } = await sessions.open(user.id);
    const a = Math.floor(i / perAddress);
    voters.push({ userId: user.id, token, cookie: `${SESSION_COOKIE}=${token}`, address: `10.${(a >> 16) & 255}.${(a >> 8) & 255}.${a & 255}` });
  }
  return voters;
}

/**
 * The storm's programme, through the API as the admin: four works of the admin's (one upload),
 * five categories (the `audience` one with live tallies, so the tally pusher runs too) with the
 * four works entered in each, then advanced to voting.
 */
export async function createStormProgramme(server: TestServer): Promise<{ admin: string; categories: PlanCategory[] }> {
  const admin = await signIn(server.url, 'admin', ADMIN_PASSWORD);
  const png = await sharp({ create: { width: 320, height: 240, channels: 3, background: '#c44536' } }).png().toBuffer();
  const created = await createUpload(server.url, admin, png.length, { filename: 'storm.png', filetype: 'image/png' });
  const patched = await patchUpload(uploadUrlOf(server.url, created), admin, 0, png);
  const asset = Asset.parse((JSON.parse(patched.body) as { asset: unknown }).asset);
  await waitFor(async () => Asset.parse(await json(server.url, 'GET', `/api/assets/${asset.id}`, admin)).status === 'ready', 30_000, 'the storm picture');
  const works: Work[] = [];
  for (let i = 0; i < 4; i++) {
    const metadata = {
      title: { 'zh-CN': `投票作品 ${i}`, en: `Storm work ${i}` },
      creator: 'Bench',
      date: '2026',
      medium: { 'zh-CN': '数字', en: 'Digital' },
      dimensions: { widthCm: 80, heightCm: 60 },
      rights: { holder: 'Bench', licence: 'cc-by' },
    };
    works.push(Work.parse(await json(server.url, 'POST', '/api/works', admin, { assetId: asset.id, kind: 'image', metadata })));
  }
  const hour = 3600_000;
  const at = (h: number) => new Date(Date.now() + h * hour).toISOString();
  await json<AwardProgramme>(server.url, 'POST', '/api/awards', admin, {
    id: STORM_PROGRAMME,
    title: { 'zh-CN': '投票压力测试', en: 'Vote storm' },
    schedule: { entries: at(-1), judging: at(24), voting: at(48), ceremony: at(72), results: at(96) },
    categories: STORM_CATEGORIES.map((c) => ({
      id: c.id,
      title: { 'zh-CN': c.id, en: c.id },
      rubric: [{ id: 'overall', label: { 'zh-CN': '总评', en: 'Overall' }, weight: 1, max: 10 }],
      eligibility: { kinds: ['image'], maxEntriesPerEntrant: 10 },
      votesPerAccount: c.votesPerAccount,
      winnerBy: 'public',
      tallies: c.id === 'audience' ? 'live' : 'hidden',
    })),
  });
  const categories: PlanCategory[] = [];
  for (const c of STORM_CATEGORIES) {
    const entryIds: string[] = [];
    for (const work of works) entryIds.push((await json<{ id: string }>(server.url, 'POST', `/api/awards/${STORM_PROGRAMME}/entries`, admin, { categoryId: c.id, workId: work.id })).id);
    categories.push({ id: c.id, votesPerAccount: c.votesPerAccount, entryIds });
  }
  const programme = await json<AwardProgramme>(server.url, 'POST', `/api/awards/${STORM_PROGRAMME}/advance`, admin, { to: 'voting' });
  if (programme.phase !== 'voting') throw new Error(`the storm programme is in ${programme.phase}, not voting`);
  return { admin, categories };
}

/** Votes counted by the server: the sum of every category's totalVotes in GET /results as the admin. */
export async function countedVotes(baseUrl: string, admin: string): Promise<{ total: number; byCategory: Record<string, number> }> {
  const results = await json<AwardResults>(baseUrl, 'GET', `/api/awards/${STORM_PROGRAMME}/results`, admin);
  const byCategory = Object.fromEntries(results.categories.map((c) => [c.categoryId, c.totalVotes ?? NaN]));
  return { total: Object.values(byCategory).reduce((a, b) => a + b, 0), byCategory };
}
