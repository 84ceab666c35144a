import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { IngestInfo } from '@yunzhan/shared';
import { DEMO_CAMERA_EVENT } from '@yunzhan/server';
import { collectPageErrors, launchChromium, waitForPlayingVideo } from './helpers/browser';
import { publishWhipFromPage } from './helpers/whip-page';
import { HOST_PASSWORD, signIn, startTestServer, waitFor, type TestServer } from './helpers/server';

// WHIP ingest (RFC 9725), issue 14: a WHIP client in Chromium (fake camera and microphone)
// publishes the event with the token its host got from GET /api/events/:id/ingest; the event
// goes live through the same ladder as a browser host (three renditions) and plays in Chromium;
// DELETE of the session ends it. A wrong or rotated token, a second push, and offers that are
// not a WHIP offer are refused before any ladder starts.

let server: TestServer;
let browser: Browser;
let hostCookie: string;

const ladders = () => server.jobs.active().filter((j) => j.type === 'live-ladder');

/** A plain WHIP offer as an encoder that sends only `codec` would write it. */
function offerWith(codec: string): string {
  const fp = Array.from({ length: 32 }, () => 'AB').join(':');
  return [
    'v=0', 'o=- 1 2 IN IP4 127.0.0.1', 's=-', 't=0 0', 'a=group:BUNDLE 0', `a=fingerprint:sha-256 ${fp}`, 'a=setup:actpass',
    'm=video 9 UDP/TLS/RTP/SAVPF 96', 'c=IN IP4 0.0.0.0', 'a=mid:0', 'a=ice-ufrag:abcd', 'a=ice-pwd:abcdefghijklmnopqrstuvwx', 'a=sendonly', 'a=rtcp-mux',
    `a=rtpmap:96 ${codec}/90000`, 'a=ssrc:1111 cname:enc', '',
  ].join('\r\n');
}

async function post(token: string | null, body: string, type = 'application/sdp') {
  const res = await fetch(`${server.url}/whip/${DEMO_CAMERA_EVENT}`, {
    method: 'POST',
    headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body,
  });
  const text = await res.text();
  return { status: res.status, code: text.startsWith('{') ? (JSON.parse(text) as { error: { code: string } }).error.code : null };
}

async function ingest(path = 'ingest', method = 'GET'): Promise<IngestInfo> {
  const res = await fetch(`${server.url}/api/events/${DEMO_CAMERA_EVENT}/${path}`, { method, headers: { cookie: hostCookie } });
  expect(res.status).toBe(200);
  return IngestInfo.parse(await res.json());
}

const publishFrom = (page: Page, url: string, token: string) => publishWhipFromPage(page, url, token);

beforeAll(async () => {
  server = await startTestServer();
  browser = await launchChromium(true);
  hostCookie = await signIn(server.url, 'host', HOST_PASSWORD);
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.dispose();
});

describe('WHIP ingest', () => {
  it('gives the token to the hosts only, and refuses what is not a WHIP offer with that token before any ladder starts', async () => {
    expect((await fetch(`${server.url}/api/events/${DEMO_CAMERA_EVENT}/ingest`)).status).toBe(401);
    const first = await ingest();
    expect(first.whip.url).toBe(`${server.url}/whip/${DEMO_CAMERA_EVENT}`);
    expect(first.whip.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await ingest()).whip.token).toBe(first.whip.token);
    const rotated = await ingest('ingest/rotate', 'POST');
    expect(rotated.whip.token).not.toBe(first.whip.token);

    const h264 = offerWith('H264').replace('a=rtpmap:96 H264/90000', 'a=rtpmap:96 H264/90000\r\na=fmtp:96 packetization-mode=1;profile-level-id=42e01f');
    expect(await post(null, h264)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await post(first.whip.token, h264)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    expect(await post('x'.repeat(43), h264)).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    const token = rotated.whip.token;
    expect(await post(token, 'hello')).toEqual({ status: 400, code: 'BAD_REQUEST' });
    expect(await post(token, 'v=0\r\nm=video')).toEqual({ status: 400, code: 'BAD_REQUEST' });
    expect(await post(token, offerWith('VP8').replace(/a=fingerprint:[^\r]+\r\n/, ''))).toEqual({ status: 400, code: 'BAD_REQUEST' });
    expect(await post(token, offerWith('VP8').replace('a=sendonly', 'a=recvonly'))).toEqual({ status: 400, code: 'BAD_REQUEST' });
    expect(await post(token, offerWith('AV1'))).toEqual({ status: 415, code: 'UNSUPPORTED_CODEC' });
    expect(await post(token, offerWith('VP8'), 'text/plain')).toEqual({ status: 400, code: 'BAD_REQUEST' });
    expect((await post(token, `${offerWith('VP8')}a=x:${'y'.repeat(70_000)}\r\n`)).status).toBe(413);
    expect((await fetch(`${server.url}/whip/${DEMO_CAMERA_EVENT}/00000000-0000-0000-0000-000000000000`, { method: 'PATCH' })).status).toBe(405);
    expect(ladders()).toEqual([]);
    expect((await server.live.state(DEMO_CAMERA_EVENT)).status).not.toBe('live');
  });

  it("shows the URL and the hidden token in the host console's broadcast software panel, and makes a new token there", async () => {
    const page = await (await browser.newContext()).newPage();
    const errors: string[] = [];
    collectPageErrors(page, errors);
    expect((await page.context().request.post(`${server.url}/api/auth/sign-in`, { data: { username: 'host', password: HOST_PASSWORD } })).status()).toBe(200);
    await page.goto(`${server.url}/host/${DEMO_CAMERA_EVENT}`);
    const before = (await ingest()).whip;
    await page.getByTestId('ingest-url').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('ingest-url').inputValue()).toBe(before.url);
    expect(await page.getByTestId('ingest-token').getAttribute('type')).toBe('password');
    expect(await page.getByTestId('ingest-token').inputValue()).toBe(before.token);
    page.once('dialog', (d) => void d.accept());
    await page.getByTestId('ingest-rotate').click();
    await waitFor(async () => ((await page.getByTestId('ingest-token').inputValue()) !== before.token ? true : undefined), 10_000, 'the new token');
    expect(await page.getByTestId('ingest-token').getAttribute('type')).toBe('text');
    expect(await page.getByTestId('ingest-token').inputValue()).toBe((await ingest()).whip.token);
    expect(errors).toEqual([]);
  });

  it('makes the event live from a Chromium WHIP client, plays it, refuses a second push, resumes after a drop and ends on DELETE', async () => {
    const errors: string[] = [];
    const { whip } = await ingest();
    const encoder = await (await browser.newContext()).newPage();
    collectPageErrors(encoder, errors);
    await encoder.goto(`${server.url}/healthz`);
    const published = await publishFrom(encoder, whip.url, whip.token);
    expect(published.status, published.body).toBe(201);
    expect(published.location).toMatch(new RegExp(`^/whip/${DEMO_CAMERA_EVENT}/[0-9a-f-]{36}$`));

    const state = await waitFor(async () => {
      const s = await server.live.state(DEMO_CAMERA_EVENT);
      return s.status === 'live' && s.hls ? s : undefined;
    }, 60_000, 'the live from WHIP');
    const master = await (await fetch(`${server.url}${state.hls!.master}`)).text();
    expect(master.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF'))).toHaveLength(3);
    expect(ladders()).toHaveLength(1);

    const viewer = await (await browser.newContext()).newPage();
    collectPageErrors(viewer, errors);
    await viewer.addInitScript(() => localStorage.setItem('yunzhan.viewMode', '2d'));
    await viewer.goto(`${server.url}/events/${DEMO_CAMERA_EVENT}`);
    await waitForPlayingVideo(viewer, 60_000);

    // A second encoder with the same token is refused while the first one is on air.
    expect((await publishFrom(await (await browser.newContext()).newPage().then(async (p) => (await p.goto(`${server.url}/healthz`), p)), whip.url, whip.token)).status).toBe(409);

    // The encoder drops mid-show (its connection closes without DELETE): the live waits for it, and
    // a new push resumes the same live on the same stream.
    const streamId = server.live.runningStreams()[0]!.streamId;
    await encoder.evaluate(() => (window as unknown as { __pc: RTCPeerConnection }).__pc.close());
    await waitFor(async () => ((await server.live.state(DEMO_CAMERA_EVENT)).awaitingPublisher ? true : undefined), 30_000, 'the live waiting for its encoder');
    const again = await publishFrom(encoder, whip.url, whip.token);
    expect(again.status, again.body).toBe(201);
    await waitFor(async () => {
      const s = await server.live.state(DEMO_CAMERA_EVENT);
      return s.status === 'live' && !s.awaitingPublisher ? s : undefined;
    }, 30_000, 'the live resumed');
    expect(server.live.runningStreams().map((r) => r.streamId)).toEqual([streamId]);

    const ended = await fetch(`${server.url}${again.location}`, { method: 'DELETE', headers: { authorization: `Bearer ${whip.token}` } });
    expect(ended.status).toBe(200);
    await waitFor(async () => ((await server.live.state(DEMO_CAMERA_EVENT)).status === 'ended' ? true : undefined), 30_000, 'the live ended');
    expect(ladders()).toEqual([]);
    expect(errors).toEqual([]);
  }, 180_000);
});
