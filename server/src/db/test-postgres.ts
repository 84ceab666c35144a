import { execFileSync, spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

// Test support: a real PostgreSQL for every test that needs one. The service at 127.0.0.1:5432
// (trust auth) when it answers; otherwise Debian's postgresql (installed with apt when missing)
// runs a throwaway cluster in a temporary folder. Each test file gets a database of its own.

/** The PostgreSQL the tests use: a URL of a database an admin role can create databases from. */
export interface TestPostgres {
  /** Connects as a superuser to the maintenance database. */
  adminUrl: string;
  /** Whether this is a cluster of our own (stopped by `stop`). */
  own: boolean;
  stop(): Promise<void>;
}

const SERVICE_URL = 'postgres://postgres@127.0.0.1:5432/test';

async function answers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Debian's PostgreSQL binaries folder (newest version), installing the package when root and missing. */
function postgresBin(): string {
  const find = () => {
    const root = '/usr/lib/postgresql';
    if (!fs.existsSync(root)) return undefined;
    const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb')));
    versions.sort((a, b) => Number(b) - Number(a));
    return versions[0] ? path.join(root, versions[0], 'bin') : undefined;
  };
  const found = find();
  if (found) return found;
  if (process.getuid?.() !== 0) throw new Error('No PostgreSQL at 127.0.0.1:5432 and no initdb to start one (install postgresql)');
  execFileSync('apt-get', ['install', '-y', '--no-install-recommends', 'postgresql'], { stdio: 'ignore', timeout: 300_000, env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
  const installed = find();
  if (!installed) throw new Error('apt installed postgresql but no initdb was found');
  return installed;
}

/** A throwaway cluster of our own: fault tests stop it and start it again on the same port. */
export interface OwnPostgres extends TestPostgres {
  port: number;
  /** Stops the server (fast shutdown: sessions are ended, data kept). */
  halt(): Promise<void>;
  /** Starts the stopped server again on the same port and waits until it answers. */
  resume(): Promise<void>;
}

/** Options of a throwaway cluster. */
export interface OwnClusterOptions {
  /**
   * pg_hba.conf lines put before initdb's own (which trust every local connection), e.g.
   * `host all app 127.0.0.1/32 scram-sha-256` so that one role must give its password.
   */
  hba?: string[];
}

/** Starts a throwaway cluster (as the `postgres` user when we are root: initdb refuses root). */
export async function startOwnCluster(options: OwnClusterOptions = {}): Promise<OwnPostgres> {
  const bin = postgresBin();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-pg-'));
  const data = path.join(dir, 'data');
  const port = await freePort();
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]) as [string, string[]];
  if (asRoot) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  execFileSync(...run(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C.UTF-8']), { stdio: 'ignore', timeout: 120_000 });
  if (options.hba?.length) {
    // The first line that matches a connection decides: these come before initdb's trust lines.
    const hba = path.join(data, 'pg_hba.conf');
    fs.writeFileSync(hba, `${options.hba.join('\n')}\n${fs.readFileSync(hba, 'utf8')}`);
  }
  const adminUrl = `postgres://postgres@127.0.0.1:${port}/postgres`;
  let server: { child: ReturnType<typeof spawn>; exited: Promise<unknown> } | undefined;
  const launch = async () => {
    const [cmd, args] = run(path.join(bin, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off']);
    const child = spawn(cmd, args, { stdio: 'ignore', detached: false });
    server = { child, exited: new Promise((resolve) => child.once('exit', resolve)) };
    const deadline = Date.now() + 30_000;
    while (!(await answers(adminUrl))) {
      if (Date.now() > deadline || child.exitCode !== null) throw new Error('the throwaway PostgreSQL did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  const halt = async () => {
    if (!server) return;
    const { child, exited } = server;
    server = undefined;
    if (child.exitCode === null && child.signalCode === null) {
      // As root the child is runuser, which does not pass SIGINT on: the postmaster (first line of
      // postmaster.pid) gets it directly. SIGINT is PostgreSQL's fast shutdown.
      let postmaster: number | undefined;
      try {
        postmaster = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
      } catch {
        // not written yet: the child is all there is
      }
      if (postmaster) process.kill(postmaster, 'SIGINT');
      else child.kill('SIGINT');
    }
    await exited;
  };
  await launch();
  return {
    adminUrl,
    own: true,
    port,
    halt,
    resume: launch,
    async stop() {
      await halt();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The service PostgreSQL when it answers, else a throwaway cluster. */
export async function ensurePostgres(): Promise<TestPostgres> {
  if (await answers(SERVICE_URL)) return { adminUrl: SERVICE_URL, own: false, stop: async () => {} };
  return startOwnCluster();
}

let shared: Promise<string> | undefined;

/**
 * The admin URL tests use: TEST_POSTGRES_URL (set by the vitest global set-up, once per run), or
 * found now (and kept for this process).
 */
export function testPostgresUrl(): Promise<string> {
  if (process.env.TEST_POSTGRES_URL) return Promise.resolve(process.env.TEST_POSTGRES_URL);
  shared ??= ensurePostgres().then((p) => p.adminUrl);
  return shared;
}

/** A database of a test's own, dropped by `drop`. */
export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** Creates an empty database named after `label` (plus a random suffix) on the test PostgreSQL. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const adminUrl = await testPostgresUrl();
  const name = `yz_${label.toLowerCase().replace(/[^a-z0-9]+/g, '_').slice(0, 30)}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}
