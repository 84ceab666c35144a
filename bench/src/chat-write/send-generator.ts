import fs from 'node:fs';
import { io, type Socket } from 'socket.io-client';
import { percentile } from '../proc';

// The chat write path's load generator through a server, run as its own process (spawned by
// chat-write.ts) so that its CPU is not the server's. Each sender is a socket.io client with its
// session cookie that joins the event; the plan's messages go out round robin over the senders,
// spread over the schedule, at most `concurrency` unanswered, each with a clientId of its own.
// Latency is from the emit to the ack (the server acks once the message is stored).

/** What the generator is told (a JSON file; its path in CHAT_SEND_PLAN). */
export interface SendPlan {
  url: string;
  /** Session cookies (`yz_session=...`), one socket each. */
  cookies: string[];
  eventId: string;
  /** Sent in the handshake's auth (the real server checks it). */
  protocolVersion: number;
  messages: number;
  /** Messages a second, all senders together; 0: as fast as the concurrency allows. */
  rate: number;
  concurrency: number;
  /** Untimed messages first. */
  warmup: number;
}

/** What it reports back over IPC. */
export interface SendResult {
  sent: number;
  stored: number;
  /** Answers that were not `{ ok: true }`, by error code. */
  refused: Record<string, number>;
  firstRefusal: string | null;
  seconds: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  maxStartLagMs: number;
  /** CPU of this process over the timed run, % of one core. */
  generatorCpu: number;
}

type Ack = { ok: boolean; error?: { code?: string; message?: string } };

async function connect(plan: SendPlan, cookie: string): Promise<Socket> {
  const socket = io(plan.url, { transports: ['websocket'], auth: { protocolVersion: plan.protocolVersion }, extraHeaders: { cookie }, reconnection: false, forceNew: true });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  const joined = (await socket.timeout(30_000).emitWithAck('event:join', { eventId: plan.eventId })) as Ack;
  if (!joined.ok) throw new Error(`event:join refused: ${joined.error?.code} ${joined.error?.message}`);
  return socket;
}

async function run(plan: SendPlan): Promise<SendResult> {
  const sockets = await Promise.all(plan.cookies.map((c) => connect(plan, c)));
  const channel = `event:${plan.eventId}`;
  const result: SendResult = { sent: 0, stored: 0, refused: {}, firstRefusal: null, seconds: 0, latencyMs: { p50: 0, p95: 0, p99: 0, max: 0, mean: 0 }, maxStartLagMs: 0, generatorCpu: 0 };
  const latencies: number[] = [];
  const send = async (i: number, tag: string, timed: boolean) => {
    const socket = sockets[i % sockets.length]!;
    const t0 = performance.now();
    const ack = (await socket.timeout(30_000).emitWithAck('chat:send', { channel, text: `bench message ${i}: 展览很好看 ${'·'.repeat(i % 40)}`, clientId: `${tag}-${i}-msg` })) as Ack;
    if (!timed) return;
    latencies.push(performance.now() - t0);
    if (ack.ok) result.stored += 1;
    else {
      const code = ack.error?.code ?? 'unknown';
      result.refused[code] = (result.refused[code] ?? 0) + 1;
      result.firstRefusal ??= `${code}: ${ack.error?.message ?? ''}`.slice(0, 300);
    }
  };
  const pass = async (count: number, rate: number, tag: string, timed: boolean) => {
    let next = 0;
    const intervalMs = rate > 0 ? 1000 / rate : 0;
    const started = performance.now();
    const worker = async () => {
      while (next < count) {
        const i = next++;
        const due = started + i * intervalMs;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        if (timed) {
          result.maxStartLagMs = Math.max(result.maxStartLagMs, performance.now() - due);
          result.sent += 1;
        }
        await send(i, tag, timed);
      }
    };
    await Promise.all(Array.from({ length: plan.concurrency }, worker));
    return (performance.now() - started) / 1000;
  };
  await pass(plan.warmup, 0, 'warm', false);
  process.send?.({ type: 'start' });
  const cpu0 = process.cpuUsage();
  result.seconds = await pass(plan.messages, plan.rate, 'timed', true);
  const used = process.cpuUsage(cpu0);
  result.generatorCpu = ((used.user + used.system) / 1e6 / result.seconds) * 100;
  result.latencyMs = {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max: Math.max(...latencies),
    mean: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
  };
  for (const s of sockets) s.disconnect();
  return result;
}

const file = process.env.CHAT_SEND_PLAN;
if (!file) {
  process.stderr.write('send-generator: set CHAT_SEND_PLAN (it is spawned by chat-write.ts)\n');
  process.exit(2);
}
run(JSON.parse(fs.readFileSync(file, 'utf8')) as SendPlan).then(
  (result) => {
    process.send?.({ type: 'result', result });
    setTimeout(() => process.exit(0), 200);
  },
  (err: unknown) => {
    process.send?.({ type: 'error', message: String((err as Error).stack ?? err) });
    setTimeout(() => process.exit(1), 200);
  },
);
