import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_CAMERA_EVENT } from '@yunzhan/server';
import type { ChatMessage, Work } from '@yunzhan/shared';
import { MIGRATIONS } from '../server/src/db/migrations';
import { createTestDatabase, type TestDatabase } from '../server/src/db/test-postgres';
import { buildProgramme, call, category, expectStatus, makeAccount, makeWorks, seededAccount, vote, type Account } from './helpers/awards';
import { ok } from './helpers/chat';
import { CURATOR_PASSWORD, startClusterNode, stopClusterNode, type ClusterNode } from './helpers/cluster-node';
import { connectClient, type TestServer } from './helpers/server';
import { metadataOf } from './integration/support';

// Issue 11 acceptance: two server processes on one PostgreSQL database (no Redis: the database is
// all they share) keep the guarantees that are in SQL. They start together (migrations run once),
// 50 identical votes sent to both at once count once, chat written through both gets gapless
// unique sequence numbers, and works created through both never share a catalogue number.

let database: TestDatabase;
let dataDir: string;
let nodes: ClusterNode[] = [];
let sql: pg.Client;

/** The helpers take a TestServer; they use its url and the seeded curator's password (set by startClusterNode). */
const asServer = (node: ClusterNode) => ({ url: node.url, seeded: [{ username: 'curator', role: 'curator', password: CURATOR_PASSWORD }] }) as unknown as TestServer;

beforeAll(async () => {
  database = await createTestDatabase('cluster');
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-pg-cluster-'));
  const env = {
    DATABASE_URL: database.url,
    // The limits per account are not what this test is about: 50 votes and 60 messages from one account.
    VOTE_USER_RATE: '1000/1000',
    CHAT_USER_RATE: '1000/1000',
    CHAT_ADDRESS_RATE: '1000/1000',
    TRUST_PROXY: 'loopback',
  };
  // Both at once, on an empty database: each runs the migrations under the advisory lock.
  // One data folder, as nodes sharing a volume: an upload received by one node is processed by whichever claims its job.
  nodes = await Promise.all([0, 1].map((i) => startClusterNode(i, { dataDir, env })));
  sql = new pg.Client({ connectionString: database.url });
  await sql.connect();
}, 180_000);

afterAll(async () => {
  await sql?.end();
  await Promise.all(nodes.map((n) => stopClusterNode(n)));
  await database?.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('two server processes on one PostgreSQL database', () => {
  it('migrated the database once and wrote no SQLite file', async () => {
    const { rows } = await sql.query<{ name: string }>('SELECT name FROM kysely_migration ORDER BY name');
    expect(rows.map((r) => Number(r.name))).toEqual(MIGRATIONS.map((m) => m.id).sort((a, b) => a - b));
    const sqliteFiles = fs.readdirSync(dataDir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.sqlite/.test(f));
    expect(sqliteFiles).toEqual([]);
    for (const node of nodes) {
      const health = await (await fetch(`${node.url}/healthz`)).json();
      expect(health).toMatchObject({ database: { ok: true, driver: 'postgres' } });
    }
  });

  it('counts 50 identical votes sent to both nodes at once exactly once', async () => {
    const [a, b] = nodes.map(asServer) as [TestServer, TestServer];
    const admin = await seededAccount(a, 'admin');
    const curator = await seededAccount(a, 'curator');
    const works = await makeWorks(a, curator, 2, 'Cluster');
    const { entries } = await buildProgramme(a, admin, { id: 'cluster-awards', categories: [category('best', { votesPerAccount: 1 })], entries: { best: works }, phase: 'voting' });
    const voter: Account = await makeAccount(b, admin, 'cluster-voter');
    const entry = entries.best![0]!;
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => vote(i % 2 ? b : a, voter, 'cluster-awards', 'best', entry.id, { key: 'same-key' })));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.every((s) => s === 201 || s === 200), JSON.stringify(answers.filter((r) => r.status !== 201 && r.status !== 200).map((r) => r.body))).toBe(true);
    const { rows } = await sql.query<{ n: string }>("SELECT count(*) AS n FROM award_votes WHERE programme_id = 'cluster-awards'");
    expect(Number(rows[0]!.n)).toBe(1);
    // A different key for the same entry is a second vote for it: refused, and still one row.
    const again = await vote(b, voter, 'cluster-awards', 'best', entry.id, { key: 'another-key' });
    expect(again.status).toBe(409);
  });

  it('gives chat written through both nodes gapless, unique sequence numbers', async () => {
    const [a, b] = nodes.map(asServer) as [TestServer, TestServer];
    const admin = await seededAccount(a, 'admin');
    const writers = [await makeAccount(a, admin, 'chatter-a'), await makeAccount(b, admin, 'chatter-b')];
    const sockets = await Promise.all(writers.map((w, i) => connectClient(nodes[i]!.url, w.cookie)));
    try {
      const channel = `event:${DEMO_CAMERA_EVENT}`;
      for (const s of sockets) await ok(s, 'event:join', { eventId: DEMO_CAMERA_EVENT });
      const sent = await Promise.all(
        Array.from({ length: 60 }, (_, i) => ok<ChatMessage>(sockets[i % 2]!, 'chat:send', { channel, text: `message ${i} via node ${i % 2}` })),
      );
      const seqs = sent.map((m) => m.seq).sort((x, y) => x - y);
      expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
      const { rows } = await sql.query<{ seq: number }>('SELECT seq FROM chat_messages WHERE channel = $1 ORDER BY seq', [channel]);
      expect(rows.map((r) => r.seq)).toEqual(seqs);
    } finally {
      for (const s of sockets) s.disconnect();
    }
  });

  it('never gives two works the same catalogue number when both nodes catalogue at once', async () => {
    const [a, b] = nodes.map(asServer) as [TestServer, TestServer];
    const curator = await seededAccount(a, 'curator');
    const assetId = (await makeWorks(a, curator, 1, 'Seed'))[0]!.assetId;
    const created = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call<Work>(i % 2 ? b : a, 'POST', '/api/works', {
          cookie: curator.cookie,
          body: { assetId, kind: 'image', metadata: metadataOf(`并发作品${i}`, `Concurrent ${i}`) },
        }),
      ),
    );
    const numbers = created.map((r) => expectStatus(r, 201, 'POST /api/works').catalogueNumber);
    expect(new Set(numbers).size).toBe(20);
    const { rows } = await sql.query<{ catalogue_number: string }>('SELECT catalogue_number FROM works ORDER BY catalogue_number');
    const all = rows.map((r) => r.catalogue_number);
    expect(new Set(all).size).toBe(all.length);
    // Consecutive: allocated from one counter, none skipped.
    const tail = all.map((n) => Number(n.slice(-6)));
    expect(tail).toEqual(Array.from({ length: tail.length }, (_, i) => tail[0]! + i));
  });
});
