import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { ChatChannel } from '@yunzhan/shared';
import { openStore } from '../../../server/src/db/db-store';
import type { Store } from '../../../server/src/db/store';
import { benchEngines, engineName, meterPostgresCpu, stopBenchPostgres, type BenchEngine } from '../engines';
import { percentile } from '../proc';
import { bareSqliteChatWriter, barePgChatWriter, type ChatWrite, type ChatWriter } from './bare-chat-writer';
import { measureChatSend, type ChatSendOptions, type SendRun } from './chat-send';
import { checkSeqs, target, type Target } from './targets';

// `npm run bench` section "chat-write" (issue 11): the chat write path on each engine. The real
// store (openStore, as the server opens it: migrations, Kysely, its pool or statement cache) takes
// messages through `store.chat.insert`, as `chat:send` hands them over; beside it, in the same
// run, the bare driver runs the same statements in one transaction on a database migrated the same
// way (bare-chat-writer.ts). Same messages, senders, channels, rate and concurrency for both; every
// message is timed from the call to its committed answer. Then the same path through a server
// (chat-send.ts): `chat:send` acks from the real server against a bare socket.io server with the
// bare driver. Afterwards each channel's seqs must be exactly 1..n (gapless, no duplicates) or the
// bench throws.

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
  /**
   * The same path through a server (`chat:send` acks, chat-send.ts): messages
   * [BENCH_CHAT_SEND_MESSAGES, default 3000; 0 skips it], rate [BENCH_CHAT_SEND_RATE, default
   * 150/s], 40 senders, the same concurrency and warm-up.
   */
  send: ChatSendOptions;
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
  /** CPU of the PostgreSQL backends of the writer's database over the run, % of one core (PostgreSQL only). */
  databaseCpu?: number;
}

/** One engine's pair. */
export interface EngineChatWrite {
  engine: BenchEngine;
  loadAverage: number;
  bare: WriteRun;
  yunzhan: WriteRun;
  /** Through a server: bare socket.io + driver, and the real server (absent when skipped). */
  send?: { bare: SendRun; yunzhan: SendRun };
}

/** Every engine's pair. */
export interface ChatWriteFigures {
  options: ChatWriteOptions;
  engines: EngineChatWrite[];
}

/** The options from the environment, with their defaults. */
export function chatWriteOptions(env: NodeJS.ProcessEnv = process.env): ChatWriteOptions {
  const num = (v: string | undefined, d: number) => (v !== undefined && v !== '' && Number(v) >= 0 ? Number(v) : d);
  const concurrency = Math.max(1, num(env.BENCH_CHAT_WRITE_CONCURRENCY, 16));
  return {
    messages: Math.max(1, num(env.BENCH_CHAT_WRITE_MESSAGES, 4000)),
    rate: num(env.BENCH_CHAT_WRITE_RATE, 400),
    concurrency,
    channels: 4,
    senders: 16,
    warmup: 200,
    engines: benchEngines(env),
    send: { messages: num(env.BENCH_CHAT_SEND_MESSAGES, 3000), rate: num(env.BENCH_CHAT_SEND_RATE, 150), concurrency, senders: 40, warmup: 200 },
  };
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
async function drive(writer: ChatWriter, messages: ChatWrite[], rate: number, concurrency: number, databaseUrl: string | undefined): Promise<WriteRun> {
  const latencies: number[] = [];
  let next = 0;
  let maxStartLagMs = 0;
  const intervalMs = rate > 0 ? 1000 / rate : 0;
  const database = databaseUrl ? meterPostgresCpu(databaseUrl) : undefined;
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
    await drive(writer, warm, 0, options.concurrency, t.url);
    const run = await drive(writer, messagesFor(users, options.messages, channels, 'timed'), options.rate, options.concurrency, t.url);
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
      const o = options.send;
      if (o.messages > 0) log(`  ${engineName(engine)} through a server: ${o.messages} chat:send (after ${o.warmup} untimed) from ${o.senders} sockets, ${o.rate > 0 ? `${o.rate} a second` : 'as fast as possible'}, at most ${o.concurrency} unanswered:`);
      const send = o.messages > 0 ? await measureChatSend(engine, o, dir, log) : undefined;
      engines.push({ engine, loadAverage, bare, yunzhan, ...(send ? { send } : {}) });
    }
    return { options, engines };
  } finally {
    await stopBenchPostgres();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
