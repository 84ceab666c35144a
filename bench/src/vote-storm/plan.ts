// The vote storm's plan: which account sends which vote with which key, from which address, in
// what order, and how many of those requests must be accepted, replayed or refused. Pure data,
// deterministic for given inputs, shared by the orchestrator and the load generator.

/** One vote request of the storm. */
export interface VoteRequest {
  /** Session cookie (`yz_session=...`). */
  cookie: string;
  /** Simulated client address, sent as X-Forwarded-For (the server trusts it from loopback). */
  address: string;
  /** Idempotency-Key header. */
  key: string;
  categoryId: string;
  entryId: string;
  /** Why it is in the plan: a first vote, a retry (same key), a duplicate (new key), one over the category's limit, or a second vote where two are allowed. */
  kind: 'vote' | 'retry' | 'duplicate' | 'over-limit' | 'second';
}

/** What the load generator is told (a JSON file; its path in VOTE_STORM_PLAN). */
export interface StormPlan {
  /** The servers, each sent every request of the plan: `baseUrl` (`http://127.0.0.1:<port>`) and the path votes are POSTed to. */
  targets: { baseUrl: string; path: string }[];
  requests: VoteRequest[];
  /** Each target's requests are spread evenly over this many seconds of its own (0: as fast as the concurrency allows). */
  seconds: number;
  /** Requests in flight at most (keep-alive sockets), per target. */
  concurrency: number;
  /**
   * The plan is cut into this many slices, sent to the targets in turn (slice 1 to each target,
   * then slice 2, …), so that whatever else the machine does in those minutes falls on both alike.
   */
  slices: number;
}

/** A category as the plan needs it. */
export interface PlanCategory {
  id: string;
  votesPerAccount: number;
  entryIds: string[];
}

/** How many requests of the plan end each way, whatever order they run in. */
export interface PlanExpectation {
  accepted: number;
  replays: number;
  /** Refusals by code (`CONFLICT/already-voted`, `VOTE_LIMIT`). */
  rejected: Record<string, number>;
}

/** The storm's categories: the first allows one vote (where the duplicates and over-limit votes go), the fourth two. */
export const STORM_CATEGORIES = [
  { id: 'painting', votesPerAccount: 1 },
  { id: 'ink', votesPerAccount: 1 },
  { id: 'sculpture', votesPerAccount: 1 },
  { id: 'photo', votesPerAccount: 2 },
  { id: 'audience', votesPerAccount: 1 },
] as const;

/** A small deterministic PRNG (mulberry32), so that every run sends the same storm. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Five requests per account: a first vote in each of the first four categories, then a fifth
 * that is, by account number mod 10, a first vote in the fifth category (6 in 10), a retry of the
 * first vote with its key (1 in 10: a replay), the same vote with a new key (1 in 10: CONFLICT
 * already-voted), another entry in the one-vote category (1 in 10: VOTE_LIMIT) or a second vote
 * in the two-vote category (1 in 10: accepted). Sent in five rounds (every account's first
 * request, then every second one, …), accounts shuffled in each round, so that a retry usually
 * follows its original; if it overtakes it the totals are the same.
 */
export function buildStorm(accounts: { cookie: string; address: string }[], categories: PlanCategory[], seed = 6): { requests: VoteRequest[]; expected: PlanExpectation } {
  if (categories.length !== 5 || categories.some((c) => c.entryIds.length < 2)) throw new Error('the storm needs 5 categories of 2 or more entries');
  if (categories[0]!.votesPerAccount !== 1 || categories[3]!.votesPerAccount < 2) throw new Error('category 1 must allow one vote and category 4 two');
  const rand = random(seed);
  const rounds: VoteRequest[][] = [[], [], [], [], []];
  const expected: PlanExpectation = { accepted: 0, replays: 0, rejected: {} };
  const refuse = (code: string) => (expected.rejected[code] = (expected.rejected[code] ?? 0) + 1);
  accounts.forEach((account, a) => {
    const pick = (c: number, not?: string) => {
      const ids = categories[c]!.entryIds.filter((id) => id !== not);
      return ids[Math.floor(rand() * ids.length)]!;
    };
    const firsts = [0, 1, 2, 3].map((c): VoteRequest => ({ ...account, key: `storm-${a}-${c}`, categoryId: categories[c]!.id, entryId: pick(c), kind: 'vote' }));
    firsts.forEach((r, i) => rounds[i]!.push(r));
    expected.accepted += 4;
    const first = firsts[0]!;
    let fifth: VoteRequest;
    switch (a % 10) {
      case 1:
        fifth = { ...first, kind: 'retry' };
        expected.replays += 1;
        break;
      case 4:
        fifth = { ...first, key: `storm-${a}-dup`, kind: 'duplicate' };
        refuse('CONFLICT/already-voted');
        break;
      case 7:
        fifth = { ...first, key: `storm-${a}-over`, entryId: pick(0, first.entryId), kind: 'over-limit' };
        refuse('VOTE_LIMIT');
        break;
      case 9:
        fifth = { ...firsts[3]!, key: `storm-${a}-second`, entryId: pick(3, firsts[3]!.entryId), kind: 'second' };
        expected.accepted += 1;
        break;
      default:
        fifth = { ...account, key: `storm-${a}-4`, categoryId: categories[4]!.id, entryId: pick(4), kind: 'vote' };
        expected.accepted += 1;
    }
    rounds[4]!.push(fifth);
  });
  for (const round of rounds) {
    for (let i = round.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [round[i], round[j]] = [round[j]!, round[i]!];
    }
  }
  return { requests: rounds.flat(), expected };
}

/**
 * Untimed votes before the storm, from accounts that are not in it: one first vote each, round
 * robin over the categories and their entries, so every one is accepted. They warm both servers
 * (code paths, statement caches, pool connections, the database's caches) the same way.
 */
export function buildWarmUp(accounts: { cookie: string; address: string }[], categories: PlanCategory[]): VoteRequest[] {
  return accounts.map((account, a) => {
    const category = categories[a % categories.length]!;
    return { ...account, key: `warm-up-${a}`, categoryId: category.id, entryId: category.entryIds[Math.floor(a / categories.length) % category.entryIds.length]!, kind: 'vote' };
  });
}

/** The p-th percentile (0..100) of sorted values, by nearest rank. */
export function percentileOf(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
