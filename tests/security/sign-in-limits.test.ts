import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, startTestServer, type TestServer } from '../helpers/server';

// Finding 5: the sign-in limiter trusted X-Forwarded-For from loopback, so changing the header per
// request bypassed it (30 of 30 wrong passwords answered 401, none 429); there was no per-account
// back-off; and the same header made sign-up unlimited. Now X-Forwarded-For counts only from the
// proxies TRUST_PROXY names (none by default), every account backs off after a few wrong
// passwords whatever the address, and sign-up has its own limit per address.

const STRONG = 'Copper-Meadow-Falcon-2093';

async function post(server: TestServer, url: string, body: unknown, forwardedFor?: string): Promise<number> {
  const res = await fetch(`${server.url}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}) },
    body: JSON.stringify(body),
  });
  await res.arrayBuffer();
  return res.status;
}

const rotating = (i: number) => `198.51.100.${(i % 250) + 1}`;

describe('the sign-in limiter with the default configuration (no trusted proxy)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seedExhibition: false });
  });
  afterAll(async () => server?.dispose());

  it('rotating X-Forwarded-For does not reset the limit: 30 wrong passwords are mostly refused with 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push(await post(server, '/api/auth/sign-in', { username: 'admin', password: `guess-${i}` }, rotating(i)));
    // Five wrong passwords are answered; from the sixth the account backs off (1 s, 2 s, 4 s …)
    // and the address's allowance of failures (10) runs out too.
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(10);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(20);
  });

  it('sign-up has its own limit per address, which X-Forwarded-For does not reset either', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push(await post(server, '/api/auth/sign-up', { username: `flood-${i}`, password: STRONG }, rotating(i)));
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(201));
    expect(statuses.slice(10)).toEqual([429, 429]);
  });
});

describe('behind a trusted proxy (TRUST_PROXY=loopback)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seedExhibition: false, trustProxy: ['loopback'] });
  });
  afterAll(async () => server?.dispose());

  it('each client address has its own allowance, but an account backs off whatever address guesses come from', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i++) statuses.push(await post(server, '/api/auth/sign-in', { username: 'host', password: `guess-${i}` }, rotating(i)));
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[5]).toBe(429);
    // Another account from another address is not slowed down by those guesses.
    expect(await post(server, '/api/auth/sign-in', { username: 'admin', password: ADMIN_PASSWORD }, '203.0.113.50')).toBe(200);
  });

  it('a right password after the back-off has passed signs in, and clears the back-off', async () => {
    for (let i = 0; i < 5; i++) expect(await post(server, '/api/auth/sign-in', { username: 'admin', password: `wrong-${i}` }, rotating(i))).toBe(401);
    const res = await fetch(`${server.url}/api/auth/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
    });
    expect(res.status).toBe(429);
    const { error } = (await res.json()) as { error: { details: { retryAfterMs: number } } };
    await new Promise((r) => setTimeout(r, error.details.retryAfterMs + 50));
    expect(await post(server, '/api/auth/sign-in', { username: 'admin', password: ADMIN_PASSWORD })).toBe(200);
    expect(await post(server, '/api/auth/sign-in', { username: 'admin', password: 'one-more-typo' })).toBe(401);
  });
});
