import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { io, type Socket } from 'socket.io-client';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '@yunzhan/shared';
import { loadConfig, startServer, type Config, type YunzhanServer } from '@yunzhan/server';

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
 * Starts the real server (real SQLite, mediasoup, ffmpeg) for a test. Rehearsal and the demo
 * exhibition (32 pictures generated in the background) off unless asked: `{ seedExhibition: true }`.
 * `options.logs` receives each log entry the server writes (e.g. to assert that nothing failed).
 */
export async function startTestServer(overrides: Partial<Config> = {}, options: { logs?: (entry: { level: number; msg?: string }) => void } = {}): Promise<TestServer> {
  // Inside a dot folder, like the default `.data`.
  const dataDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-test-')), '.data');
  const config = loadConfig(
    { DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', ADMIN_PASSWORD, HOST_PASSWORD, REHEARSAL: 'off', SEED_EXHIBITION: 'off', MEDIASOUP_WORKERS: '1' },
    overrides,
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
  const server = await startServer(config, { logger });
  return {
    ...server,
    dataDir,
    async dispose() {
      await server.close();
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
