import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '@yunzhan/shared';
import { loadConfig, startServer, type Config, type YunzhanServer } from '@yunzhan/server';
import { createTestDatabase, type TestDatabase } from '../../server/src/db/test-postgres';

/** Passwords of the seeded accounts in tests. */
export const ADMIN_PASSWORD = 'admin-test-password';
export const HOST_PASSWORD = 'host-test-password';

/** A server on a free port with its own temporary data folder. */
export interface TestServer extends YunzhanServer {
  dataDir: string;
  /** Closes the server and removes its data folder. */
  dispose(): Promise<void>;
}

/**
 * The engine test servers run on: SQLite, or PostgreSQL when YUNZHAN_TEST_DATABASE=postgres (the
 * `e2e-postgres` vitest project runs the end-to-end suite a second time that way).
 */
export const TEST_ENGINE: 'sqlite' | 'postgres' = process.env.YUNZHAN_TEST_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

/**
 * Starts the real server (real SQLite or PostgreSQL, mediasoup, ffmpeg) for a test; on PostgreSQL
 * (TEST_ENGINE) in a database of its own, dropped by `dispose`. Rehearsal and the demo
 * exhibition (32 pictures generated in the background) off unless asked: `{ seedExhibition: true }`.
 * `options.logs` receives each log entry the server writes (e.g. to assert that nothing failed).
 */
export async function startTestServer(overrides: Partial<Config> = {}, options: { logs?: (entry: { level: number; msg?: string }) => void } = {}): Promise<TestServer> {
  // Inside a dot folder, like the default `.data`.
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-test-')), '.data');
  const pgDatabase: TestDatabase | undefined =
    TEST_ENGINE === 'postgres' && overrides.databaseUrl === undefined ? await createTestDatabase(path.basename(path.dirname(dataDir))) : undefined;
  const config = loadConfig(
    { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ADMIN_PASSWORD, HOST_PASSWORD, REHEARSAL: 'off', RTMP_PORT: 'off', SRT_PORT: 'off', SEED_EXHIBITION: 'off', MEDIASOUP_WORKERS: '1' },
    pgDatabase ? { databaseUrl: pgDatabase.url, ...overrides } : overrides,
  );
  // `logs` sees every entry the server writes (parsed), besides the usual output.
  const logger = options.logs
    ? pino(
        { level: process.env.TEST_LOG_LEVEL ?? 'warn' },
        pino.multistream([
          { level: 'trace', stream: process.stdout },
          { level: 'trace', stream: { write: (line: string) => options.logs!(JSON.parse(line) as { level: number; msg?: string }) } },
        ]),
      )
    : pino({ level: process.env.TEST_LOG_LEVEL ?? 'warn' });
  let server: YunzhanServer;
  try {
    server = await startServer(config, { logger });
  } catch (err) {
    await pgDatabase?.drop();
    throw err;
  }
  return {
    ...server,
    dataDir,
    async dispose() {
      await server.close();
      await pgDatabase?.drop();
      fs.rmSync(path.dirname(dataDir), { recursive: true, force: true });
    },
  };
}

/** Signs in over HTTP and returns the session cookie header value. */
export async function signIn(baseUrl: string, username: string, password: string): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie');
  if (!cookie) throw new Error('no session cookie');
  return cookie.split(';')[0]!;
}

/** A typed socket.io client, the same event map the web client uses. */
export type TestSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Connects a typed client (optionally signed in with a cookie, with extra handshake headers) and waits for the connection. */
export async function connectClient(baseUrl: string, cookie?: string, protocolVersion = PROTOCOL_VERSION, headers: Record<string, string> = {}): Promise<TestSocket> {
  const socket: TestSocket = io(baseUrl, {
    transports: ['websocket'],
    auth: { protocolVersion },
    extraHeaders: { ...headers, ...(cookie ? { cookie } : {}) },
    reconnection: false,
    forceNew: true,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', (err) => reject(err));
  });
  return socket;
}

export { processesMatching, waitFor } from './util';
