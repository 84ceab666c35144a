import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, type AwardEntry, type JudgingSheet, type Work } from '@yunzhan/shared';
import { BEHIND_PROXY, buildProgramme, call, category, makeAccount, makeWorks, resultsOf, seededAccount, type Account } from '../helpers/awards';
import { startTestServer, type TestServer } from '../helpers/server';

// Bad input at every award request that takes some (issue 6, and the platform's rule that bad
// input gets a clear error with a stable code and corrupts nothing): malformed JSON, the wrong
// JSON types, unknown and prototype-polluting keys, oversized bodies, malformed ids in the path,
// malformed Idempotency-Keys and query parameters. Every answer must be a 4xx with a known code,
// never a 5xx; afterwards the server is healthy and nothing was counted, scored or logged.

let server: TestServer;
/** Error lines the server logged (an input reaching an unexpected failure logs one). */
const serverErrors: string[] = [];
let admin: Account;
let judge: Account;
let viewer: Account;
let judging: Record<string, AwardEntry[]>;
let voting: Record<string, AwardEntry[]>;

const JUDGING = 'bad-input-judging';
const VOTING = 'bad-input-voting';

/** Bodies every JSON request is tried with (raw text, so malformed JSON can be sent too). */
const BAD_BODIES: { name: string; text: string }[] = [
  { name: 'malformed JSON', text: '{"categoryId":' },
  { name: 'an array', text: '[]' },
  { name: 'null', text: 'null' },
  { name: 'a string', text: '"painting"' },
  { name: 'a number', text: '42' },
  { name: 'an empty object', text: '{}' },
  { name: 'prototype keys', text: '{"__proto__":{"admin":true},"constructor":{"prototype":{"polluted":1}}}' },
  { name: 'wrong types', text: JSON.stringify({ categoryId: 5, entryId: {}, scores: 'x', submit: 'yes', to: 7, stage: [], role: null, schedule: 1, title: [], workId: true, reason: 9 }) },
  { name: 'an unknown key', text: JSON.stringify({ categoryId: 'painting', entryId: 'en_aaaaaaaaaaaa', extra: 1 }) },
  { name: 'control characters and a long id', text: JSON.stringify({ categoryId: '\u0000\u202e', entryId: `en_${'x'.repeat(5000)}`, workId: '../../etc/passwd' }) },
];

/** What an answer to bad input must be: a 4xx with a stable code and a message. */
function expectRefused(status: number, body: unknown, what: string): void {
  expect(status, what).toBeGreaterThanOrEqual(400);
  expect(status, what).toBeLessThan(500);
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  expect(ErrorCode.safeParse(error?.code).success, `${what}: ${JSON.stringify(body)?.slice(0, 300)}`).toBe(true);
  expect(typeof error?.message, what).toBe('string');
}

async function raw(method: string, url: string, who: Account | null, text: string | undefined, headers: Record<string, string> = {}): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: { ...(text === undefined ? {} : { 'content-type': 'application/json' }), ...(who ? { cookie: who.cookie } : {}), ...headers },
    ...(text === undefined ? {} : { body: text }),
  });
  const body = await res.text();
  let parsed: unknown = null;
  try {
    parsed = body ? JSON.parse(body) : null;
  } catch {
    parsed = body;
  }
  return { status: res.status, body: parsed };
}

beforeAll(async () => {
  server = await startTestServer(
    { ...BEHIND_PROXY, voteUserRate: { burst: 10_000, perSecond: 10_000 }, voteAddressRate: { burst: 10_000, perSecond: 10_000 } },
    { logs: (entry) => entry.level >= 50 && serverErrors.push(entry.msg ?? '') },
  );
  admin = await seededAccount(server, 'admin');
  const curator = await seededAccount(server, 'curator');
  judge = await makeAccount(server, admin, 'badinputjudge', 'judge');
  viewer = await makeAccount(server, admin, 'badinputviewer');
  const works: Work[] = await makeWorks(server, curator, 2, 'Bad input');
  judging = (await buildProgramme(server, admin, { id: JUDGING, categories: [category('painting')], judgeIds: [judge.id], entries: { painting: works }, phase: 'judging' })).entries;
  voting = (await buildProgramme(server, admin, { id: VOTING, categories: [category('painting', { votesPerAccount: 2 })], entries: { painting: works }, phase: 'voting' })).entries;
}, 180_000);
afterAll(async () => {
  await server?.dispose();
});

describe('bad input to the award requests', () => {
  it('answers every malformed body with a 4xx and a stable code', async () => {
    const entry = () => judging.painting![0]!.id;
    // An empty patch is a valid no-op, so PATCH skips the empty object.
    const routes: { method: string; url: () => string; who: () => Account; valid?: string[] }[] = [
      { method: 'POST', url: () => '/api/awards', who: () => admin },
      { method: 'PATCH', url: () => `/api/awards/${JUDGING}`, who: () => admin, valid: ['an empty object'] },
      { method: 'POST', url: () => `/api/awards/${JUDGING}/advance`, who: () => admin },
      { method: 'POST', url: () => `/api/awards/${JUDGING}/entries`, who: () => admin },
      { method: 'PUT', url: () => `/api/awards/${JUDGING}/scores/${entry()}`, who: () => judge },
      { method: 'POST', url: () => `/api/awards/${JUDGING}/recusals`, who: () => judge },
      { method: 'POST', url: () => `/api/awards/${VOTING}/votes`, who: () => viewer },
      { method: 'POST', url: () => `/api/awards/${JUDGING}/tie-break`, who: () => admin },
      { method: 'POST', url: () => `/api/awards/${VOTING}/reveal`, who: () => admin },
      { method: 'PATCH', url: () => `/api/users/${viewer.id}`, who: () => admin },
    ];
    for (const route of routes) {
      for (const bad of BAD_BODIES) {
        if (route.valid?.includes(bad.name)) continue;
        const { status, body } = await raw(route.method, route.url(), route.who(), bad.text);
        expectRefused(status, body, `${route.method} ${route.url()} with ${bad.name}`);
      }
      // Over the 32 KiB limit of API bodies: PAYLOAD_TOO_LARGE, read no further.
      const big = await raw(route.method, route.url(), route.who(), JSON.stringify({ categoryId: 'x'.repeat(40_000) }));
      expectRefused(big.status, big.body, `${route.method} ${route.url()} with 40 KB`);
      expect(big.status).toBe(413);
    }
  });

  it('answers malformed ids, keys and query parameters with a 4xx and a stable code', async () => {
    const good = JSON.stringify({ categoryId: 'painting', entryId: voting.painting![0]!.id });
    const badIds = ['UPPER-case', 'a', 'x'.repeat(300), '..%2F..%2Fetc', '%00', 'a b', '__proto__'];
    for (const id of badIds) {
      for (const [method, path, who, text] of [
        ['GET', `/api/awards/${id}`, admin, undefined],
        ['GET', `/api/awards/${id}/results`, null, undefined],
        ['POST', `/api/awards/${id}/votes`, viewer, good],
        ['PUT', `/api/awards/${JUDGING}/scores/${id}`, judge, JSON.stringify({ scores: { composition: 1, colour: 1 } })],
        ['DELETE', `/api/awards/${JUDGING}/entries/${id}`, admin, undefined],
        ['PATCH', `/api/users/${id}`, admin, JSON.stringify({ role: 'judge' })],
      ] as const) {
        const { status, body } = await raw(method, path, who, text);
        expectRefused(status, body, `${method} ${path}`);
      }
    }
    for (const key of ['short', 'x'.repeat(101), 'has a space', 'ünïcode-key-1', 'a,b,c,d,e,f,g,h']) {
      const { status, body } = await raw('POST', `/api/awards/${VOTING}/votes`, viewer, good, { 'idempotency-key': key });
      expectRefused(status, body, `Idempotency-Key ${key}`);
    }
    for (const query of ['after=abc', 'limit=-1', 'limit=1e9', 'after=1&after=2', 'limit[$gt]=1']) {
      const { status, body } = await raw('GET', `/api/awards/${JUDGING}/audit?${query}`, admin, undefined);
      expect(status === 200 || (status >= 400 && status < 500), `audit?${query}: ${status}`).toBe(true);
      if (status !== 200) expectRefused(status, body, `audit?${query}`);
    }
    const weird = await raw('GET', `/api/awards?eventId=${encodeURIComponent('../x')}`, null, undefined);
    expect(weird.status === 200 || (weird.status >= 400 && weird.status < 500)).toBe(true);
  });

  it('is still serving afterwards, with nothing counted, scored or logged by the bad requests', async () => {
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    expect(serverErrors).toEqual([]);
    const results = await resultsOf(server, VOTING, admin);
    expect(results.categories[0]!.totalVotes).toBe(0);
    const sheet = (await call<JudgingSheet>(server, 'GET', `/api/awards/${JUDGING}/judging`, { cookie: judge.cookie })).body;
    expect(sheet.categories[0]!.entries.every((e) => e.mine === null && !e.recused)).toBe(true);
    const audit = (await call<{ action: string }[]>(server, 'GET', `/api/awards/${JUDGING}/audit`, { cookie: admin.cookie })).body;
    // Only what building the programme wrote: its creation, the entries and the advance.
    expect(audit.every((line) => ['programme-update', 'entry-add', 'advance'].includes(line.action))).toBe(true);
    const programme = (await call<{ phase: string; judgeIds: string[] }>(server, 'GET', `/api/awards/${JUDGING}`, { cookie: admin.cookie })).body;
    expect(programme.phase).toBe('judging');
    expect(programme.judgeIds).toEqual([judge.id]);
    // And a good vote still counts.
    const ok = await raw('POST', `/api/awards/${VOTING}/votes`, viewer, JSON.stringify({ categoryId: 'painting', entryId: voting.painting![0]!.id }), { 'idempotency-key': 'good-key-0001' });
    expect(ok.status).toBe(201);
    expect((await resultsOf(server, VOTING, admin)).categories[0]!.totalVotes).toBe(1);
  });
});
