import fs from 'node:fs';
import path from 'node:path';

// Summarises a V8 CPU profile (`node --cpu-prof`): self time by function and by where the code
// lives (our packages by folder, node_modules by package), and total (inclusive) time of the
// functions whose name matches a filter; or a sampling heap profile (.heapprofile) the same way
// in bytes allocated. Usage:
//   npx tsx bench/src/profile-summary.ts <file.cpuprofile|file.heapprofile> [top=30] [inclusive-filter-regex]
// e.g. profile the vote storm's server (it runs in the bench's process):
//   BENCH_ONLY=votes BENCH_ENGINES=postgres node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/src/run.ts

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a script lives: `node_modules/<package>`, our `<package>/src/<folder>`, or node's own. */
function placeOf(url: string): string {
  if (!url) return '(native / idle / gc)';
  const file = url.replace(/^file:\/\//, '');
  const modules = file.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = file.slice(modules + 'node_modules/'.length).split('/');
    return `node_modules/${rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]}`;
  }
  if (url.startsWith('node:')) return 'node:internal';
  const m = /\/(server|shared|bench|tests|media-worker)\/src\/(?:([^/]+)\/)?/.exec(file) ?? /\/(tests)\/([^/]+)\//.exec(file);
  return m ? `${m[1]}/${m[2] ?? path.basename(file)}` : file;
}

/** A function's file: the path under the repository for ours, the place for the rest. */
function fileOf(url: string): string {
  const file = url.replace(/^file:\/\//, '');
  const m = /\/((?:server|shared|bench|media-worker)\/src\/.*|tests\/.*)$/.exec(file);
  return m && !file.includes('node_modules/') ? m[1]! : placeOf(url);
}

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: profile-summary.ts <file.cpuprofile> [top] [inclusive-filter-regex]\n');
  process.exit(2);
}
const top = Number(process.argv[3] ?? 30);
const filter = process.argv[4] ? new RegExp(process.argv[4]) : undefined;
interface HeapNode {
  id: number;
  callFrame: Node['callFrame'];
  selfSize: number;
  children: HeapNode[];
}
const raw = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile | { head: HeapNode };
// A sampling heap profile (.heapprofile): bytes allocated instead of microseconds, one tree.
const heap = 'head' in raw;
const heapSelf = new Map<number, number>();
const profile: Profile = heap ? { nodes: [], samples: [], timeDeltas: [] } : raw;
if ('head' in raw) {
  const walk = (n: HeapNode) => {
    profile.nodes.push({ id: n.id, callFrame: n.callFrame, children: n.children.map((c) => c.id) });
    heapSelf.set(n.id, n.selfSize);
    n.children.forEach(walk);
  };
  walk(raw.head);
}
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);

const self = new Map<number, number>(heapSelf);
let total = [...heapSelf.values()].reduce((a, b) => a + b, 0);
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  self.set(id, (self.get(id) ?? 0) + dt);
  total += dt;
});
const idle = [...self].filter(([id]) => ['(idle)', '(program)'].includes(byId.get(id)!.callFrame.functionName)).reduce((a, [, t]) => a + t, 0);

const add = (m: Map<string, number>, k: string, t: number) => m.set(k, (m.get(k) ?? 0) + t);
const fns = new Map<string, number>();
const places = new Map<string, number>();
const inclusive = new Map<string, number>();
for (const [id, t] of self) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  if (['(idle)', '(program)'].includes(functionName)) continue;
  add(fns, `${functionName || '(anonymous)'}  ${fileOf(url)}:${lineNumber + 1}`, t);
  add(places, placeOf(url), t);
  if (filter) {
    // Each matching frame on the stack counts once per sample.
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      const key = `${f.functionName || '(anonymous)'}  ${fileOf(f.url)}:${f.lineNumber + 1}`;
      if (!seen.has(key) && filter.test(key)) {
        seen.add(key);
        add(inclusive, key, t);
      }
    }
  }
}
const busy = total - idle;
const ms = (v: number) => `${heap ? `${(v / 1e6).toFixed(1).padStart(7)} MB` : `${(v / 1000).toFixed(0).padStart(7)} ms`} ${((v / busy) * 100).toFixed(1).padStart(5)} %`;
const print = (title: string, m: Map<string, number>, n: number) => {
  process.stdout.write(`\n${title}\n`);
  for (const [k, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) process.stdout.write(`  ${ms(t)}  ${k}\n`);
};
process.stdout.write(
  heap
    ? `${file}: ${(total / 1e6).toFixed(1)} MB allocated (sampled estimate, collected objects included)\n`
    : `${file}: ${(total / 1e6).toFixed(1)} s sampled, ${(busy / 1e6).toFixed(1)} s busy (percentages are of busy time)\n`,
);
print('Self time by place', places, top);
print('Self time by function', fns, top);
if (filter) print(`Inclusive time of functions matching ${filter}`, inclusive, top);
