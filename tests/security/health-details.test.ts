import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, signIn, startTestServer, type TestServer } from '../helpers/server';

// Finding 9: /healthz told anyone the absolute paths of the database and media folder, versions,
// worker pids and free disk bytes. Now the public answer is `{ status }` (all a load balancer
// needs) and the details are for admins and for direct requests from this machine.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ seedExhibition: false });
});
afterAll(async () => server?.dispose());

async function health(headers: Record<string, string> = {}): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${server.url}/healthz`, { headers });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('/healthz', () => {
  it('tells a visitor from elsewhere only whether the platform is up', async () => {
    // A request a proxy forwarded from outside: it carries X-Forwarded-For.
    const res = await health({ 'x-forwarded-for': '203.0.113.7' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ status: 'ok' });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain(server.dataDir);
    expect(text).not.toMatch(/pid|version|free/i);
  });

  it('gives the details to an admin from anywhere and to a direct request from this machine', async () => {
    const admin = await signIn(server.url, 'admin', ADMIN_PASSWORD);
    for (const res of [await health({ 'x-forwarded-for': '203.0.113.7', cookie: admin }), await health()]) {
      expect(res.status).toBe(200);
      expect(Object.keys(res.body).sort()).toEqual(['database', 'ffmpeg', 'media', 'mediasoup', 'status']);
      expect((res.body.mediasoup as { workers: { pid: number }[] }).workers[0]?.pid).toEqual(expect.any(Number));
    }
  });
});
