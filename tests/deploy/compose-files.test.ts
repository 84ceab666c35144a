import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/src/config';
import { parseYamlSubset, type YamlValue } from './compose-yaml';

// The files in docker/ checked against the code: the services of each compose file, that every
// environment variable they set is one the code reads (and that the web nodes' values pass the
// server's own configuration schema), ports, one volume per node and none shared, nginx's mounts,
// and the commands the images run. No Docker daemon or compose plugin is needed (this machine has
// neither); the images themselves are not built here.

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const DOCKER = path.join(ROOT, 'docker');

/**
 * Variables of the issue-13 design that the compose files set before the code reads them (the
 * lead is building these): remove a name once `git grep` finds it read. The test allows them;
 * it does not require them to be unread.
 */
const PENDING_WEB_VARS: string[] = [];
const PENDING_WORKER_VARS: string[] = [];

type Service = {
  image?: string;
  build?: { context: string; dockerfile: string };
  command?: string[];
  environment?: Record<string, string | null>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  networks?: Record<string, { ipv4_address?: string } | null>;
};
type Compose = { services: Record<string, Service>; volumes?: Record<string, null> };

function readCompose(file: string): Compose {
  const source = fs.readFileSync(path.join(DOCKER, file), 'utf8');
  const parsed = parseYamlSubset(source) as unknown as Compose;
  // PyYAML, where python3 has it, must read the same thing (scalars compared as strings).
  const py = spawnSync('python3', ['-c', 'import json,sys,yaml; print(json.dumps(yaml.safe_load(open(sys.argv[1]))))', path.join(DOCKER, file)], { encoding: 'utf8' });
  if (py.status === 0) expect(parsed).toEqual(stringify(JSON.parse(py.stdout)));
  return parsed;
}

function stringify(v: unknown): YamlValue {
  if (v === null) return null;
  if (Array.isArray(v)) return v.map(stringify);
  if (typeof v === 'object') return Object.fromEntries(Object.entries(v as object).map(([k, x]) => [k, stringify(x)]));
  return String(v);
}

/**
 * Environment variable names that non-test source files under `dirs` read, in the forms the code
 * uses: `process.env.NAME`, `process.env['NAME']`, `env.NAME` in a file that aliases `process.env`,
 * and `helper('NAME', …)` where the same file's `function helper(name…)` reads `process.env[name]`.
 */
function namesReadIn(dirs: string[]): Set<string> {
  const names = new Set<string>();
  for (const dir of dirs) {
    for (const file of fs.readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })) {
      if (!/\.ts$/.test(file) || /\.test\.ts$/.test(file)) continue;
      const text = fs.readFileSync(path.join(ROOT, dir, file), 'utf8');
      if (!text.includes('process.env')) continue;
      for (const m of text.matchAll(/process\.env(?:\.([A-Z][A-Z0-9_]*)|\[['"]([A-Z][A-Z0-9_]*)['"]\])/g)) names.add(m[1] ?? m[2]!);
      for (const alias of text.matchAll(/\b(?:const|let) (\w+) = process\.env;/g)) {
        for (const m of text.matchAll(new RegExp(`\\b${alias[1]}\\.([A-Z][A-Z0-9_]*)`, 'g'))) names.add(m[1]!);
      }
      for (const helper of text.matchAll(/function (\w+)\((\w+)[^)]*\)[^{]*\{[^}]*?process\.env\[\2\]/g)) {
        for (const m of text.matchAll(new RegExp(`\\b${helper[1]}\\(\\s*['"]([A-Z][A-Z0-9_]*)['"]`, 'g'))) names.add(m[1]!);
      }
    }
  }
  return names;
}

/** The keys of the server's `Env` schema (server/src/config.ts). */
function serverConfigNames(): Set<string> {
  const text = fs.readFileSync(path.join(ROOT, 'server/src/config.ts'), 'utf8');
  const body = text.slice(text.indexOf('const Env = z.object({'), text.indexOf('\n});', text.indexOf('const Env = z.object({')));
  return new Set([...body.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((m) => m[1]!));
}

// The server process runs the in-process media pipelines too (LIVE_WORKERS=local), so it reads the media worker's variables.
const WEB_VARS = new Set([...serverConfigNames(), ...namesReadIn(['server/src', 'media-worker/src', 'shared/src']), ...PENDING_WEB_VARS]);
const WORKER_VARS = new Set([...namesReadIn(['media-worker/src', 'shared/src']), ...PENDING_WORKER_VARS]);

/** Compose's interpolation (`${X}`, `${X:-default}`, `${X:?message}`) with `vars` as the shell. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{([A-Z_][A-Z0-9_]*)(?::([-?])([^}]*))?\}/g, (_, name: string, op?: string, arg?: string) => {
    const v = vars[name];
    if (v !== undefined && v !== '') return v;
    if (op === '?') throw new Error(`${name} must be set: ${arg}`);
    return op === '-' ? (arg ?? '') : '';
  });
}

const OPERATOR = { POSTGRES_PASSWORD: 'pg-secret', ADMIN_PASSWORD: 'admin-password-1', HOST_PASSWORD: 'host-password-1', RTC_ANNOUNCED_IP: '203.0.113.10' };

function envOf(service: Service, vars: Record<string, string> = OPERATOR): Record<string, string> {
  return Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(v ?? '', vars)]));
}

/** Named volumes a service mounts, as `{ volume, target }`. */
function namedVolumes(service: Service): { volume: string; target: string }[] {
  return (service.volumes ?? []).filter((v) => !v.startsWith('.') && !v.startsWith('/')).map((v) => ({ volume: v.split(':')[0]!, target: v.split(':')[1]! }));
}

/** `a-b:c-d/proto` port mappings as `{ host: [a, b], container: [c, d], proto }`. */
function portRanges(service: Service) {
  return (service.ports ?? []).map((p) => {
    const m = /^(\d+)(?:-(\d+))?:(\d+)(?:-(\d+))?(?:\/(udp|tcp))?$/.exec(p);
    if (!m) throw new Error(`unexpected port mapping ${p}`);
    const range = (a: string, b?: string) => [Number(a), Number(b ?? a)] as const;
    return { host: range(m[1]!, m[2]), container: range(m[3]!, m[4]), proto: m[5] ?? 'tcp' };
  });
}

const isWeb = (name: string) => /^web-\d+$/.test(name);
const isWorker = (name: string) => /^worker-\d+$/.test(name);

describe('docker/compose.multi-host.yml', () => {
  const compose = readCompose('compose.multi-host.yml');
  const services = compose.services;
  const webs = Object.keys(services).filter(isWeb);
  const workers = Object.keys(services).filter(isWorker);

  it('runs two web nodes, two media workers, PostgreSQL, Redis and nginx, each with a health check', () => {
    expect(Object.keys(services).sort()).toEqual(['nginx', 'postgres', 'redis', 'web-1', 'web-2', 'worker-1', 'worker-2']);
    for (const [name, s] of Object.entries(services)) {
      expect(s.healthcheck?.test?.length, `${name} health check`).toBeGreaterThan(0);
      for (const dep of Object.keys(s.depends_on ?? {})) expect(Object.keys(services), `${name} depends on ${dep}`).toContain(dep);
    }
    // One image for web nodes and workers, built from the repository (never pulled).
    for (const name of [...webs, ...workers]) {
      expect(services[name]!.build, name).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
      expect(services[name]!.image, name).toBe('yunzhan:local');
    }
  });

  it('sets on every node only variables the code reads', () => {
    for (const name of webs) for (const key of Object.keys(services[name]!.environment!)) expect(WEB_VARS.has(key), `${name}: ${key} is read by nobody`).toBe(true);
    for (const name of workers) for (const key of Object.keys(services[name]!.environment!)) expect(WORKER_VARS.has(key), `${name}: ${key} is read by nobody`).toBe(true);
  });

  it("gives the web nodes values the server's configuration accepts, with remote live workers, PostgreSQL, Redis and nginx as the trusted proxy", () => {
    const nginxAddress = services.nginx!.networks!.yunzhan!.ipv4_address;
    const ranges: [number, number][] = [];
    const ingest: number[] = [];
    for (const name of webs) {
      const env = envOf(services[name]!);
      const config = loadConfig(env);
      expect(config.databaseUrl).toMatch(/^postgres:\/\/yunzhan:pg-secret@postgres:5432\/yunzhan$/);
      expect(config.redisUrl).toBe('redis://redis:6379');
      expect(config.trustProxy).toEqual([nginxAddress]);
      expect(config.rtcAnnouncedIp).toBe('203.0.113.10');
      expect(env.LIVE_WORKERS).toBe('remote');
      // Browsers reach each node's WebRTC ports directly: published 1:1, both protocols.
      for (const proto of ['udp', 'tcp']) {
        expect(portRanges(services[name]!)).toContainEqual({ host: [config.rtcPorts.min, config.rtcPorts.max], container: [config.rtcPorts.min, config.rtcPorts.max], proto });
      }
      ranges.push([config.rtcPorts.min, config.rtcPorts.max]);
      // Encoders reach each node's RTMP and SRT listeners directly, on ports of its own.
      expect(portRanges(services[name]!)).toContainEqual({ host: [config.rtmpPort, config.rtmpPort], container: [config.rtmpPort, config.rtmpPort], proto: 'tcp' });
      expect(portRanges(services[name]!)).toContainEqual({ host: [config.srtPort, config.srtPort], container: [config.srtPort, config.srtPort], proto: 'udp' });
      ingest.push(config.rtmpPort!, config.srtPort!);
    }
    expect(new Set(ingest).size, 'each web node has its own RTMP and SRT ports').toBe(ingest.length);
    const [r1, r2] = ranges as [[number, number], [number, number]];
    expect(r1[1] < r2[0] || r2[1] < r1[0], 'the web nodes publish separate WebRTC ranges on one Docker host').toBe(true);
    expect(() => envOf(services['web-1']!, {})).toThrow(/must be set/);
  });

  it('gives each media worker its origin port, its RTP range and the address it is reached at', () => {
    for (const name of workers) {
      const s = services[name]!;
      const env = envOf(s);
      expect(s.command).toEqual(['node_modules/.bin/tsx', 'media-worker/src/worker-main.ts']);
      expect(env).toMatchObject({ REDIS_URL: 'redis://redis:6379', PORT: '8090', FFMPEG_PATH: '/usr/bin/ffmpeg' });
      // A worker needs no database: the web node that dispatched a live records where it runs.
      expect(env.DATABASE_URL).toBeUndefined();
      expect(env.WORKER_ADVERTISE_HOST).toBe(s.networks!.yunzhan!.ipv4_address);
      expect(Number(env.RTP_MIN_PORT)).toBeLessThanOrEqual(Number(env.RTP_MAX_PORT));
      expect(s.healthcheck!.test.join(' ')).toContain(`127.0.0.1:${env.PORT}/`);
      expect(Number(env.CONCURRENCY)).toBeGreaterThanOrEqual(1);
    }
  });

  it('gives every node a volume of its own for DATA_DIR and MEDIA_DIR, and shares none', () => {
    const users = new Map<string, string[]>();
    for (const [name, s] of Object.entries(services)) for (const { volume } of namedVolumes(s)) users.set(volume, [...(users.get(volume) ?? []), name]);
    for (const [volume, by] of users) expect(by, `volume ${volume}`).toHaveLength(1);
    expect(Object.keys(compose.volumes ?? {}).sort()).toEqual([...users.keys()].sort());
    for (const name of [...webs, ...workers]) {
      const env = envOf(services[name]!);
      const mounts = namedVolumes(services[name]!);
      expect(mounts, name).toHaveLength(1);
      expect(env.DATA_DIR).toBe(mounts[0]!.target);
      expect(env.MEDIA_DIR!.startsWith(`${mounts[0]!.target}/`), `${name} MEDIA_DIR on its own volume`).toBe(true);
      // No bind mount either: nothing on the Docker host is shared between nodes.
      expect(services[name]!.volumes!.filter((v) => v.startsWith('.') || v.startsWith('/'))).toEqual([]);
    }
  });

  it('mounts the shipped nginx configuration and a node list naming every web node', () => {
    const s = services.nginx!;
    expect(s.volumes).toContain('./nginx/yunzhan.conf:/etc/nginx/conf.d/default.conf:ro');
    const nodesMount = s.volumes!.find((v) => v.endsWith(':/etc/nginx/yunzhan-nodes.conf:ro'))!;
    const nodesFile = path.join(DOCKER, nodesMount.split(':')[0]!);
    for (const v of s.volumes!.filter((x) => x.startsWith('./'))) expect(fs.existsSync(path.join(DOCKER, v.split(':')[0]!)), v).toBe(true);
    const listed = [...fs.readFileSync(nodesFile, 'utf8').matchAll(/^server\s+([^\s;]+)/gm)].map((m) => m[1]);
    expect(listed).toEqual(webs.map((w) => `${w}:${envOf(services[w]!).PORT}`));
    expect(portRanges(s)).toEqual([{ host: [8080, 8080], container: [80, 80], proto: 'tcp' }]);
    // The web nodes' HTTP port is reached through nginx only.
    for (const w of webs) expect(portRanges(services[w]!).some((p) => p.container[0] === 8080)).toBe(false);
  });
});

describe('docker/compose.yml (one node)', () => {
  const compose = readCompose('compose.yml');

  it('runs one node whose settings the server accepts, its data on a volume, its WebRTC range and ingest ports published', () => {
    expect(Object.keys(compose.services)).toEqual(['yunzhan']);
    const s = compose.services.yunzhan!;
    for (const key of Object.keys(s.environment!)) expect(WEB_VARS.has(key), key).toBe(true);
    const config = loadConfig(envOf(s));
    expect(namedVolumes(s)).toEqual([{ volume: 'yunzhan-data', target: config.dataDir }]);
    expect(portRanges(s)).toEqual([
      { host: [config.port, config.port], container: [config.port, config.port], proto: 'tcp' },
      { host: [config.rtmpPort, config.rtmpPort], container: [config.rtmpPort, config.rtmpPort], proto: 'tcp' },
      { host: [config.srtPort, config.srtPort], container: [config.srtPort, config.srtPort], proto: 'udp' },
      { host: [config.rtcPorts.min, config.rtcPorts.max], container: [config.rtcPorts.min, config.rtcPorts.max], proto: 'udp' },
      { host: [config.rtcPorts.min, config.rtcPorts.max], container: [config.rtcPorts.min, config.rtcPorts.max], proto: 'tcp' },
    ]);
    expect(s.build).toEqual({ context: '..', dockerfile: 'docker/Dockerfile' });
  });
});

describe('docker/Dockerfile', () => {
  const dockerfile = fs.readFileSync(path.join(DOCKER, 'Dockerfile'), 'utf8');

  it('builds on Node 24 (Debian bookworm) and copies only files that exist', () => {
    expect([...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1])).toEqual(['node:24-bookworm', 'node:24-bookworm-slim']);
    for (const m of dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const src of m[1]!.split(/\s+/)) if (src !== '.') expect(fs.existsSync(path.join(ROOT, src)), `COPY ${src}`).toBe(true);
    }
  });

  it('runs commands that exist: the server and worker entries, tsx, and the runtime packages in Debian bookworm', () => {
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
    expect(cmd).toEqual(['node_modules/.bin/tsx', 'server/src/main.ts']);
    for (const file of ['node_modules/.bin/tsx', 'server/src/main.ts', 'media-worker/src/worker-main.ts', 'scripts/setup/mediasoup-worker.mjs', 'client/index.html']) {
      expect(fs.existsSync(path.join(ROOT, file)), file).toBe(true);
    }
    // Every apt-get install line (build and runtime stage): each package is one Debian bookworm has (this machine's archive).
    const installs = [...dockerfile.matchAll(/apt-get install -y --no-install-recommends ((?:[^&\\]|\\\n)+)/g)].map((m) => m[1]!.replace(/\\\n/g, ' ').trim().split(/\s+/));
    expect(installs).toHaveLength(2);
    expect(installs[1]).toContain('ffmpeg');
    const packages = installs.flat();
    const known = spawnSync('apt-cache', ['show', '--no-all-versions', ...packages], { encoding: 'utf8' });
    expect(known.status, known.stderr).toBe(0);
    expect(new Set([...known.stdout.matchAll(/^Package: (\S+)/gm)].map((m) => m[1]))).toEqual(new Set(packages));
  });

  it("prints the mediasoup worker binary with the build stage's command", () => {
    // `node scripts/setup/mediasoup-worker.mjs`: builds the worker once (npm test's set-up did) and prints its path.
    const bin = execFileSync(process.execPath, ['scripts/setup/mediasoup-worker.mjs'], { cwd: ROOT, encoding: 'utf8', timeout: 600_000 }).trim().split('\n').at(-1)!;
    expect(path.isAbsolute(bin)).toBe(true);
    expect(fs.statSync(bin).mode & 0o111).not.toBe(0);
  }, 600_000);
});
