import { connectRaw, type RawClient } from './raw-client';

// The chat load generator, run as its own process (forked by chat-load.ts) so that its CPU is not
// the server's. It opens N receivers in one room in waves, then a few senders send chat at a set
// total rate for a set time; every message carries its send time (`bench <ms> <n>`), receivers
// count what reaches them and a sample of them records now - sent. Bounded: N clients, one
// window, a fixed-size latency sample.

/** What the parent asks for (JSON in CHAT_LOAD_PLAN). */
export interface LoadPlan {
  /** `ws://127.0.0.1:<port>`. */
  url: string;
  /** The bare broadcast server (`chat` events) or Yunzhan (`event:join`, `chat:send`, `chat:batch`). */
  target: 'bare' | 'yunzhan';
  /** Receivers in the room. */
  clients: number;
  /** Session cookies of the senders (Yunzhan), or one empty string per sender (bare). */
  senders: string[];
  /** Messages per second, all senders together. */
  ratePerSecond: number;
  durationSeconds: number;
  /** Every k-th receiver records latencies. */
  sampleEvery: number;
  /** Connections opened at once. */
  waveSize: number;
  protocolVersion?: number;
  eventId?: string;
}

/** What the generator reports back. */
export interface LoadResult {
  connected: number;
  failed: number;
  firstError: string | null;
  connectSeconds: number;
  /** Messages the senders sent, and those the server refused. */
  sent: number;
  refused: number;
  /** Message deliveries counted over all receivers (a message reaching 5,000 receivers is 5,000). */
  delivered: number;
  /** delivered / (accepted messages × receivers). */
  deliveredShare: number;
  deliveredPerSecond: number;
  latencyMs: { p50: number; p99: number; max: number; samples: number };
  /** CPU of this process over the sending window, % of one core. */
  generatorCpu: number;
}

const MARKER = 'bench ';
/** Latencies kept, at most (reservoir sampling beyond). */
const MAX_SAMPLES = 200_000;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

async function run(plan: LoadPlan): Promise<LoadResult> {
  const auth = plan.protocolVersion === undefined ? {} : { protocolVersion: plan.protocolVersion };
  const latencies: number[] = [];
  let seen = 0;
  let delivered = 0;
  let measuring = false;
  const record = (ms: number) => {
    seen += 1;
    if (latencies.length < MAX_SAMPLES) latencies.push(ms);
    else {
      const at = Math.floor(Math.random() * seen);
      if (at < MAX_SAMPLES) latencies[at] = ms;
    }
  };
  // Receivers find message markers in the raw frame: the same work for a bare frame of one message
  // and a Yunzhan batch of several, and no JSON decode of frames nobody looks into.
  const receiver = (sampled: boolean) => (frame: string) => {
    if (!measuring) return;
    const now = Date.now();
    let at = frame.indexOf(MARKER);
    while (at !== -1) {
      delivered += 1;
      if (sampled) record(now - Number(frame.slice(at + MARKER.length, frame.indexOf(' ', at + MARKER.length))));
      at = frame.indexOf(MARKER, at + MARKER.length);
    }
  };

  const join = async (client: RawClient) => {
    if (plan.target !== 'yunzhan') return;
    const ack = (await client.request('event:join', { eventId: plan.eventId })) as { ok: boolean; error?: { message: string } };
    if (!ack.ok) throw new Error(`event:join refused: ${ack.error?.message}`);
  };

  const receivers: RawClient[] = [];
  let failed = 0;
  let firstError: string | null = null;
  const connectStart = performance.now();
  for (let i = 0; i < plan.clients; i += plan.waveSize) {
    const wave = Array.from({ length: Math.min(plan.waveSize, plan.clients - i) }, async (_, k) => {
      const client = await connectRaw({ url: plan.url, auth, onEvent: receiver((i + k) % plan.sampleEvery === 0) });
      await join(client);
      return client;
    });
    for (const r of await Promise.allSettled(wave)) {
      if (r.status === 'fulfilled') receivers.push(r.value);
      else {
        failed += 1;
        firstError ??= String((r.reason as Error).message ?? r.reason);
      }
    }
    process.send?.({ type: 'progress', connected: receivers.length, failed });
  }
  const connectSeconds = (performance.now() - connectStart) / 1000;
  const senders = await Promise.all(
    plan.senders.map(async (cookie) => {
      const client = await connectRaw({ url: plan.url, auth, cookie });
      await join(client);
      return client;
    }),
  );
  // Let the joins' presence and history traffic settle before the window opens.
  await new Promise((r) => setTimeout(r, 2000));

  let sent = 0;
  let refused = 0;
  let n = 0;
  const channel = `event:${plan.eventId ?? ''}`;
  const send = (client: RawClient) => {
    const text = `${MARKER}${Date.now()} ${n++}`;
    sent += 1;
    if (plan.target === 'bare') return client.emit('chat', { text });
    client.request('chat:send', { channel, text }).then(
      (ack) => {
        if (!(ack as { ok: boolean }).ok) {
          refused += 1;
          firstError ??= JSON.stringify(ack).slice(0, 200);
        }
      },
      () => (refused += 1),
    );
  };
  measuring = true;
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  const intervalMs = 1000 / plan.ratePerSecond;
  await new Promise<void>((resolve) => {
    let i = 0;
    const tick = () => {
      // Catch up by the clock, not by counting timers: timers slip under load, the rate must not.
      const due = Math.floor((performance.now() - started) / intervalMs);
      while (i < due && i < plan.ratePerSecond * plan.durationSeconds) send(senders[i++ % senders.length]!);
      if (i >= plan.ratePerSecond * plan.durationSeconds) resolve();
      else setTimeout(tick, Math.max(1, intervalMs / 2));
    };
    tick();
  });
  const sendSeconds = (performance.now() - started) / 1000;
  // Drain: what is still in flight has two seconds to arrive.
  await new Promise((r) => setTimeout(r, 2000));
  measuring = false;
  const used = process.cpuUsage(cpu0);
  const cpuWall = (performance.now() - started) / 1000;
  for (const c of [...receivers, ...senders]) c.close();
  latencies.sort((a, b) => a - b);
  const accepted = sent - refused;
  return {
    connected: receivers.length,
    failed,
    firstError,
    connectSeconds,
    sent,
    refused,
    delivered,
    deliveredShare: accepted > 0 && receivers.length > 0 ? delivered / (accepted * receivers.length) : 0,
    deliveredPerSecond: delivered / sendSeconds,
    latencyMs: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? NaN, samples: seen },
    generatorCpu: ((used.user + used.system) / 1e6 / cpuWall) * 100,
  };
}

const plan = JSON.parse(process.env.CHAT_LOAD_PLAN ?? 'null') as LoadPlan | null;
if (!plan) {
  process.stderr.write('load-generator: set CHAT_LOAD_PLAN (it is forked by chat-load.ts)\n');
  process.exit(2);
}
run(plan).then(
  (result) => {
    process.send?.({ type: 'result', result });
    setTimeout(() => process.exit(0), 200);
  },
  (err: unknown) => {
    process.send?.({ type: 'error', message: String((err as Error).stack ?? err) });
    setTimeout(() => process.exit(1), 200);
  },
);
