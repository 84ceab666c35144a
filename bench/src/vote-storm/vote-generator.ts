import fs from 'node:fs';
import http from 'node:http';
import { percentileOf, type StormPlan } from './plan';

// The vote storm's load generator, run as its own process (spawned by vote-storm.ts) so that its
// CPU is not the server's. It sends the plan's requests to each target over keep-alive loopback
// HTTP, spread evenly over the plan's window, never more than `concurrency` in flight, slice by
// slice in turn between the targets, and classifies every answer: 201 accepted, 200 with
// replayed:true a replay, anything else rejected by its error code (and details.reason). Latency
// is from writing the request to the end of the answer. One result per target, in their order.

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
  /** Seconds this target was sent requests (its slices, from the first request to the last answer of each). */
  seconds: number;
  latencyMs: { p50: number; p95: number; p99: number; max: number; mean: number };
  /** The slowest request: when it was sent (seconds into this target's own storm) and how long it took. */
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

type Target = StormPlan['targets'][number];

function send(agent: http.Agent, target: Target, plan: StormPlan, i: number, connected: (ms: number) => void): Promise<{ status: number; body: string }> {
  const r = plan.requests[i]!;
  const payload = JSON.stringify({ categoryId: r.categoryId, entryId: r.entryId });
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${target.baseUrl}${target.path}`,
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
      socket.once('connect', () => connected(performance.now() - t0));
    });
    req.end(payload);
  });
}

/** One target's storm: its agent, its answers, its clock. */
class TargetStorm {
  // Idle sockets are dropped after 4 s, before the server's keep-alive timeout (Node's default,
  // 5 s) closes them: a request written on a socket the server is closing would be reset.
  readonly agent: http.Agent;
  readonly latencies: number[];
  readonly startedAt: number[];
  readonly result: StormResult = {
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
  private cpu = 0;

  constructor(
    readonly target: Target,
    private readonly plan: StormPlan,
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: plan.concurrency, timeout: 4000 });
    this.latencies = new Array(plan.requests.length);
    this.startedAt = new Array(plan.requests.length);
  }

  private count(into: Record<string, number>, key: string) {
    into[key] = (into[key] ?? 0) + 1;
  }

  private anomaly(key: string, detail: string) {
    this.count(this.result.anomalies, key);
    this.result.firstAnomaly ??= detail.slice(0, 300);
  }

  /** Sends requests [from, to) spread over `seconds`, `concurrency` workers taking the next when its slot has come. */
  async slice(from: number, to: number, seconds: number): Promise<void> {
    const { result, plan } = this;
    const intervalMs = seconds > 0 ? (seconds * 1000) / (to - from) : 0;
    const offset = result.seconds;
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    let next = from;
    const worker = async () => {
      while (next < to) {
        const i = next++;
        const due = started + (i - from) * intervalMs;
        const wait = due - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        result.maxStartLagMs = Math.max(result.maxStartLagMs, performance.now() - due);
        const t0 = performance.now();
        result.sent += 1;
        const at = offset + (t0 - started) / 1000;
        this.startedAt[i] = at;
        const done = () => {
          this.latencies[i] = performance.now() - t0;
          if (this.latencies[i]! > result.slowest.ms) result.slowest = { atSeconds: at, ms: this.latencies[i]! };
        };
        try {
          const { status, body } = await send(this.agent, this.target, plan, i, (ms) => (result.maxConnectMs = Math.max(result.maxConnectMs, ms)));
          done();
          if (status === 201) result.accepted += 1;
          else if (status === 200 && (JSON.parse(body) as { replayed?: boolean }).replayed === true) result.replays += 1;
          else if (status >= 400 && status < 500) {
            const error = (JSON.parse(body) as { error?: { code?: string; details?: { reason?: string } } }).error;
            this.count(result.rejected, error?.details?.reason ? `${error.code}/${error.details.reason}` : String(error?.code ?? status));
          } else this.anomaly(`HTTP ${status}`, body);
        } catch (err) {
          done();
          this.anomaly('network error', String((err as Error).message ?? err));
        }
      }
    };
    await Promise.all(Array.from({ length: plan.concurrency }, worker));
    result.seconds += (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu0);
    this.cpu += (used.user + used.system) / 1e6;
  }

  /** The figures, once every slice has run. */
  finish(): StormResult {
    const { result, latencies, startedAt } = this;
    this.agent.destroy();
    result.generatorCpu = (this.cpu / result.seconds) * 100;
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
}

/** Every target's storm, slice by slice in turn; tells the parent when each target's slice starts and ends. */
async function run(plan: StormPlan): Promise<StormResult[]> {
  const storms = plan.targets.map((t) => new TargetStorm(t, plan));
  const total = plan.requests.length;
  const slices = Math.max(1, Math.min(plan.slices, total));
  process.send?.({ type: 'start' });
  for (let k = 0; k < slices; k++) {
    const from = Math.floor((k * total) / slices);
    const to = Math.floor(((k + 1) * total) / slices);
    for (const [t, storm] of storms.entries()) {
      process.send?.({ type: 'slice', target: t, phase: 'start' });
      await storm.slice(from, to, (plan.seconds * (to - from)) / total);
      process.send?.({ type: 'slice', target: t, phase: 'end' });
    }
  }
  return storms.map((s) => s.finish());
}

const file = process.env.VOTE_STORM_PLAN;
if (!file) {
  process.stderr.write('vote-generator: set VOTE_STORM_PLAN (it is spawned by vote-storm.ts)\n');
  process.exit(2);
}
run(JSON.parse(fs.readFileSync(file, 'utf8')) as StormPlan).then(
  (results) => {
    process.send?.({ type: 'result', results });
    setTimeout(() => process.exit(0), 200);
  },
  (err: unknown) => {
    process.send?.({ type: 'error', message: String((err as Error).stack ?? err) });
    setTimeout(() => process.exit(1), 200);
  },
);
