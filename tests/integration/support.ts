import { expect } from 'vitest';
import type { TestServer } from '../helpers/server';
import { signIn } from '../helpers/server';
import { createUpload, patchUpload, uploadUrlOf, type RawResponse } from '../helpers/tus';

// Small helpers the works and exhibitions suites share: JSON requests with a cookie, uploads in
// one PATCH, the seeded curator's sign-in.

/** A JSON response: status and parsed body. */
export interface JsonResponse<T = unknown> {
  status: number;
  body: T;
}

/** Sends a JSON request (body optional) with an optional session cookie. */
export async function api<T = unknown>(server: TestServer, method: string, url: string, cookie?: string, body?: unknown): Promise<JsonResponse<T>> {
  const res = await fetch(`${server.url}${url}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(cookie ? { cookie } : {}) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

/** The error code of a wire error body. */
export const errorCode = (r: JsonResponse) => (r.body as { error?: { code?: string } }).error?.code;

/** Creates an upload of `bytes` and sends them in one PATCH; returns the final response. */
export async function uploadWhole(server: TestServer, cookie: string, bytes: Uint8Array, metadata: Record<string, string>): Promise<{ url: string; res: RawResponse }> {
  const created = await createUpload(server.url, cookie, bytes.length, metadata);
  expect(created.status, created.body).toBe(201);
  const url = uploadUrlOf(server.url, created);
  return { url, res: await patchUpload(url, cookie, 0, bytes) };
}

/** Signs in the seeded demo curator (its password was generated at start and returned in `seeded`). */
export async function signInCurator(server: TestServer): Promise<string> {
  const password = server.seeded.find((a) => a.username === 'curator')?.password;
  if (!password) throw new Error('the curator was not seeded in this server');
  return signIn(server.url, 'curator', password);
}

/** Work metadata a test can send. */
export const metadataOf = (zh: string, en: string, dimensions = { widthCm: 80, heightCm: 60 }) => ({
  title: { 'zh-CN': zh, en },
  creator: '测试艺术家 Test Artist',
  date: '2026',
  medium: { 'zh-CN': '布面油画', en: 'Oil on canvas' },
  dimensions,
  rights: { holder: 'Test Artist', licence: 'cc-by' as const },
});

/** A placement of one work on the white cube's partition wall, at eye level (placement id `p1`). */
export const wallPlacement = (workId: string) => ({
  id: 'p1',
  workId,
  mount: 'wall',
  wallId: 'partition',
  side: 'front',
  u: 1.2,
  v: 1.5,
  width: 1,
  height: 0.8,
  rotationDeg: 0,
  label: 'right',
  spotlight: { on: false, intensity: 40, colour: '#fff4e0' },
});

/** A white-cube layout hanging one work (see wallPlacement), with an optional tour. */
export const oneWorkLayout = (workId: string, tour: { placementId: string; narration: { 'zh-CN': string; en: string } }[] = []) => ({
  templateId: 'white-cube',
  lighting: 'warm',
  placements: [wallPlacement(workId)],
  tour,
});
