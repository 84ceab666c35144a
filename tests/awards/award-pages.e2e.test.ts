import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { AwardProgramme, JudgeProgress, JudgingSheet, PublicUser, type Work } from '@yunzhan/shared';
import { BEHIND_PROXY, buildProgramme, call, category, createProgramme, expectStatus, freshAddress, makeAccount, makeWorks, resultsOf, seededAccount, type Account } from '../helpers/awards';
import { collectPageErrors, launchChromium } from '../helpers/browser';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server';

// The award pages end to end in Chromium (issue 6): public voting on /awards/:id (one vote per
// account, the live tally reaching another viewer over the socket, the VOTE_LIMIT refusal, the
// signed-out call to sign in), and judging on /awards/:id/judge (draft kept across a reload,
// submit with confirmation, recusal with a reason, blind entrants, an unassigned judge refused)
// with the organiser's progress chart on /awards/:id/admin, and the organiser editing the phase
// dates there (a date out of order refused on its field, a valid one moving the phase). Programmes are made through the API;
// everything the test asserts is read from the DOM or the API, never from the clock.

/** Generous bound for a DOM state to appear (the machine may be busy). */
const DOM_MS = 20_000;
/** The work's creator in every catalogued test work (tests/integration/support.ts metadataOf). */
const CREATOR_NAMES = ['测试艺术家', 'Test Artist'];
/** VOTE_LIMIT's message, in either language the page may be shown in. */
const VOTE_LIMIT_TEXTS = ['You have used all your votes in this category.', '你在这个奖项的票已经投完了。'];

let server: TestServer;
let browser: Browser;
let admin: Account;
let works: Work[];
const contexts: BrowserContext[] = [];

type MarkedWindow = Window & { __sameDocument?: boolean };

/** A page in a context of its own; signed in as `who` (its sign-in from an address of its own) unless anonymous. */
async function newPage(errors: string[], who?: { username: string; password: string }): Promise<Page> {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  contexts.push(ctx);
  if (who) {
    const res = await ctx.request.post(`${server.url}/api/auth/sign-in`, { data: who, headers: { 'x-forwarded-for': freshAddress() } });
    expect(res.status(), `sign-in of ${who.username}: ${await res.text()}`).toBe(200);
  }
  const page = await ctx.newPage();
  collectPageErrors(page, errors);
  return page;
}

/** Another page in the same context (the same signed-in account), errors collected. */
async function siblingPage(of: Page, errors: string[]): Promise<Page> {
  const page = await of.context().newPage();
  collectPageErrors(page, errors);
  return page;
}

const credentials = (a: Account) => ({ username: a.username, password: `${a.username}-password` });

/**
 * Resolves once the page's socket has had its `award:join` acknowledged by the server, so that a
 * broadcast to the programme's room from then on reaches it. Watches socket.io packets on both
 * transports (HTTP long-polling, then the websocket it upgrades to): a sent `42<id>["award:join",…]`
 * and its answer `43<id>[…]`. Call before the page navigates.
 */
function awardJoined(page: Page): Promise<void> {
  return new Promise((resolve) => {
    const pending = new Set<string>();
    const sent = (payload: string) => {
      for (const packet of payload.split('\x1e')) {
        const m = /^42(\d+)\["award:join"/.exec(packet);
        if (m) pending.add(m[1]!);
      }
    };
    const received = (payload: string) => {
      for (const packet of payload.split('\x1e')) {
        const m = /^43(\d+)\[/.exec(packet);
        if (m && pending.has(m[1]!)) resolve();
      }
    };
    page.on('websocket', (ws) => {
      ws.on('framesent', (f) => typeof f.payload === 'string' && sent(f.payload));
      ws.on('framereceived', (f) => typeof f.payload === 'string' && received(f.payload));
    });
    page.on('request', (req) => {
      if (req.url().includes('/socket.io/') && req.method() === 'POST') sent(req.postData() ?? '');
    });
    page.on('response', (res) => {
      if (!res.url().includes('/socket.io/') || res.request().method() !== 'GET') return;
      res.text().then(received, () => undefined);
    });
  });
}

beforeAll(async () => {
  server = await startTestServer({ ...BEHIND_PROXY, seedExhibition: false });
  browser = await launchChromium();
  admin = await seededAccount(server, 'admin');
  const curator = await seededAccount(server, 'curator');
  works = await makeWorks(server, curator, 5, 'Pages');
}, 180_000);
afterAll(async () => {
  for (const c of contexts) await c.close().catch(() => undefined);
  await browser?.close();
  await server?.dispose();
});

describe('the award pages in Chromium', () => {
  it('votes once per account, pushes the live tally to another viewer, refuses a second vote and asks signed-out viewers to sign in', async () => {
    const errors: string[] = [];
    const AWARD = 'e2e-pages-voting';
    const viewerA = await makeAccount(server, admin, 'pages-viewer-a');
    const viewerB = await makeAccount(server, admin, 'pages-viewer-b');
    const { entries } = await buildProgramme(server, admin, {
      id: AWARD,
      categories: [category('audience', { votesPerAccount: 1, tallies: 'live', winnerBy: 'public' })],
      entries: { audience: works.slice(0, 3) },
      phase: 'voting',
    });
    const [x, y] = [entries.audience![0]!.id, entries.audience![1]!.id];
    const url = `${server.url}/awards/${AWARD}`;

    // A (two tabs: the second is loaded before the vote, so it still offers the other nominees), B, and a signed-out viewer.
    const pageA = await newPage(errors, credentials(viewerA));
    const staleA = await siblingPage(pageA, errors);
    const pageB = await newPage(errors, credentials(viewerB));
    const anonymous = await newPage(errors);
    const bJoined = awardJoined(pageB);
    for (const page of [pageA, staleA, pageB, anonymous]) await page.goto(url);
    for (const page of [pageA, staleA, pageB, anonymous]) await page.getByTestId('award-page').waitFor({ timeout: DOM_MS });

    for (const page of [pageA, staleA]) {
      await page.locator('[data-testid="award-votes-left"][data-left="1"]').waitFor({ timeout: DOM_MS });
      await page.locator(`[data-testid="award-vote-${y}"]:enabled`).waitFor({ timeout: DOM_MS });
    }
    // B sees the live tally at 0 and follows the programme's room.
    await pageB.locator(`[data-testid="award-tally-${x}"][data-votes="0"]`).waitFor({ timeout: DOM_MS });
    await bJoined;
    await pageB.evaluate(() => {
      (window as MarkedWindow).__sameDocument = true;
    });

    // Signed out: no Vote buttons, a link to sign in instead.
    await anonymous.getByTestId('award-sign-in-to-vote').waitFor({ timeout: DOM_MS });
    await anonymous.getByTestId('award-nominee').first().waitFor({ timeout: DOM_MS });
    expect(await anonymous.locator('button[data-testid^="award-vote-"]').count()).toBe(0);

    // A votes for X: no votes left, X marked as voted, every other nominee's button disabled.
    await pageA.getByTestId(`award-vote-${x}`).click();
    await pageA.locator('[data-testid="award-votes-left"][data-left="0"]').waitFor({ timeout: DOM_MS });
    await pageA.locator(`[data-testid="award-vote-${x}"][aria-pressed="true"]:disabled`).waitFor({ timeout: DOM_MS });
    expect(await pageA.locator(`[data-testid="award-nominee"][data-entry-id="${x}"]`).getAttribute('data-mine')).toBe('true');
    for (const entry of entries.audience!.slice(1)) {
      expect(await pageA.getByTestId(`award-vote-${entry.id}`).isDisabled(), `vote button of ${entry.id}`).toBe(true);
    }
    expect(await pageA.getByTestId('award-vote-error').count()).toBe(0);

    // B's bar for X goes to 1 from the socket's award:tally, in the same document.
    await pageB.locator(`[data-testid="award-tally-${x}"][data-votes="1"]`).waitFor({ timeout: DOM_MS });
    expect(await pageB.evaluate(() => (window as MarkedWindow).__sameDocument)).toBe(true);
    expect(await pageB.locator(`[data-testid="award-tally-${y}"]`).getAttribute('data-votes')).toBe('0');

    // A's stale tab still offers Y; the server refuses it with VOTE_LIMIT, and the tab catches up.
    await staleA.getByTestId(`award-vote-${y}`).click();
    const refusal = staleA.getByTestId('award-vote-error');
    await refusal.waitFor({ timeout: DOM_MS });
    const text = (await refusal.textContent()) ?? '';
    expect(VOTE_LIMIT_TEXTS.some((t) => text.includes(t)), `refusal: ${text}`).toBe(true);
    await staleA.locator('[data-testid="award-votes-left"][data-left="0"]').waitFor({ timeout: DOM_MS });
    await staleA.locator(`[data-testid="award-vote-${x}"][aria-pressed="true"]`).waitFor({ timeout: DOM_MS });

    // Exactly one vote was counted, for X, and it is A's.
    const results = await resultsOf(server, AWARD, admin);
    const audience = results.categories.find((c) => c.categoryId === 'audience')!;
    expect(audience.totalVotes).toBe(1);
    expect(Object.fromEntries(audience.entries.map((e) => [e.entryId, e.votes]))).toEqual(Object.fromEntries(entries.audience!.map((e) => [e.id, e.id === x ? 1 : 0])));
    const mineOf = async (who: Account) =>
      expectStatus(await call<Record<string, string[]>>(server, 'GET', `/api/awards/${AWARD}/votes/mine`, { cookie: who.cookie }), 200, `votes/mine of ${who.username}`);
    expect((await mineOf(viewerA)).audience).toEqual([x]);
    expect((await mineOf(viewerB)).audience ?? []).toEqual([]);

    expect(errors).toEqual([]);
  }, 180_000);

  it('lets an assigned judge keep a draft, submit a final score and recuse, blind to the entrant; refuses another judge; shows the organiser the progress', async () => {
    const errors: string[] = [];
    const AWARD = 'e2e-pages-judging';
    const judge = await makeAccount(server, admin, 'pages-judge', 'judge');
    const outsider = await makeAccount(server, admin, 'pages-other-judge', 'judge');
    const { entries } = await buildProgramme(server, admin, {
      id: AWARD,
      categories: [category('painting', { blindEntrant: true })],
      judgeIds: [judge.id],
      entries: { painting: works.slice(3, 5) },
      phase: 'judging',
    });
    const [first, second] = [entries.painting![0]!.id, entries.painting![1]!.id];
    const judgeUrl = `${server.url}/awards/${AWARD}/judge`;

    const page = await newPage(errors, credentials(judge));
    await page.goto(judgeUrl);
    await page.getByTestId('judge-page').waitFor({ timeout: DOM_MS });
    await page.locator('[data-testid="judge-progress"][data-submitted="0"][data-total="2"]').waitFor({ timeout: DOM_MS });

    // Blind to the entrant: a "blind" badge where the creator would be, and no creator's name anywhere.
    for (const id of [first, second]) {
      await page.getByTestId(`blind-${id}`).waitFor({ timeout: DOM_MS });
      const card = (await page.getByTestId(`judge-entry-${id}`).textContent()) ?? '';
      for (const name of CREATOR_NAMES) expect(card, `card of ${id}`).not.toContain(name);
    }
    const whole = (await page.getByTestId('judge-page').textContent()) ?? '';
    for (const name of CREATOR_NAMES) expect(whole).not.toContain(name);

    // A draft: typed, saved, and still there after a reload.
    await page.getByTestId(`score-${first}-craft`).fill('7');
    await page.getByTestId(`score-${first}-idea`).fill('4');
    await page.getByTestId(`save-${first}`).click();
    await page.locator(`[data-testid="judge-entry-${first}"][data-status="draft"]`).waitFor({ timeout: DOM_MS });
    await page.getByTestId(`draft-saved-${first}`).waitFor({ timeout: DOM_MS });
    await page.reload();
    await page.locator(`[data-testid="judge-entry-${first}"][data-status="draft"]`).waitFor({ timeout: DOM_MS });
    expect(await page.getByTestId(`score-${first}-craft`).inputValue()).toBe('7');
    expect(await page.getByTestId(`score-${first}-idea`).inputValue()).toBe('4');
    await page.locator('[data-testid="judge-progress"][data-submitted="0"][data-total="2"]').waitFor({ timeout: DOM_MS });

    // Submit, confirmed: the final badge and the scores read-only, no form left.
    await page.getByTestId(`submit-${first}`).click();
    await page.getByTestId(`submit-${first}-confirm`).click();
    await page.getByTestId(`final-${first}`).waitFor({ timeout: DOM_MS });
    const firstCard = page.getByTestId(`judge-entry-${first}`);
    expect(await firstCard.getAttribute('data-status')).toBe('submitted');
    expect(await firstCard.locator('input, textarea').count()).toBe(0);
    expect(await page.getByTestId(`save-${first}`).count()).toBe(0);
    expect(await page.getByTestId(`submit-${first}`).count()).toBe(0);
    expect((await page.getByTestId(`score-${first}-craft`).textContent())?.replace(/\s+/g, '')).toBe('7/10');
    expect((await page.getByTestId(`score-${first}-idea`).textContent())?.replace(/\s+/g, '')).toBe('4/5');
    await page.locator('[data-testid="judge-progress"][data-submitted="1"][data-total="2"]').waitFor({ timeout: DOM_MS });

    // Recusal from the second entry, with a reason (Confirm waits for one).
    await page.getByTestId(`recuse-${second}`).click();
    expect(await page.getByTestId(`recuse-${second}-confirm`).isDisabled()).toBe(true);
    await page.getByTestId(`recuse-${second}-reason`).fill('I taught this artist.');
    await page.getByTestId(`recuse-${second}-confirm`).click();
    await page.getByTestId(`recused-${second}`).waitFor({ timeout: DOM_MS });
    expect(await page.getByTestId(`judge-entry-${second}`).getAttribute('data-status')).toBe('recused');
    await page.locator('[data-testid="judge-progress"][data-submitted="1"][data-total="1"]').waitFor({ timeout: DOM_MS });

    // Both stick across a reload.
    await page.reload();
    await page.getByTestId(`final-${first}`).waitFor({ timeout: DOM_MS });
    await page.getByTestId(`recused-${second}`).waitFor({ timeout: DOM_MS });

    // The server agrees: the judge's sheet (total (7/10·2 + 4/5) / 3 · 100) and the organiser's progress.
    const sheet = JudgingSheet.parse(expectStatus(await call(server, 'GET', `/api/awards/${AWARD}/judging`, { cookie: judge.cookie }), 200, 'judging sheet'));
    const lines = new Map(sheet.categories.flatMap((c) => c.entries).map((e) => [e.entry.id, e]));
    expect(lines.get(first)?.mine).toMatchObject({ status: 'submitted', scores: { craft: 7, idea: 4 } });
    expect(lines.get(first)?.mine?.total).toBeCloseTo(((0.7 * 2 + 0.8) / 3) * 100, 6);
    expect(lines.get(second)).toMatchObject({ recused: true, mine: null });
    for (const line of lines.values()) expect(line.entry, 'blind to the entrant').toMatchObject({ entrantId: null, work: { creator: null } });

    // A judge who is not on this programme is refused the sheet.
    const other = await newPage(errors, credentials(outsider));
    await other.goto(judgeUrl);
    await other.getByTestId('judge-forbidden').waitFor({ timeout: DOM_MS });
    expect(await other.getByTestId('judge-page').count()).toBe(0);

    // The organiser's console: the judge's bar is 1 submitted and 1 recused, nothing else.
    const organiser = await newPage(errors, { username: 'admin', password: ADMIN_PASSWORD });
    await organiser.goto(`${server.url}/awards/${AWARD}/admin`);
    await organiser.getByTestId('award-admin-page').waitFor({ timeout: DOM_MS });
    const bar = organiser.getByTestId(`progress-${judge.id}`);
    await bar.locator('[data-kind="submitted"][data-count="1"]').waitFor({ timeout: DOM_MS });
    await bar.locator('[data-kind="recused"][data-count="1"]').waitFor({ timeout: DOM_MS });
    expect(await bar.locator('[data-kind="drafts"], [data-kind="remaining"]').count()).toBe(0);
    const progress = JudgeProgress.array().parse(expectStatus(await call(server, 'GET', `/api/awards/${AWARD}/progress`, { cookie: admin.cookie }), 200, 'progress'));
    expect(progress.find((p) => p.judgeId === judge.id)).toMatchObject({ submitted: 1, recused: 1, drafts: 0 });

    expect(errors).toEqual([]);
  }, 180_000);

  it("lets the organiser edit the phase dates: a date out of order is refused on its field, a past voting date moves the phase to voting", async () => {
    const errors: string[] = [];
    const AWARD = 'e2e-pages-schedule';
    // Created in judging by its dates (judging began an hour ago, voting is a day away).
    await createProgramme(server, admin, { id: AWARD, categories: [category('painting')], judgeIds: [], eventId: null }, 'judging');
    const programmeOf = async () => AwardProgramme.parse(expectStatus(await call(server, 'GET', `/api/awards/${AWARD}`, { cookie: admin.cookie }), 200, 'programme'));
    const before = await programmeOf();
    expect(before.phase).toBe('judging');

    const page = await newPage(errors, { username: 'admin', password: ADMIN_PASSWORD });
    await page.goto(`${server.url}/awards/${AWARD}/admin`);
    await page.locator('[data-testid="award-admin-page"][data-phase="judging"]').waitFor({ timeout: DOM_MS });
    await page.getByTestId('edit-schedule').click();
    // Prefilled with the programme's dates, as the browser's wall-clock time.
    const judgingShown = await page.getByTestId('schedule-judging').inputValue();
    expect(judgingShown).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/);
    expect(await page.evaluate((iso) => {
      const d = new Date(iso);
      const p = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
    }, before.schedule.judging)).toBe(judgingShown);

    // Voting before judging: the error sits on the voting field, and nothing reaches the server.
    await page.getByTestId('schedule-voting').fill('2000-01-01T00:00');
    await page.getByTestId('save-schedule').click();
    await page.getByTestId('schedule-error-voting').waitFor({ timeout: DOM_MS });
    expect(await page.getByTestId('schedule-voting').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('[data-testid^="schedule-error-"]').count()).toBe(1);
    const unchanged = await programmeOf();
    expect(unchanged.schedule).toEqual(before.schedule);
    expect(unchanged.phase).toBe('judging');

    // Voting a minute ago (after judging began, an hour ago): saved, and the page is in voting.
    const aMinuteAgo = await page.evaluate(() => {
      const d = new Date(Date.now() - 60_000);
      const p = (n: number) => String(n).padStart(2, '0');
      return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
    });
    await page.getByTestId('schedule-voting').fill(aMinuteAgo);
    expect(await page.getByTestId('schedule-error-voting').count()).toBe(0);
    await page.getByTestId('save-schedule').click();
    await page.locator('[data-testid="award-admin-page"][data-phase="voting"]').waitFor({ timeout: DOM_MS });
    await page.locator('[data-testid="phase-voting"][data-state="current"]').waitFor({ timeout: DOM_MS });
    expect(await page.getByTestId('schedule-form').count()).toBe(0);

    // The server holds the new voting date and only that: the others kept to the millisecond.
    const after = await programmeOf();
    expect(after.phase).toBe('voting');
    expect(Date.parse(after.schedule.voting)).toBeLessThanOrEqual(Date.now());
    expect(Date.parse(after.schedule.voting)).toBeGreaterThanOrEqual(Date.parse(before.schedule.judging));
    for (const phase of ['entries', 'judging', 'ceremony', 'results'] as const) expect(Date.parse(after.schedule[phase]), phase).toBe(Date.parse(before.schedule[phase]));

    // The change is in the audit log, by the admin named rather than by id.
    const line = page.locator('[data-testid="audit-line"][data-action="programme-update"]').first();
    await line.waitFor({ timeout: DOM_MS });
    const actor = line.getByTestId('audit-actor');
    expect(await actor.getAttribute('data-actor-id')).toBe(admin.id);
    const users = PublicUser.array().parse(expectStatus(await call(server, 'GET', '/api/users', { cookie: admin.cookie }), 200, 'users'));
    const me = users.find((u) => u.id === admin.id)!;
    const label = me.displayName.trim() && me.displayName !== me.username ? `${me.displayName} (${me.username})` : me.username;
    await expect.poll(async () => (await actor.textContent())?.trim(), { timeout: DOM_MS }).toBe(label);

    expect(errors).toEqual([]);
  }, 180_000);
});
