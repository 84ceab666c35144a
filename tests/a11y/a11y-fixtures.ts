import { Exhibition, ExhibitionView, type AwardEntry, type Work } from '@yunzhan/shared';
import { DEMO_AWARDS, DEMO_CAMERA_EVENT, DEMO_EXHIBITION } from '@yunzhan/server';
import { BEHIND_PROXY, buildProgramme, call, category, expectStatus, makeAccount, makeWorks, seededAccount, type Account } from '../helpers/awards';
import { connectClient, startTestServer, type TestServer } from '../helpers/server';
import { oneWorkLayout } from '../integration/support';

// The content and accounts the accessibility suites visit: the demo data (the generated
// exhibition, the demo award programme in its voting phase, the demo events), plus a programme in
// judging with a judge, a curator's draft and an exhibition waiting for review, a few catalogued
// works and an open poll in the demo camera event. Everything through the real API.

/** Id of the programme in its judging phase (the judging sheet). */
export const JUDGING_AWARD = 'a11y-judging';
/** The curator's draft exhibition (the editor). */
export const DRAFT_EXHIBITION = 'a11y-draft';
/** An exhibition submitted for review (the admin's review queue). */
export const REVIEW_EXHIBITION = 'a11y-review';
/** The event with an open poll. */
export const POLL_EVENT = DEMO_CAMERA_EVENT;
export { DEMO_AWARDS, DEMO_EXHIBITION };

/** Everything the suites need: the server, one account per role, and ids of the content. */
export interface A11yWorld {
  server: TestServer;
  admin: Account;
  curator: Account;
  host: Account;
  judge: Account;
  viewer: Account;
  works: Work[];
  /** A placement of the demo exhibition (the work panel's deep link). */
  placementId: string;
  /** The first entry of the judging programme (the judging sheet). */
  judgingEntry: AwardEntry;
  /** Sends a chat message into the poll event's channel as the host. */
  hostSays(text: string): Promise<void>;
  /** Closes the poll host's socket. */
  close(): Promise<void>;
}

/** Starts a server with the demo data and makes the rest of the world. */
export async function makeWorld(): Promise<A11yWorld> {
  const server = await startTestServer({ ...BEHIND_PROXY, seedExhibition: true });
  try {
    const admin = await seededAccount(server, 'admin');
    const curator = await seededAccount(server, 'curator');
    const host = await seededAccount(server, 'host');
    const judge = await makeAccount(server, admin, 'a11y-judge', 'judge');
    const viewer = await makeAccount(server, admin, 'a11y-viewer');
    const works = await makeWorks(server, curator, 3, 'A11y');
    await server.demoExhibition;

    const view = ExhibitionView.parse(expectStatus(await call(server, 'GET', `/api/exhibitions/${DEMO_EXHIBITION}/view`), 200, 'demo exhibition view'));
    const placementId = view.layout.placements[0]!.id;

    const { entries } = await buildProgramme(server, admin, {
      id: JUDGING_AWARD,
      categories: [category('painting')],
      judgeIds: [judge.id],
      entries: { painting: works },
      phase: 'judging',
    });

    for (const id of [DRAFT_EXHIBITION, REVIEW_EXHIBITION]) {
      const created = await call(server, 'POST', '/api/exhibitions', {
        cookie: curator.cookie,
        body: { id, title: { 'zh-CN': `无障碍测试 ${id}`, en: `Accessibility ${id}` }, templateId: 'white-cube' },
      });
      expectStatus(created, 201, `POST /api/exhibitions ${id}`);
      const saved = await call(server, 'PUT', `/api/exhibitions/${id}/draft`, { cookie: curator.cookie, body: { baseRevision: 0, layout: oneWorkLayout(works[0]!.id) } });
      Exhibition.parse(expectStatus(saved, 200, `PUT draft ${id}`));
    }
    expectStatus(await call(server, 'POST', `/api/exhibitions/${REVIEW_EXHIBITION}/submit`, { cookie: curator.cookie }), 200, 'submit for review');

    // The host opens a poll in the camera event's channel.
    const socket = await connectClient(server.url, host.cookie);
    const ack = <T>(event: string, payload: unknown) =>
      new Promise<{ ok: boolean; data?: T; error?: { message: string } }>((resolve) =>
        (socket.emit as unknown as (e: string, p: unknown, cb: (r: unknown) => void) => void)(event, payload, (r) => resolve(r as { ok: boolean })),
      );
    const joined = await ack('event:join', { eventId: POLL_EVENT });
    if (!joined.ok) throw new Error(`host join: ${joined.error?.message}`);
    const poll = await ack('poll:create', { channel: `event:${POLL_EVENT}`, question: '下一首演奏哪一曲？', options: ['春江花月夜', '高山流水'] });
    if (!poll.ok) throw new Error(`poll: ${poll.error?.message}`);

    return {
      server,
      admin,
      curator,
      host,
      judge,
      viewer,
      works,
      placementId,
      judgingEntry: entries.painting![0]!,
      async hostSays(text) {
        const sent = await ack('chat:send', { channel: `event:${POLL_EVENT}`, text });
        if (!sent.ok) throw new Error(`host chat: ${sent.error?.message}`);
      },
      async close() {
        socket.disconnect();
      },
    };
  } catch (err) {
    await server.dispose();
    throw err;
  }
}
