import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, signIn, startTestServer, type TestServer } from '../helpers/server';

// Transport, content and caching headers: HSTS and Secure cookies when the request came over HTTPS
// (directly, or per X-Forwarded-Proto from a proxy TRUST_PROXY names — never from anyone else),
// the pages' Content-Security-Policy and the API's (nothing loads, nothing frames), nosniff and
// same-origin referrers everywhere, and `Cache-Control: no-store` on every API answer to a
// signed-in request.

async function signInWith(server: TestServer, headers: Record<string, string>): Promise<Response> {
  return fetch(`${server.url}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }),
  });
}

describe('behind a TLS-terminating proxy (TRUST_PROXY=loopback)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seedExhibition: false, trustProxy: ['loopback'] });
  });
  afterAll(async () => server?.dispose());

  it('sends HSTS and a Secure session cookie when the proxy says the request came over HTTPS', async () => {
    const https = await signInWith(server, { 'x-forwarded-proto': 'https' });
    expect(https.status).toBe(200);
    expect(https.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(https.headers.get('set-cookie')).toMatch(/;\s*Secure/i);

    const plain = await signInWith(server, {});
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    expect(plain.headers.get('set-cookie')).not.toMatch(/;\s*Secure/i);
  });
});

describe('with no trusted proxy (the default)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seedExhibition: false });
  });
  afterAll(async () => server?.dispose());

  it('ignores an X-Forwarded-Proto anyone could send', async () => {
    const res = await signInWith(server, { 'x-forwarded-proto': 'https' });
    expect(res.headers.get('strict-transport-security')).toBeNull();
    expect(res.headers.get('set-cookie')).not.toMatch(/;\s*Secure/i);
  });

  it("gives pages the app's Content-Security-Policy and API answers one that lets nothing load or frame them", async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    const pagePolicy = page.headers.get('content-security-policy') ?? '';
    expect(pagePolicy).toContain("script-src 'self'");
    expect(pagePolicy).toContain("frame-ancestors 'none'");
    for (const url of ['/api/events', '/api/no-such-route']) {
      const api = await fetch(`${server.url}${url}`);
      expect(api.headers.get('content-security-policy'), url).toBe("default-src 'none'; frame-ancestors 'none'");
    }
    for (const res of [page, await fetch(`${server.url}/api/events`)]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
    }
  });

  it('marks every API answer to a signed-in request no-store, even where the route allows caching', async () => {
    const admin = await signIn(server.url, 'admin', ADMIN_PASSWORD);
    for (const url of ['/api/auth/me', '/api/events', '/api/awards']) {
      const personal = await fetch(`${server.url}${url}`, { headers: { cookie: admin } });
      expect(personal.status, url).toBe(200);
      expect(personal.headers.get('cache-control'), url).toBe('no-store');
      expect(personal.headers.get('vary') ?? '', url).toMatch(/cookie/i);
    }
    // The same public list, anonymous, keeps the route's own revalidation rule.
    const anonymous = await fetch(`${server.url}/api/events`);
    expect(anonymous.headers.get('cache-control')).toBe('no-cache');
  });
});
