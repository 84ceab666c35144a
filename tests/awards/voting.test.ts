import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VoteResult, type AwardEntry, type Work } from '@yunzhan/shared';
import {
  BEHIND_PROXY,
  buildProgramme,
  call,
  category,
  expectStatus,
  freshAddress,
  makeAccount,
  makeAccounts,
  makeWorks,
  resultsOf,
  seededAccount,
  vote,
  wireError,
  type Account,
  type Answer,
} from '../helpers/awards';
import { startTestServer, type TestServer } from '../helpers/server';

// Public voting (issue 6): one vote (or N) per account per category, held by the database under
// concurrency; idempotency keys so a retried request never counts twice; per-account and
// per-address rate limits. Every count is checked against GET /results as the admin.

let server: TestServer;
let admin: Account;
let curator: Account;
let works: Work[];

/** Votes of an entry and the category's total, as the admin sees them. */
async function countOf(programmeId: string, categoryId: string, entryId?: string, on = { server, admin }): Promise<{ entry: number | null; total: number | null }> {
  const results = await resultsOf(on.server, programmeId, on.admin);
  const cat = results.categories.find((c) => c.categoryId === categoryId)!;
  return { entry: entryId ? (cat.entries.find((e) => e.entryId === entryId)?.votes ?? null) : null, total: cat.totalVotes };
}

const codeAndReason = (a: Answer) => `${wireError(a)?.code}/${String(wireError(a)?.details?.reason ?? '')}`;

beforeAll(async () => {
  // Generous limits here: this suite is about counting; the limits have their own server below.
  server = await startTestServer({ ...BEHIND_PROXY, seedExhibition: false, voteUserRate: { burst: 1000, perSecond: 1000 }, voteAddressRate: { burst: 100_000, perSecond: 100_000 } });
  admin = await seededAccount(server, 'admin');
  curator = await seededAccount(server, 'curator');
  works = await makeWorks(server, curator, 6, 'Vote');
}, 120_000);
afterAll(async () => server?.dispose());

describe('public voting under concurrency', () => {
  let entries: Record<string, AwardEntry[]>;
  const id = 'vote-storm-test';

  beforeAll(async () => {
    ({ entries } = await buildProgramme(server, admin, {
      id,
      categories: [category('painting', { votesPerAccount: 2 }), category('audience', { votesPerAccount: 2, winnerBy: 'public', tallies: 'live' })],
      entries: { painting: works.slice(0, 3), audience: works.slice(0, 5) },
      phase: 'voting',
    }));
  });

  it('counts 50 parallel copies of one vote from one account once, whatever their keys', async () => {
    const voter = await makeAccount(server, admin, 'dup-voter');
    const target = entries.painting![0]!.id;
    // 25 copies share one key (retries of one request), 25 carry keys of their own (the user clicking again).
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => vote(server, voter, id, 'painting', target, { key: i < 25 ? 'same-key-0001' : `own-key-${String(i).padStart(4, '0')}` })),
    );
    const created = answers.filter((a) => a.status === 201);
    expect(created, JSON.stringify(answers.map((a) => a.status))).toHaveLength(1);
    const winner = VoteResult.parse(created[0]!.body);
    expect(winner).toMatchObject({ categoryId: 'painting', entryId: target, replayed: false, myVotes: [target], votesLeft: 1 });
    for (const a of answers.filter((x) => x.status !== 201)) {
      if (a.status === 200) {
        // A replay: only a copy that carries the accepted request's key.
        expect(VoteResult.parse(a.body)).toMatchObject({ replayed: true, entryId: target, myVotes: [target] });
      } else {
        expect([a.status, codeAndReason(a)]).toEqual([409, 'CONFLICT/already-voted']);
      }
    }
    const replays = answers.filter((a) => a.status === 200).length;
    expect(replays).toBeLessThanOrEqual(24);
    expect(await countOf(id, 'painting', target)).toEqual({ entry: 1, total: 1 });
    expect(expectStatus(await call(server, 'GET', `/api/awards/${id}/votes/mine`, { cookie: voter.cookie }), 200)).toMatchObject({ painting: [target] });
  });

  it('counts exactly one vote per account when many accounts each send their vote several times at once', async () => {
    const voters = await makeAccounts(server, admin, 'crowd', 24);
    const [a, b] = [entries.painting![1]!.id, entries.painting![2]!.id];
    const before = await countOf(id, 'painting');
    const answers = await Promise.all(
      voters.flatMap((voter, v) =>
        Array.from({ length: 5 }, (_, k) => vote(server, voter, id, 'painting', v % 2 === 0 ? a : b, { key: k < 3 ? `crowd-${v}-retry` : null })),
      ),
    );
    expect(answers.filter((x) => x.status === 201)).toHaveLength(voters.length);
    for (const x of answers) expect([201, 200, 409]).toContain(x.status);
    for (const x of answers.filter((y) => y.status === 409)) expect(codeAndReason(x)).toBe('CONFLICT/already-voted');
    expect(await countOf(id, 'painting', a)).toMatchObject({ entry: 12 });
    expect(await countOf(id, 'painting', b)).toMatchObject({ entry: 12 });
    expect((await countOf(id, 'painting')).total).toBe(before.total! + voters.length);
    for (const voter of voters.slice(0, 4)) {
      const mine = expectStatus(await call<Record<string, string[]>>(server, 'GET', `/api/awards/${id}/votes/mine`, { cookie: voter.cookie }), 200);
      expect(mine.painting).toHaveLength(1);
    }
  });

  it('accepts exactly N of N + 3 different votes sent at once, the rest VOTE_LIMIT', async () => {
    const voters = await makeAccounts(server, admin, 'limit', 6);
    const options = entries.audience!.map((e) => e.id);
    expect(options).toHaveLength(5);
    const before = await countOf(id, 'audience');
    const answers = await Promise.all(voters.map((voter) => Promise.all(options.map((entryId) => vote(server, voter, id, 'audience', entryId)))));
    for (const mine of answers) {
      expect(mine.filter((x) => x.status === 201)).toHaveLength(2);
      const refused = mine.filter((x) => x.status !== 201);
      expect(refused.map((x) => [x.status, wireError(x)?.code])).toEqual(Array(3).fill([409, 'VOTE_LIMIT']));
      const accepted = mine.filter((x) => x.status === 201).map((x) => VoteResult.parse(x.body));
      expect(accepted.map((r) => r.votesLeft).sort()).toEqual([0, 1]);
    }
    expect((await countOf(id, 'audience')).total).toBe(before.total! + voters.length * 2);
  });

  it('answers a retried request with the first answer (200, replayed) without counting it, and refuses the key for another vote', async () => {
    const voter = await makeAccount(server, admin, 'retrier');
    const [first, second] = [entries.painting![0]!.id, entries.painting![1]!.id];
    const original = await vote(server, voter, id, 'painting', first, { key: 'retry-key-123' });
    expect(VoteResult.parse(expectStatus(original, 201))).toMatchObject({ replayed: false, myVotes: [first], votesLeft: 1 });
    const counted = await countOf(id, 'painting', first);

    const replay = await vote(server, voter, id, 'painting', first, { key: 'retry-key-123' });
    expect(VoteResult.parse(expectStatus(replay, 200))).toMatchObject({ replayed: true, entryId: first, myVotes: [first], votesLeft: 1 });
    expect(await countOf(id, 'painting', first)).toEqual(counted);

    const reused = await vote(server, voter, id, 'painting', second, { key: 'retry-key-123' });
    expect([reused.status, codeAndReason(reused)]).toEqual([409, 'CONFLICT/idempotency-key-reused']);
    expect(await countOf(id, 'painting', second)).toMatchObject({ total: counted.total });
    // The same body with a new key is a second vote for the same entry: refused, not counted.
    const again = await vote(server, voter, id, 'painting', first, { key: 'another-key-456' });
    expect([again.status, codeAndReason(again)]).toEqual([409, 'CONFLICT/already-voted']);
    expect(await countOf(id, 'painting', first)).toEqual(counted);
    // A malformed key is refused before anything is counted.
    expect((await vote(server, voter, id, 'painting', second, { key: 'bad key!' })).status).toBe(400);
  });

  it('refuses votes from signed-out callers and for entries of another category', async () => {
    const anonymous = await vote(server, undefined, id, 'painting', entries.painting![0]!.id);
    expect([anonymous.status, wireError(anonymous)?.code]).toEqual([401, 'UNAUTHENTICATED']);
    const voter = await makeAccount(server, admin, 'wrong-category');
    const misplaced = await vote(server, voter, id, 'painting', entries.audience![4]!.id);
    expect(misplaced.status).toBeGreaterThanOrEqual(400);
    expect(misplaced.status).toBeLessThan(500);
  });
});

describe('votes outside the voting phase', () => {
  it.each(['entries', 'judging', 'ceremony', 'results'] as const)('are PHASE_CLOSED in %s', async (phase) => {
    const { entries } = await buildProgramme(server, admin, { id: `vote-closed-${phase}`, categories: [category('painting')], entries: { painting: works.slice(0, 2) }, phase });
    const voter = await makeAccount(server, admin, `closed-${phase}`);
    const refused = await vote(server, voter, `vote-closed-${phase}`, 'painting', entries.painting![0]!.id);
    expect([refused.status, wireError(refused)?.code]).toEqual([409, 'PHASE_CLOSED']);
    expect((await countOf(`vote-closed-${phase}`, 'painting')).total).toBe(0);
  });
});

describe('vote rate limits', () => {
  let limited: TestServer;
  afterAll(async () => limited?.dispose());

  it('answers RATE_LIMITED with retryAfterMs past the per-account and the per-address bucket', async () => {
    // 3 votes per account, then one every 100 s; 6 per address, then one every 100 s.
    limited = await startTestServer({ ...BEHIND_PROXY, seedExhibition: false, voteUserRate: { burst: 3, perSecond: 0.01 }, voteAddressRate: { burst: 6, perSecond: 0.01 } });
    const boss = await seededAccount(limited, 'admin');
    const owner = await seededAccount(limited, 'curator');
    const own = await makeWorks(limited, owner, 6, 'Limit');
    const { entries } = await buildProgramme(limited, boss, { id: 'vote-limits', categories: [category('open', { votesPerAccount: 10 })], entries: { open: own }, phase: 'voting' });
    const ids = entries.open!.map((e) => e.id);
    const cast = (who: Account, entryId: string, address: string) => vote(limited, who, 'vote-limits', 'open', entryId, { address });

    // Per account: three votes pass, the fourth (from the same account, a new address) waits.
    const eager = await makeAccount(limited, boss, 'eager');
    for (const entryId of ids.slice(0, 3)) expectStatus(await cast(eager, entryId, freshAddress()), 201);
    const tooMany = await cast(eager, ids[3]!, freshAddress());
    expect([tooMany.status, wireError(tooMany)?.code]).toEqual([429, 'RATE_LIMITED']);
    expect(wireError(tooMany)?.details?.retryAfterMs).toEqual(expect.any(Number));
    expect(wireError(tooMany)?.details?.retryAfterMs as number).toBeGreaterThan(0);

    // Per address: three accounts behind one address share its six; the seventh vote waits,
    // while the same account from another address is served.
    const shared = freshAddress();
    const family = await makeAccounts(limited, boss, 'family', 4);
    for (const member of family.slice(0, 3)) {
      for (const entryId of ids.slice(0, 2)) expectStatus(await cast(member, entryId, shared), 201);
    }
    const crowded = await cast(family[3]!, ids[0]!, shared);
    expect([crowded.status, wireError(crowded)?.code]).toEqual([429, 'RATE_LIMITED']);
    expect(wireError(crowded)?.details?.retryAfterMs as number).toBeGreaterThan(0);
    expectStatus(await cast(family[3]!, ids[0]!, freshAddress()), 201);

    // Only the accepted votes count: 3 + 6 + 1.
    expect((await countOf('vote-limits', 'open', undefined, { server: limited, admin: boss })).total).toBe(10);
  }, 120_000);
});
