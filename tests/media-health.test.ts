import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AckResult } from '@yunzhan/shared';
import { DEMO_REHEARSAL_EVENT } from '@yunzhan/server';
import { HOST_PASSWORD, connectClient, signIn, startTestServer, waitFor, type TestServer, type TestSocket } from './helpers/server';

// A full disk under a running live, with a real (small) filesystem: the live fills it.
let mountDir: string;
let server: TestServer;
let host: TestSocket;

beforeAll(async () => {
  mountDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-small-disk-'));
  // A 6 MiB tmpfs: the rehearsal ladder writes about 0.5 MB/s, so it is full within seconds.
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=6m', 'tmpfs', mountDir]);
  server = await startTestServer({ rehearsal: true, mediaDir: mountDir, minFreeMediaBytes: 1024 * 1024 });
  host = await connectClient(server.url, await signIn(server.url, 'host', HOST_PASSWORD));
});
afterAll(async () => {
  host?.disconnect();
  await server?.dispose();
  try {
    execFileSync('umount', ['-l', mountDir]);
  } catch {
    // already unmounted
  }
  fs.rmSync(mountDir, { recursive: true, force: true });
});

describe('media folder health', () => {
  it('reports a disk that a live fills up on /healthz and to the host, and keeps serving', async () => {
    const healthy = await fetch(`${server.url}/healthz`);
    expect(healthy.status).toBe(200);
    expect(((await healthy.json()) as { media: { ok: boolean } }).media.ok).toBe(true);

    const notices: { level: string; error?: { code: string; details?: unknown } }[] = [];
    host.on('notice', (n) => notices.push(n));
    const join = await new Promise<AckResult<unknown>>((resolve) => host.emit('event:join', { eventId: DEMO_REHEARSAL_EVENT }, resolve));
    expect(join.ok).toBe(true);

    const report = await waitFor(async () => {
      const res = await fetch(`${server.url}/healthz`);
      const body = (await res.json()) as { status: string; media: { ok: boolean; problem: { code: string } | null } };
      return res.status === 503 ? body : null;
    }, 60_000, 'the full disk to show on /healthz');
    expect(report.status).toBe('degraded');
    expect(report.media.problem?.code).toBe('DISK_FULL');

    await waitFor(() => notices.some((n) => n.level === 'error' && n.error?.code === 'MEDIA_UNAVAILABLE'), 10_000, 'the host to be told');
    // Still serving: the API answers and a new live is refused with a clear code.
    expect((await fetch(`${server.url}/api/events`)).status).toBe(200);
    await server.live.end(DEMO_REHEARSAL_EVENT, 'test');
    const start = await new Promise<AckResult<unknown>>((resolve) => host.emit('live:start', { eventId: DEMO_REHEARSAL_EVENT }, resolve));
    expect(start).toMatchObject({ ok: false, error: { code: 'MEDIA_UNAVAILABLE', details: { problem: 'DISK_FULL' } } });
  }, 120_000);
});
