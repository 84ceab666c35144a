import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PROTOCOL_VERSION } from '@yunzhan/shared';
import { cpuSeconds, stopChild } from '../proc';
import type { LoadPlan, LoadResult } from './load-generator';

// `npm run bench` section "chat": one room of N clients (default 5,000) on a bare socket.io
// broadcast server, then on the real Yunzhan server (anonymous viewers join the event, signed-in
// senders chat, messages arrive batched), each server in its own process, the load generator in
// another; loopback only. Prints delivery latency p50/p99, deliveries per second, server CPU.

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../../..');

/** Knobs of the chat load bench (environment variables in brackets). */
export interface ChatLoadOptions {
  /** Receivers in the room [BENCH_CHAT_CLIENTS]. Default 5000. */
  clients: number;
  /** Length of the sending window in seconds [BENCH_CHAT_SECONDS]. Default 20. */
  seconds: number;
  /** Messages per second, all senders together [BENCH_CHAT_RATE]. Default 20. */
  rate: number;
  /** Sending clients. Default 4. */
  senders: number;
}

/** One server's figures. */
export interface ChatLoadRun extends LoadResult {
  /** CPU of the server process over the sending window, % of one core. */
  serverCpu: number;
}

/** Both runs. */
export interface ChatLoadFigures {
  options: ChatLoadOptions;
  fdLimit: number;
  bare: ChatLoadRun;
  yunzhan: ChatLoadRun;
}

/** The options from the environment, with their defaults. */
export function chatLoadOptions(env: NodeJS.ProcessEnv = process.env): ChatLoadOptions {
  const num = (v: string | undefined, d: number) => (v && Number(v) > 0 ? Number(v) : d);
  return { clients: num(env.BENCH_CHAT_CLIENTS, 5000), seconds: num(env.BENCH_CHAT_SECONDS, 20), rate: num(env.BENCH_CHAT_RATE, 20), senders: 4 };
}

// Raising the soft limit up to the hard one needs no privilege; each child gets it from a shell.
function fdLimits(): { soft: number; hard: number } {
  const read = (flag: string) => execFileSync('sh', ['-c', `ulimit ${flag}`], { encoding: 'utf8' }).trim();
  const hard = read('-Hn');
  return { soft: Number(read('-Sn')), hard: hard === 'unlimited' ? 1 << 20 : Number(hard) };
}

function spawnNode(script: string, args: string[], env: NodeJS.ProcessEnv, fds: number, ipc = false): ChildProcess {
  return spawn('sh', ['-c', `ulimit -n ${fds} 2>/dev/null; exec "$0" --import tsx "$@"`, process.execPath, script, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ipc ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'pipe', 'inherit'],
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (await check().catch(() => false)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** Runs the generator in its own process against a server process, measuring the server's CPU in the window. */
async function generate(plan: LoadPlan, serverPid: number, fds: number, log: (s: string) => void): Promise<ChatLoadRun> {
  const child = spawnNode(path.join(HERE, 'load-generator.ts'), [], { CHAT_LOAD_PLAN: JSON.stringify(plan) }, fds, true);
  let cpuStart: { at: number; cpu: number } | undefined;
  let lastProgress = 0;
  try {
    return await new Promise<ChatLoadRun>((resolve, reject) => {
      child.on('message', (m: { type: string; connected?: number; failed?: number; result?: LoadResult; message?: string }) => {
        if (m.type === 'progress' && m.connected !== undefined) {
          if (m.connected - lastProgress >= 1000 || m.connected + (m.failed ?? 0) >= plan.clients) log(`    ${m.connected} connected, ${m.failed} failed`);
          if (m.connected - lastProgress >= 1000) lastProgress = m.connected;
          if (m.connected + (m.failed ?? 0) >= plan.clients) cpuStart = { at: performance.now(), cpu: cpuSeconds(serverPid) ?? 0 };
        } else if (m.type === 'result' && m.result) {
          // The server's CPU from the end of the joins to the end of the drain (settle + send + drain).
          const wall = cpuStart ? (performance.now() - cpuStart.at) / 1000 : 1;
          const serverCpu = cpuStart ? (((cpuSeconds(serverPid) ?? 0) - cpuStart.cpu) / wall) * 100 : NaN;
          resolve({ ...m.result, serverCpu });
        } else if (m.type === 'error') reject(new Error(`load generator failed: ${m.message}`));
      });
      child.once('exit', (code) => reject(new Error(`load generator exited with ${code}`)));
    });
  } finally {
    await stopChild(child, 15_000);
  }
}

async function runBare(options: ChatLoadOptions, fds: number, log: (s: string) => void): Promise<ChatLoadRun> {
  const server = spawnNode(path.join(HERE, 'bare-server.ts'), [], {}, fds);
  try {
    const port = await new Promise<number>((resolve, reject) => {
      server.stdout!.once('data', (d: Buffer) => resolve((JSON.parse(d.toString()) as { port: number }).port));
      server.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
    });
    return await generate(
      { url: `ws://127.0.0.1:${port}`, target: 'bare', clients: options.clients, senders: Array(options.senders).fill(''), ratePerSecond: options.rate, durationSeconds: options.seconds, sampleEvery: 10, waveSize: 250 },
      server.pid!,
      fds,
      log,
    );
  } finally {
    await stopChild(server, 15_000);
  }
}

async function json(url: string, body: unknown, cookie?: string): Promise<{ status: number; cookie: string | null }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return { status: res.status, cookie: res.headers.get('set-cookie')?.split(';')[0] ?? null };
}

async function runYunzhan(options: ChatLoadOptions, fds: number, log: (s: string) => void): Promise<ChatLoadRun> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-chat-bench-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: path.join(dataDir, '.data'),
    ADMIN_PASSWORD: 'bench-admin-password',
    HOST_PASSWORD: 'bench-host-password',
    CURATOR_PASSWORD: 'bench-curator-password',
    REHEARSAL: 'off',
    RTMP_PORT: 'off',
    SRT_PORT: 'off',
    SEED_EXHIBITION: 'off',
    MEDIASOUP_WORKERS: '1',
    LOG_LEVEL: 'warn',
    REDIS_URL: '',
    // The senders are four accounts on one loopback address sending 20 messages a second
    // between them: raise the per-account and per-address chat limits for this server only.
    CHAT_USER_RATE: `${options.rate * 4}/${options.rate}`,
    CHAT_ADDRESS_RATE: `${options.rate * 10}/${options.rate * 4}`,
    // Every simulated viewer connects from this one machine, anonymously: let them all in.
    ANON_SOCKETS_PER_ADDRESS: String(options.clients + 100),
  };
  const server = spawnNode(path.join(ROOT, 'server/src/main.ts'), [], env, fds);
  server.stdout!.resume();
  try {
    await waitFor(async () => (await fetch(`${base}/healthz`)).status < 500, 60_000, 'the Yunzhan server');
    const admin = (await json(`${base}/api/auth/sign-in`, { username: 'admin', password: env.ADMIN_PASSWORD })).cookie!;
    const eventId = `bench-${Date.now().toString(36)}`;
    await json(`${base}/api/events`, { id: eventId, title: 'Chat load bench', description: 'bench', hostIds: [] }, admin);
    const senders: string[] = [];
    for (let i = 0; i < options.senders; i++) {
      senders.push((await json(`${base}/api/auth/sign-up`, { username: `bench-sender-${i}`, password: 'Bench-Sender-Kestrel-4417' })).cookie!);
    }
    return await generate(
      {
        url: `ws://127.0.0.1:${port}`,
        target: 'yunzhan',
        clients: options.clients,
        senders,
        ratePerSecond: options.rate,
        durationSeconds: options.seconds,
        sampleEvery: 10,
        waveSize: 250,
        protocolVersion: PROTOCOL_VERSION,
        eventId,
      },
      server.pid!,
      fds,
      log,
    );
  } finally {
    await stopChild(server, 15_000);
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs the bare server and then Yunzhan under the same load; returns both runs' figures. */
export async function measureChatLoad(log: (s: string) => void, options = chatLoadOptions()): Promise<ChatLoadFigures> {
  const { soft, hard } = fdLimits();
  const needed = options.clients + options.senders + 512;
  const fds = Math.min(hard, Math.max(soft, needed, 65_536));
  if (fds < needed) {
    throw new Error(`chat bench: ${options.clients} clients need about ${needed} file descriptors per process; the hard limit is ${hard}. Raise it (ulimit -Hn) or set BENCH_CHAT_CLIENTS lower.`);
  }
  log(`  ${options.clients} clients, ${options.senders} senders, ${options.rate} msg/s for ${options.seconds} s; file descriptor limit ${fds} per process`);
  // Two cores shared by server, generator and anything else running: say how busy the machine was.
  log(`  load average before: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.availableParallelism()} cores`);
  log('  bare socket.io broadcast server:');
  const bare = await runBare(options, fds, log);
  log('  Yunzhan server (auth, storage, moderation, fan-out batches):');
  const yunzhan = await runYunzhan(options, fds, log);
  return { options, fdLimit: fds, bare, yunzhan };
}
