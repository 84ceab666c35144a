import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { ChatChannel } from '@yunzhan/shared';
import { openStore } from '../../../server/src/db/db-store';
import type { Store } from '../../../server/src/db/store';
import { benchDatabase, benchEngines, engineName, meterPostgresCpu, stopBenchPostgres, type BenchEngine } from '../engines';
import { percentile } from '../proc';
import { bareSqliteChatWriter, barePgChatWriter, type ChatWrite, type ChatWriter } from './bare-chat-writer';

// `npm run bench` section "chat-write" (issue 11): the chat write path on each engine. The real
// store (openStore, as the server opens it: migrations, Kysely, its pool or statement cache) takes
// messages through `store.chat.insert`, as `chat:send` hands them over; beside it, in the same
// run, the bare driver runs the same statements in one transaction on a database migrated the same
// way (bare-chat-writer.ts). Same messages, senders, channels, rate and concurrency for both; every
// message is timed from the call to its committed answer. Afterwards each channel's seqs must be
// exactly 1..n (gapless, no duplicates) or the bench throws.

/** Knobs (environment variables in brackets). */
export interface ChatWriteOptions {
  /** Messages per writer [BENCH_CHAT_WRITE_MESSAGES]. Default 4000. */
  messages: number;
  /** Messages a second, spread evenly [BENCH_CHAT_WRITE_RATE]; 0: as fast as the concurrency allows. Default 400. */
  rate: number;
  /** Messages in flight at most [BENCH_CHAT_WRITE_CONCURRENCY]. Default 16. */
  concurrency: number;
  /** Channels the messages go to, round robin. Default 4. */
  channels: number;
  /** Sending accounts. Default 16. */
  senders: number;
  /** Untimed messages first, in a channel of their own (warms the code and the caches). Default 200. */
  warmup: number;
  /** Engines, in order [BENCH_ENGINES]. */
  engines: BenchEngine[];
}

/** One writer's figures. */
export interface WriteRun {
  messages: number;
  seconds: number;
  perSecond: number;
  /** Call to committed answer, per message. */
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  /** How late the last message started against its slot in the schedule, in ms. */
  maxStartLagMs: number;
  /** CPU of this process (writer and driver) over the run, % of one core. */
  cpu: number;
  /** CPU of the PostgreSQL server's processes over the run, % of one core (PostgreSQL only). */
  databaseCpu?: number;
}

/** One engine's pair. */
export interface EngineChatWrite {
  engine: BenchEngine;
  loadAverage: number;
  bare: WriteRun;
  yunzhan: WriteRun;
}

/** Every engine's pair. */
export interface ChatWriteFigures {
  options: ChatWriteOptions;
  engines: EngineChatWrite[];
}

/** The options from the environment, with their defaults. */
export function chatWriteOptions(env: NodeJS.ProcessEnv = process.env): ChatWriteOptions {
  const num = (v: string | undefined, d: number) => (v !== undefined && v !== '' && Number(v) >= 0 ? Number(v) : d);
  return {
    messages: Math.max(1, num(env.BENCH_CHAT_WRITE_MESSAGES, 4000)),
    rate: num(env.BENCH_CHAT_WRITE_RATE, 400),
    concurrency: Math.max(1, num(env.BENCH_CHAT_WRITE_CONCURRENCY, 16)),
    channels: 4,
    senders: 16,
    warmup: 200,
    engines: benchEngines(env),
  };
}

/** Where one writer's database is: a SQLite file, or a fresh PostgreSQL database (dropped by `drop`). */
interface Target {
  engine: BenchEngine;
  sqliteFile?: string;
  url?: string;
  drop(): Promise<void>;
}

async function target(engine: BenchEngine, label: string, dir: string): Promise<Target> {
  if (engine === 'sqlite') return { engine, sqliteFile: path.join(dir, `${label}.sqlite`), drop: async () => {} };
  const database = await benchDatabase(`chat_write_${label}`);
  return { engine, url: database.url, drop: () => database.drop() };
}

/** The real store on a target, migrated, with the sending accounts in it. */
async function storeWithSenders(t: Target, senders: number): Promise<{ store: Store; users: { id: string; displayName: string }[] }> {
  const store = await openStore(t.url ? { url: t.url } : { sqliteFile: t.sqliteFile! });
  const users = [];
  for (let i = 0; i < senders; i++) {
    const user = await store.users.create({ id: randomUUID(), username: `chat-writer-${i}`, displayName: `Writer ${i}`, role: 'viewer', passwordHash: '!no-password' });
    users.push({ id: user.id, displayName: user.displayName });
  }
  return { store, users };
}

/** The real store as a writer: what `chat:send` hands it (visible, no reply, no slow mode). */
function storeWriter(store: Store): ChatWriter {
  return {
    async insert(m) {
      const { message, created } = await store.chat.insert({
        channel: m.channel as ChatChannel,
        userId: m.userId,
        displayName: m.displayName,
        badge: null,
        text: m.text,
        status: 'visible',
        replyToId: null,
        mentions: [],
        danmaku: null,
        clientId: m.clientId,
        minGapMs: 0,
      });
      if (!created) throw new Error(`clientId ${m.clientId} already stored`);
      return message.seq;
    },
    close: () => store.close(),
  };
}

/** The messages: round robin over channels and senders, each with a clientId of its own. */
function messagesFor(users: { id: string; displayName: string }[], count: number, channels: string[], tag: string): ChatWrite[] {
  return Array.from({ length: count }, (_, i) => {
    const user = users[i % users.length]!;
    return { channel: channels[i % channels.length]!, userId: user.id, displayName: user.displayName, text: `bench message ${i}: 展览很好看 ${'·'.repeat(i % 40)}`, clientId: `${tag}-${i}` };
  });
}

/** Sends `messages` through the writer, spread over the schedule, at most `concurrency` in flight. */
async function drive(writer: ChatWriter, messages: ChatWrite[], rate: number, concurrency: number, engine: BenchEngine): Promise<WriteRun> {
  const latencies: number[] = [];
  let next = 0;
  let maxStartLagMs = 0;
  const intervalMs = rate > 0 ? 1000 / rate : 0;
  const database = engine === 'postgres' ? meterPostgresCpu() : undefined;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const worker = async () => {
    while (next < messages.length) {
      const i = next++;
      const due = started + i * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      maxStartLagMs = Math.max(maxStartLagMs, performance.now() - due);
      const t0 = performance.now();
      await writer.insert(messages[i]!);
      latencies.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu0);
  const databaseCpu = database?.();
  return {
    messages: messages.length,
    seconds,
    perSecond: messages.length / seconds,
    latencyMs: {
      p50: percentile(latencies, 50),
      p95: percentile(latencies, 95),
      p99: percentile(latencies, 99),
      max: Math.max(...latencies),
      mean: latencies.reduce((a, b) => a + b, 0) / latencies.length,
    },
    maxStartLagMs,
    cpu: ((used.user + used.system) / 1e6 / seconds) * 100,
    ...(databaseCpu === undefined ? {} : { databaseCpu }),
  };
}

/** Throws unless every channel holds exactly seqs 1..n and the messages add up. */
async function checkSeqs(t: Target, expected: Map<string, number>, name: string, log: (s: string) => void): Promise<void> {
  const text = 'SELECT channel, count(*) AS n, min(seq) AS lo, max(seq) AS hi, count(DISTINCT seq) AS d FROM chat_messages GROUP BY channel ORDER BY channel';
  type Row = { channel: string; n: number; lo: number; hi: number; d: number };
  let rows: Row[];
  if (t.sqliteFile) {
    const db = new BetterSqlite3(t.sqliteFile, { readonly: true });
    rows = db.prepare<[], Row>(text).all();
    db.close();
  } else {
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    rows = (await client.query<Record<keyof Row, string>>(text)).rows.map((r) => ({ channel: r.channel, n: Number(r.n), lo: Number(r.lo), hi: Number(r.hi), d: Number(r.d) }));
    await client.end();
  }
  const problems: string[] = [];
  for (const [channel, n] of expected) {
    const r = rows.find((x) => x.channel === channel);
    if (!r || r.n !== n || r.lo !== 1 || r.hi !== n || r.d !== n) problems.push(`${channel}: ${r ? `${r.n} messages, seqs ${r.lo}..${r.hi}, ${r.d} distinct` : 'no messages'}, expected 1..${n}`);
  }
  if (rows.length !== expected.size) problems.push(`${rows.length} channels, expected ${expected.size}`);
  if (problems.length > 0) throw new Error(`chat write (${name}) does not check out:\n  ${problems.join('\n  ')}`);
  log(`    ${name}: every channel holds seqs 1..n, gapless, ${[...expected.values()].reduce((a, b) => a + b, 0)} messages`);
}

/** One writer on one engine: a fresh database migrated by the real store, the warm-up, the timed run, the seq check. */
async function runWriter(kind: 'bare' | 'yunzhan', engine: BenchEngine, options: ChatWriteOptions, dir: string, log: (s: string) => void): Promise<WriteRun> {
  const t = await target(engine, kind, dir);
  let writer: ChatWriter | undefined;
  try {
    const { store, users } = await storeWithSenders(t, options.senders);
    if (kind === 'bare') {
      await store.close();
      writer = t.sqliteFile ? bareSqliteChatWriter(t.sqliteFile) : barePgChatWriter(t.url!);
    } else writer = storeWriter(store);
    const channels = Array.from({ length: options.channels }, (_, i) => `event:chat-write-${i}`);
    const warm = messagesFor(users, options.warmup, ['event:chat-write-warm-up'], 'warm');
    await drive(writer, warm, 0, options.concurrency, engine);
    const run = await drive(writer, messagesFor(users, options.messages, channels, 'timed'), options.rate, options.concurrency, engine);
    await writer.close();
    writer = undefined;
    const expected = new Map<string, number>([['event:chat-write-warm-up', options.warmup]]);
    for (let i = 0; i < options.messages; i++) expected.set(channels[i % channels.length]!, (expected.get(channels[i % channels.length]!) ?? 0) + 1);
    const name = `${kind === 'bare' ? 'bare' : 'Yunzhan'} ${engineName(engine)}`;
    await checkSeqs(t, expected, name, log);
    const l = run.latencyMs;
    log(`    ${name}: ${run.messages} messages in ${run.seconds.toFixed(1)} s; p50 / p95 / p99 / max ${l.p50.toFixed(2)} / ${l.p95.toFixed(2)} / ${l.p99.toFixed(2)} / ${l.max.toFixed(1)} ms; CPU ${run.cpu.toFixed(1)} %${run.databaseCpu === undefined ? '' : `, PostgreSQL ${run.databaseCpu.toFixed(1)} %`}`);
    return run;
  } finally {
    await writer?.close().catch(() => undefined);
    await t.drop();
  }
}

/** The bare driver, then the real store, on each engine. */
export async function measureChatWrite(log: (s: string) => void, options = chatWriteOptions()): Promise<ChatWriteFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-chat-write-'));
  log(`  ${options.messages} messages per writer (after ${options.warmup} untimed), ${options.rate > 0 ? `${options.rate} a second` : 'as fast as possible'}, at most ${options.concurrency} in flight, ${options.channels} channels, ${options.senders} senders; engines: ${options.engines.map(engineName).join(', ')}`);
  try {
    const engines: EngineChatWrite[] = [];
    for (const engine of options.engines) {
      const loadAverage = os.loadavg()[0]!;
      log(`  ${engineName(engine)} (load average ${loadAverage.toFixed(1)}):`);
      const bare = await runWriter('bare', engine, options, dir, log);
      const yunzhan = await runWriter('yunzhan', engine, options, dir, log);
      log(`    p99 ${engineName(engine)}: Yunzhan ${yunzhan.latencyMs.p99.toFixed(2)} ms / bare ${bare.latencyMs.p99.toFixed(2)} ms = ${(yunzhan.latencyMs.p99 / bare.latencyMs.p99).toFixed(2)}x`);
      engines.push({ engine, loadAverage, bare, yunzhan });
    }
    return { options, engines };
  } finally {
    await stopBenchPostgres();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
