import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROTOCOL_VERSION } from '@yunzhan/shared';
import { SessionManager } from '../../../server/src/auth/sessions';
import { openStore } from '../../../server/src/db/db-store';
import { ADMIN_PASSWORD, signIn, startTestServer } from '../../../tests/helpers/server';
import { benchDatabase, engineName, meterPostgresCpu, type BenchEngine } from '../engines';
import { cpuSeconds, listeningPort, spawnTs, stopChild } from '../proc';
import { createVoters } from '../vote-storm/storm-setup';
import type { SendPlan, SendResult } from './send-generator';
import { checkSeqs, target } from './targets';

// The chat write path through a server: `chat:send` over socket.io to the real server (in this
// process: zod, policies, rate limits, keyword rules, the chat store's insert, the batched
// fan-out) against bare-chat-server.ts (socket.io + the bare driver, the same statements), each
// on the engine under test; the senders in a generator process of their own (send-generator.ts).

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** The event the senders write in. */
const EVENT_ID = 'chat-write-bench';

/** Knobs of the server path. */
export interface ChatSendOptions {
  messages: number;
  /** Messages a second, all senders together. */
  rate: number;
  concurrency: number;
  /** Sending accounts, one socket each (the real server lets one socket send 20 events a second). */
  senders: number;
  warmup: number;
}

/** One server's figures. */
export interface SendRun extends SendResult {
  /** CPU of the server process over the timed run, % of one core. */
  serverCpu: number;
  /** CPU of the PostgreSQL backends of this server's database over the timed run, % of one core (PostgreSQL only). */
  databaseCpu?: number;
}

/** Runs the generator on a plan; `serverCpu` reads the server's CPU seconds so far. */
async function generate(plan: SendPlan, dir: string, serverCpu: () => number, database: string | undefined): Promise<SendRun> {
  const file = path.join(dir, `send-plan-${Date.now()}.json`);
  fs.writeFileSync(file, JSON.stringify(plan));
  const child = spawnTs(path.join(HERE, 'send-generator.ts'), { CHAT_SEND_PLAN: file }, true);
  let start: { at: number; cpu: number; database?: () => number } | undefined;
  try {
    return await new Promise<SendRun>((resolve, reject) => {
      child.on('message', (m: { type: string; result?: SendResult; message?: string }) => {
        if (m.type === 'start') start = { at: performance.now(), cpu: serverCpu(), ...(database ? { database: meterPostgresCpu(database) } : {}) };
        else if (m.type === 'result' && m.result) {
          const wall = start ? (performance.now() - start.at) / 1000 : NaN;
          const databaseCpu = start?.database?.();
          resolve({ ...m.result, serverCpu: start ? ((serverCpu() - start.cpu) / wall) * 100 : NaN, ...(databaseCpu === undefined ? {} : { databaseCpu }) });
        } else if (m.type === 'error') reject(new Error(`send generator failed: ${m.message}`));
      });
      child.once('exit', (code) => reject(new Error(`send generator exited with ${code}`)));
    });
  } finally {
    await stopChild(child, 10_000);
  }
}

/** Throws unless every message was stored. */
function reconcile(name: string, run: SendRun, options: ChatSendOptions): void {
  if (run.sent !== options.messages || run.stored !== run.sent) {
    throw new Error(`chat send (${name}): sent ${run.sent} of ${options.messages}, stored ${run.stored}; refused ${JSON.stringify(run.refused)} (first: ${run.firstRefusal})`);
  }
}

const plan = (url: string, cookies: string[], options: ChatSendOptions): SendPlan => ({
  url,
  cookies,
  eventId: EVENT_ID,
  protocolVersion: PROTOCOL_VERSION,
  messages: options.messages,
  rate: options.rate,
  concurrency: options.concurrency,
  warmup: options.warmup,
});

const expected = (options: ChatSendOptions) => new Map([[`event:${EVENT_ID}`, options.warmup + options.messages]]);

/** The bare socket.io server on a fresh database migrated by the real store, with the senders' accounts and sessions in it. */
async function sendBare(engine: BenchEngine, options: ChatSendOptions, dir: string, log: (s: string) => void): Promise<SendRun> {
  const t = await target(engine, 'send_bare', dir);
  try {
    const store = await openStore(t.url ? { url: t.url } : { sqliteFile: t.sqliteFile! });
    const sessions = new SessionManager(store);
    const cookies: string[] = [];
    for (let i = 0; i < options.senders; i++) {
      const user = await store.users.create({ id: `sender-${i}`, username: `chat-sender-${i}`, displayName: `Sender ${i}`, role: 'viewer', passwordHash: '!no-password' });
      cookies.push(`yz_session=${(await sessions.open(user.id)).token}`);
    }
    await store.close();
    const server = spawnTs(path.join(HERE, 'bare-chat-server.ts'), t.url ? { BARE_CHAT_DB_URL: t.url } : { BARE_CHAT_DB: t.sqliteFile! }, false);
    let run: SendRun;
    try {
      const port = await listeningPort(server, 'bare chat server');
      run = await generate(plan(`http://127.0.0.1:${port}`, cookies, options), dir, () => cpuSeconds(server.pid!) ?? 0, t.url);
    } finally {
      await stopChild(server, 10_000);
    }
    const name = `bare socket.io ${engineName(engine)}`;
    reconcile(name, run, options);
    await checkSeqs(t, expected(options), name, log);
    return run;
  } finally {
    await t.drop();
  }
}

/** The real server on the engine (a fresh database), an event, the senders signed in through the server's own SessionManager. */
async function sendYunzhan(engine: BenchEngine, options: ChatSendOptions, dir: string, log: (s: string) => void): Promise<SendRun> {
  const database = engine === 'postgres' ? await benchDatabase('chat_send') : undefined;
  // The senders share one loopback address and write 10 times the default per-account rate: raise
  // the chat limits for this server only (the per-socket event limit, 20/s, stays).
  const server = await startTestServer({
    seedExhibition: false,
    chatUserRate: { burst: 1000, perSecond: 1000 },
    chatAddressRate: { burst: 100_000, perSecond: 100_000 },
    ...(database ? { databaseUrl: database.url } : {}),
  }).catch(async (err: unknown) => {
    await database?.drop();
    throw err;
  });
  try {
    const admin = await signIn(server.url, 'admin', ADMIN_PASSWORD);
    const res = await fetch(`${server.url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin },
      body: JSON.stringify({ id: EVENT_ID, title: 'Chat write bench', description: 'bench', hostIds: [] }),
    });
    if (res.status >= 300) throw new Error(`POST /api/events: ${res.status} ${await res.text()}`);
    const senders = await createVoters(server, options.senders, options.senders);
    const ownCpu = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    };
    const run = await generate(plan(server.url, senders.map((s) => s.cookie), options), dir, ownCpu, database?.url);
    const name = `Yunzhan ${engineName(engine)}`;
    reconcile(name, run, options);
    await checkSeqs({ engine, ...(database ? { url: database.url } : { sqliteFile: server.config.databaseFile }), drop: async () => {} }, expected(options), name, log);
    return run;
  } finally {
    await server.dispose();
    await database?.drop();
  }
}

const line = (name: string, r: SendRun) => {
  const l = r.latencyMs;
  return `    ${name}: ${r.sent} chat:send in ${r.seconds.toFixed(1)} s; ack p50 / p95 / p99 / max ${l.p50.toFixed(2)} / ${l.p95.toFixed(2)} / ${l.p99.toFixed(2)} / ${l.max.toFixed(1)} ms; server CPU ${r.serverCpu.toFixed(1)} %${r.databaseCpu === undefined ? '' : `, PostgreSQL ${r.databaseCpu.toFixed(1)} %`}`;
};

/** The bare socket.io server, then the real one, on an engine. */
export async function measureChatSend(engine: BenchEngine, options: ChatSendOptions, dir: string, log: (s: string) => void): Promise<{ bare: SendRun; yunzhan: SendRun }> {
  const bare = await sendBare(engine, options, dir, log);
  log(line(`bare socket.io ${engineName(engine)}`, bare));
  const yunzhan = await sendYunzhan(engine, options, dir, log);
  log(line(`Yunzhan ${engineName(engine)}`, yunzhan));
  return { bare, yunzhan };
}
