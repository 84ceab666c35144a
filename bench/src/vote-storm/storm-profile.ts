import fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import path from 'node:path';
import { PerformanceObserver, constants as perf } from 'node:perf_hooks';
import pg from 'pg';
import type { QueryCount } from '../query-counter';
import type { StormResult } from './vote-generator';

// What BENCH_VOTE_PROFILE=1 adds to the vote storm, for the real server's process (the bench's
// own): a CPU profile over the storm, its GC pauses, its SQL by statement, and when the slowest
// requests were sent; on PostgreSQL, what the database's backends wait on, for both servers.

/**
 * Starts V8's CPU profiler and its sampling heap profiler (every allocation sampled, including
 * objects a scavenge or mark-compact collected since) on this process; the result stops both and
 * writes bench/out/<name>.cpuprofile and .heapprofile, returning their paths.
 */
export async function startCpuProfile(): Promise<(name: string) => Promise<string[]>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('HeapProfiler.enable');
  await session.post('HeapProfiler.startSampling', { samplingInterval: 16384, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as object);
  await session.post('Profiler.start');
  return async (name) => {
    const { profile } = await session.post('Profiler.stop');
    const { profile: heap } = await session.post('HeapProfiler.stopSampling');
    session.disconnect();
    const files = [path.resolve('bench/out', `${name}.cpuprofile`), path.resolve('bench/out', `${name}.heapprofile`)];
    fs.mkdirSync(path.dirname(files[0]!), { recursive: true });
    fs.writeFileSync(files[0]!, JSON.stringify(profile));
    fs.writeFileSync(files[1]!, JSON.stringify(heap));
    return files;
  };
}

const GC_KINDS: Record<number, string> = { [perf.NODE_PERFORMANCE_GC_MINOR]: 'scavenge', [perf.NODE_PERFORMANCE_GC_MAJOR]: 'mark-compact', [perf.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [perf.NODE_PERFORMANCE_GC_WEAKCB]: 'weak callbacks' };

/** Records this process's garbage collections from now; the result stops and returns them (`at`: start, performance.now() ms). */
export function watchGc(): () => { at: number; ms: number; kind: string }[] {
  const seen: { at: number; ms: number; kind: string }[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) seen.push({ at: e.startTime, ms: e.duration, kind: GC_KINDS[(e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? -1] ?? 'other' });
  });
  observer.observe({ entryTypes: ['gc'] });
  return () => {
    observer.disconnect();
    return seen;
  };
}

/**
 * The server process's GC pauses over the storm, by kind, and the longest with when they began
 * in seconds of the server's own storm (its slices' `windows`), or between its slices.
 */
export function logGc(gcs: { at: number; ms: number; kind: string }[], windows: { start: number; end: number; offset: number }[], log: (s: string) => void): void {
  const own = (at: number) => {
    const w = windows.find((x) => at >= x.start && at <= x.end);
    return w ? (w.offset + (at - w.start) / 1000).toFixed(2) : 'between its slices';
  };
  const kinds = new Map<string, { n: number; ms: number; max: number }>();
  for (const g of gcs) {
    const k = kinds.get(g.kind) ?? { n: 0, ms: 0, max: 0 };
    kinds.set(g.kind, { n: k.n + 1, ms: k.ms + g.ms, max: Math.max(k.max, g.ms) });
  }
  log(`    GC in the server's process over the storm: ${[...kinds].map(([kind, k]) => `${kind} ${k.n}× ${k.ms.toFixed(0)} ms (max ${k.max.toFixed(1)})`).join(', ')}`);
  const longest = [...gcs].sort((a, b) => b.ms - a.ms).slice(0, 8);
  log(`    longest GC pauses (ms @ s into its storm): ${longest.map((g) => `${g.ms.toFixed(1)} ${g.kind} @ ${own(g.at)}`).join(', ')}`);
}

/** The requests at or above p99, grouped into bursts (sent within 0.25 s of the previous one). */
export function logTail(name: string, run: StormResult, log: (s: string) => void): void {
  const bursts: { at: number; until: number; n: number; max: number }[] = [];
  for (const t of run.tail) {
    const last = bursts.at(-1);
    if (last && t.atSeconds - last.until <= 0.25) Object.assign(last, { until: t.atSeconds, n: last.n + 1, max: Math.max(last.max, t.ms) });
    else bursts.push({ at: t.atSeconds, until: t.atSeconds, n: 1, max: t.ms });
  }
  log(`    ${name}: ${run.tail.length} requests at or above p99 (${run.latencyMs.p99.toFixed(1)} ms) in ${bursts.length} bursts (s into the storm: count, slowest ms): ${bursts.map((b) => `${b.at.toFixed(2)}: ${b.n}, ${b.max.toFixed(0)}`).join('; ')}`);
}

/** The statements the real server ran over the storm, per request. */
export function logQueries(queries: QueryCount[], requests: number, log: (s: string) => void): void {
  const total = queries.reduce((a, q) => a + q.count, 0);
  const ms = queries.reduce((a, q) => a + q.ms, 0);
  log(`    statements per request: ${(total / requests).toFixed(2)} (${total} over ${requests} requests), ${(ms / requests).toFixed(3)} ms of driver time per request:`);
  for (const q of queries.slice(0, 25)) {
    log(`      ${(q.count / requests).toFixed(3).padStart(7)} × ${(q.ms / q.count).toFixed(3).padStart(7)} ms  ${q.sql.slice(0, 170)}`);
  }
}

/**
 * Samples what a PostgreSQL database's backends are doing every `everyMs` (pg_stat_activity:
 * state and wait event), and the server's checkpoints; the result stops and logs them.
 */
export async function samplePostgresWaits(adminUrl: string, database: string, everyMs = 20): Promise<(name: string, log: (s: string) => void) => Promise<void>> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const checkpoints = async () =>
    Number((await client.query<{ n: string }>('SELECT checkpoints_timed + checkpoints_req AS n FROM pg_stat_bgwriter')).rows[0]!.n);
  const before = await checkpoints();
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ state: string | null; wait: string | null }>(
        "SELECT state, wait_event_type || ':' || wait_event AS wait FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
        [database],
      );
      samples += 1;
      for (const r of rows) {
        const key = `${r.state ?? '?'}${r.wait ? ` / ${r.wait}` : ''}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return async (name, log) => {
    running = false;
    await loop;
    const after = await checkpoints();
    await client.end();
    const busy = [...counts].filter(([k]) => !k.startsWith('idle /') && k !== 'idle');
    log(
      `    ${name}: PostgreSQL backends over ${samples} samples (mean per sample): ${[...counts]
        .sort((a, b) => b[1] - a[1])
        .map(([k, n]) => `${k} ${(n / samples).toFixed(3)}`)
        .join(', ')}; busy ${(busy.reduce((a, [, n]) => a + n, 0) / samples).toFixed(3)}; checkpoints during the storm: ${after - before}`,
    );
  };
}
