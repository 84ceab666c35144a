import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { configureParsePool, packGlb, parsePool, probeGlb } from '@yunzhan/media-worker';

// The GLB check through the parse threads against a bare JSON.parse of the same JSON chunk on the
// main thread (what the check did before issue 10), on two models: one whose JSON nests arrays
// five million deep (10 MB), and a valid one with a large, realistic document. Figures: wall time
// of a check, and the longest the main thread's event loop was held up meanwhile.

/** Figures of one model. */
export interface ParseCheckFigures {
  /** Bytes of the GLB file. */
  bytes: number;
  /** Bare JSON.parse of the JSON chunk on the main thread: wall ms (median) and the event loop's longest delay, ms. */
  bare: { ms: number; loopDelayMaxMs: number; runs: number; outcome: string };
  /** probeGlb through the parse threads, thread already started: wall ms (median), the longest loop delay, ms. */
  pool: { ms: number; loopDelayMaxMs: number; runs: number; outcome: string };
  /** The first check of the run, which starts the thread (tsx loads the task modules), ms. */
  poolFirstMs?: number;
}

/** The parse-check section's result. */
export interface ParseCheckResult {
  deep: ParseCheckFigures;
  valid: ParseCheckFigures;
  threads: number;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;


/** A valid glTF document the size of a large scene: 60,000 named nodes with transforms, one mesh each. */
function largeSceneJson(): string {
  const nodes = Array.from({ length: 60_000 }, (_, i) => ({ name: `展品-${i}`, mesh: i % 500, translation: [i * 0.01, 1.2, -i * 0.02], rotation: [0, 0.3826834, 0, 0.9238795] }));
  const meshes = Array.from({ length: 500 }, (_, i) => ({ primitives: [{ attributes: { POSITION: i * 2, NORMAL: i * 2 + 1 }, material: 0 }] }));
  return JSON.stringify({ asset: { version: '2.0', generator: 'bench' }, scene: 0, scenes: [{ nodes: nodes.map((_, i) => i) }], nodes, meshes, materials: [{ name: 'stone' }] });
}

/** Runs `fn` while sampling the event loop's delay; its wall time and the longest delay, in ms. */
async function timed(fn: () => unknown): Promise<{ ms: number; loopDelayMaxMs: number; outcome: string }> {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  // Let the histogram's timer start before the work begins.
  await new Promise((r) => setTimeout(r, 20));
  const start = performance.now();
  let outcome = 'accepted';
  try {
    await fn();
  } catch (err) {
    outcome = (err as { code?: string }).code ?? (err as Error).message;
  }
  const ms = performance.now() - start;
  await new Promise((r) => setTimeout(r, 20));
  loop.disable();
  return { ms, loopDelayMaxMs: loop.max / 1e6, outcome };
}

async function measure(file: string, glb: Buffer, runs: number, bareRuns: number): Promise<ParseCheckFigures> {
  fs.writeFileSync(file, glb);
  const chunk = glb.subarray(20, 20 + glb.readUInt32LE(12));
  const bare: { ms: number; loopDelayMaxMs: number; outcome: string }[] = [];
  for (let i = 0; i < bareRuns; i++) bare.push(await timed(() => JSON.parse(chunk.toString('utf8'))));
  const pool: { ms: number; loopDelayMaxMs: number; outcome: string }[] = [];
  for (let i = 0; i < runs; i++) pool.push(await timed(() => probeGlb(file)));
  return {
    bytes: glb.length,
    bare: { ms: median(bare.map((b) => b.ms)), loopDelayMaxMs: Math.max(...bare.map((b) => b.loopDelayMaxMs)), runs: bareRuns, outcome: bare[0]!.outcome },
    pool: { ms: median(pool.map((p) => p.ms)), loopDelayMaxMs: Math.max(...pool.map((p) => p.loopDelayMaxMs)), runs, outcome: pool[0]!.outcome },
  };
}

/** The GLB check through the parse threads against bare JSON.parse on the main thread, same inputs, same run. */
export async function measureParseCheck(log: (s: string) => void): Promise<ParseCheckResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-bench-parse-'));
  try {
    await configureParsePool({});
    // The first check starts the thread; its time is reported apart.
    fs.writeFileSync(path.join(dir, 'tiny.glb'), packGlb('{"asset":{"version":"2.0"}}'));
    const first = await timed(() => probeGlb(path.join(dir, 'tiny.glb')));
    const depth = 5_000_000;
    log(`  deep model: ${depth} nested arrays in extras (bare JSON.parse once: it takes seconds and a gigabyte)`);
    const deep = await measure(path.join(dir, 'deep.glb'), packGlb(`{"asset":{"version":"2.0"},"extras":${'['.repeat(depth)}${']'.repeat(depth)}}`), 7, 1);
    log(`  valid model: a large scene document`);
    const valid = await measure(path.join(dir, 'scene.glb'), packGlb(largeSceneJson()), 7, 7);
    return { deep: { ...deep, poolFirstMs: first.ms }, valid, threads: parsePool().maxThreads };
  } finally {
    await configureParsePool({});
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
