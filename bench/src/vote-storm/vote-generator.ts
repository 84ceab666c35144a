import fs from 'node:fs';
import http from 'node:http';
import { percentileOf, type StormPlan } from './plan';

// The vote storm's load generator, run as its own process (spawned by vote-storm.ts) so that its
// CPU is not the server's. It sends the plan's requests over keep-alive loopback HTTP, spread
// evenly over the plan's window, never more than `concurrency` in flight, and classifies every
// answer: 201 accepted, 200 with replayed:true a replay, anything else rejected by its error code
// (and details.reason). Latency is from writing the request to the end of the answer.

/** What the generator reports back over IPC. */
export interface StormResult {
  sent: number;
  accepted: number;
  replays: number;
  /** Refusals by `CODE` or `CODE/reason`. */
  rejected: Record<string, number>;
  /** Answers that are none of the above (a 200 that is not a replay, a 5xx, a network error). */
  anomalies: Record<string, number>;
  firstAnomaly: string | null;
  /** Seconds from the first request to the last answer. */
  seconds: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  /** The slowest request: when it was sent (seconds into the storm) and how long it took. */
  slowest: { atSeconds: number; ms: number };
  /** The ten slowest requests: seconds into the storm they were sent, ms they took, their index. */
  slowestTen: { atSeconds: number; ms: number; index: number }[];
  /** Every request at or above the p99 latency, in the order they were sent. */
  tail: { atSeconds: number; ms: number; index: number }[];
  /** Longest TCP connect of a new socket, in ms. */
  maxConnectMs: number;
  /** How late the last request started against its slot in the window, in ms (the concurrency cap or a stalled event loop). */
  maxStartLagMs: number;
  /** CPU of this process over the storm, % of one core. */
  generatorCpu: number;
}

/** Longest TCP connect seen (a new keep-alive socket), in ms. */
let maxConnectMs = 0;

function send(agent: http.Agent, plan: StormPlan, i: number): Promise<{ status: number; body: string }> {
  const r = plan.requests[i]!;
  const payload = JSON.stringify({ categoryId: r.categoryId, entryId: r.entryId });
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${plan.baseUrl}${plan.path}`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
          cookie: r.cookie,
          'idempotency-key': r.key,
          'x-forwarded-for': r.address,
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.on('socket', (socket) => {
      if (!socket.connecting) return;
      const t0 = performance.now();
      socket.once('connect', () => (maxConnectMs = Math.max(maxConnectMs, performance.now() - t0)));
    });
    req.end(payload);
  });
}

async function run(plan: StormPlan): Promise<StormResult> {
  // Idle sockets are dropped after 4 s, before the server's keep-alive timeout (Node's default,
  // 5 s) closes them: a request written on a socket the server is closing would be reset.
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.concurrency, timeout: 4000 });
  const total = plan.requests.length;
  const latencies: number[] = new Array(total);
  const startedAt: number[] = new Array(total);
  const result: StormResult = {
    sent: 0,
    accepted: 0,
    replays: 0,
    rejected: {},
    anomalies: {},
    firstAnomaly: null,
    seconds: 0,
    latencyMs: { p50: 0, p95: 0, p99: 0, max: 0, mean: 0 },
    slowest: { atSeconds: 0, ms: 0 },
    slowestTen: [],
    tail: [],
    maxConnectMs: 0,
    maxStartLagMs: 0,
    generatorCpu: 0,
  };
  const count = (into: Record<string, number>, key: string) => (into[key] = (into[key] ?? 0) + 1);
  const anomaly = (key: string, detail: string) => {
    count(result.anomalies, key);
    result.firstAnomaly ??= detail.slice(0, 300);
  };
  const intervalMs = plan.seconds > 0 ? (plan.seconds * 1000) / total : 0;
  process.send?.({ type: 'start' });
  const cpu0 = process.cpuUsage();
  const started = performance.now();
  let next = 0;
  // `concurrency` workers take the next request when its slot in the window has come.
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const due = started + i * intervalMs;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      result.maxStartLagMs = Math.max(result.maxStartLagMs, performance.now() - due);
      const t0 = performance.now();
      result.sent += 1;
      startedAt[i] = (t0 - started) / 1000;
      const done = () => {
        latencies[i] = performance.now() - t0;
        if (latencies[i]! > result.slowest.ms) result.slowest = { atSeconds: (t0 - started) / 1000, ms: latencies[i]! };
      };
      try {
        const { status, body } = await send(agent, plan, i);
        done();
        if (status === 201) result.accepted += 1;
        else if (status === 200 && (JSON.parse(body) as { replayed?: boolean }).replayed === true) result.replays += 1;
        else if (status >= 400 && status < 500) {
          const error = (JSON.parse(body) as { error?: { code?: string; details?: { reason?: string } } }).error;
          count(result.rejected, error?.details?.reason ? `${error.code}/${error.details.reason}` : String(error?.code ?? status));
        } else anomaly(`HTTP ${status}`, body);
      } catch (err) {
        done();
        anomaly('network error', String((err as Error).message ?? err));
      }
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, worker));
  result.seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu0);
  result.generatorCpu = ((used.user + used.system) / 1e6 / result.seconds) * 100;
  agent.destroy();
  result.maxConnectMs = maxConnectMs;
  result.slowestTen = latencies
    .map((ms, index) => ({ ms, index, atSeconds: startedAt[index]! }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 10);
  const sorted = latencies.filter((l) => l !== undefined).sort((a, b) => a - b);
  result.latencyMs = {
    p50: percentileOf(sorted, 50),
    p95: percentileOf(sorted, 95),
    p99: percentileOf(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length),
  };
  result.tail = latencies.flatMap((ms, index) => (ms >= result.latencyMs.p99 ? [{ ms, index, atSeconds: startedAt[index]! }] : []));
  return result;
}

const file = process.env.VOTE_STORM_PLAN;
if (!file) {
  process.stderr.write('vote-generator: set VOTE_STORM_PLAN (it is spawned by vote-storm.ts)\n');
  process.exit(2);
}
run(JSON.parse(fs.readFileSync(file, 'utf8')) as StormPlan).then(
  (result) => {
    process.send?.({ type: 'result', result });
    setTimeout(() => process.exit(0), 200);
  },
  (err: unknown) => {
    process.send?.({ type: 'error', message: String((err as Error).stack ?? err) });
    setTimeout(() => process.exit(1), 200);
  },
);
