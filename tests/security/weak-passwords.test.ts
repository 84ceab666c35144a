import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicUser } from '@yunzhan/shared';
import { signIn, startTestServer, type TestServer } from '../helpers/server';

// Finding 8 (first half): `password` and `12345678` were accepted, and sign-up answered "That
// username is taken". Weak passwords get PASSWORD_WEAK with reasons the client can translate; a
// taken username and a reserved one get one and the same answer.

let server: TestServer;
let nextAddress = 0;

interface Answer {
  status: number;
  body: { user?: PublicUser; error?: { code: string; message: string; details?: Record<string, unknown> } };
  cookie: string | null;
}

// Each sign-up from an address of its own (loopback's X-Forwarded-For is trusted here): the
// sign-up limit per address is not what this file tests.
async function signUp(username: string, password: string): Promise<Answer> {
  nextAddress += 1;
  const res = await fetch(`${server.url}/api/auth/sign-up`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.78.0.${nextAddress}` },
    body: JSON.stringify({ username, password }),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'], cookie: res.headers.get('set-cookie')?.split(';')[0] ?? null };
}

beforeAll(async () => {
  server = await startTestServer({ trustProxy: ['loopback'], signUpAddressRate: { burst: 100, perSecond: 10 }, signInAddressRate: { burst: 100, perSecond: 10 } });
});
afterAll(async () => {
  await server?.dispose();
});

describe('weak passwords', () => {
  it('refuses password, 12345678, a password equal to the username and a short one with PASSWORD_WEAK and translatable reasons', async () => {
    const weak: [string, string][] = [
      ['weakling-one', 'password'],
      ['weakling-two', '12345678'],
      ['marigold-quay-73', 'marigold-quay-73'],
      ['weakling-four', 'yunzhan2024'],
      ['weakling-five', 'Xq7#pL2'],
    ];
    for (const [username, password] of weak) {
      const answer = await signUp(username, password);
      expect({ password, status: answer.status, code: answer.body.error?.code }).toEqual({ password, status: 400, code: 'PASSWORD_WEAK' });
      const details = answer.body.error!.details!;
      expect(details).toMatchObject({ minScore: 3, minLength: 12 });
      expect(Array.isArray(details.suggestions)).toBe(true);
      expect(answer.cookie).toBeNull();
    }
    // The reasons are keys (the client words them), e.g. a top-ten password and a short one.
    expect((await signUp('weakling-six', 'password')).body.error?.details).toMatchObject({ warning: 'topTen', tooShort: true });
    expect((await signUp('weakling-seven', 'Xq7#pL2')).body.error?.details).toMatchObject({ tooShort: true });
    expect((await signUp('marigold-quay-74', 'marigold-quay-74')).body.error?.details).toMatchObject({ warning: 'userInputs', tooShort: false });
  });

  it('accepts a strong password and signs the new account in with it', async () => {
    const answer = await signUp('strong-sara', 'Vermilion-lantern-27-quay');
    expect(answer.status).toBe(201);
    expect(answer.body.user).toMatchObject({ username: 'strong-sara', role: 'viewer' });
    expect(await signIn(server.url, 'strong-sara', 'Vermilion-lantern-27-quay')).toMatch(/=/);
  });

  it('answers a taken username and a reserved one with the same status and body', async () => {
    expect((await signUp('taken-tom', 'Saffron-harbour-51-kite')).status).toBe(201);
    const taken = await signUp('taken-tom', 'Another-saffron-62-kite');
    const takenOtherCase = await signUp('Taken-Tom', 'Another-saffron-62-kite');
    const reserved = await signUp('official', 'Another-saffron-62-kite');
    const lookAlike = await signUp('h0st', 'Another-saffron-62-kite');
    const seededStaff = await signUp('curator', 'Another-saffron-62-kite');
    expect(taken.status).toBe(409);
    expect(taken.body).toEqual({ error: { code: 'SIGN_UP_REFUSED', message: expect.any(String) } });
    for (const other of [takenOtherCase, reserved, lookAlike, seededStaff]) {
      expect(other.status).toBe(taken.status);
      expect(other.body).toEqual(taken.body);
      expect(other.cookie).toBeNull();
    }
    // The message says nothing about an existing account.
    expect(taken.body.error!.message).not.toMatch(/taken|exist/i);
  });
});
