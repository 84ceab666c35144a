import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestInfo } from '@yunzhan/shared';
import { DEMO_CAMERA_EVENT } from '@yunzhan/server';
import { HOST_PASSWORD, signIn, startTestServer, waitFor, type TestServer } from './helpers/server';

// WHIP ingest (RFC 9725), issue 14: Debian's simple-whip-client (Meetecho's GStreamer WHIP
// client, `whip-client`; scripts/setup.mjs installs it for `npm test`) publishes a VP8 test
// pattern and an Opus tone with the event's token. Its offer is not a browser's: trickle ICE with
// no candidate in it (it PATCHes them after the 201 and gets 405, as the SFU is ICE-lite), an
// audio section on port 0 marked bundle-only, no header extensions, upper-case OPUS. The event
// goes live through the ladder (three renditions, segments written), the client's stop sends
// DELETE and ends the live, a wrong token makes the client give up before any ladder starts, and a
// publish outlasts the SFU's ICE consent window although this client never refreshes consent.

/** The client's binary (the Debian package is `simple-whip-client`). */
const WHIP_CLIENT = '/usr/bin/whip-client';

// Debian 12's whip-client is linked with libsoup 2.4, but webrtcbin's libnice pulls in
// libgupnp-igd 1.2 and through it libsoup 3; libsoup 3 aborts when it finds libsoup 2 in the same
// process ("libsoup2 symbols detected. Using libsoup2 and libsoup3 in the same process is not
// supported."), so the packaged client dies as soon as it builds its pipeline. libnice only uses
// gupnp-igd for UPnP port mapping and copes with it returning nothing, so the client runs with
// this stand-in (which loads no libsoup) ahead on its library path; nothing else changes.
const IGD_STUB = `
typedef unsigned long GType;
GType gupnp_simple_igd_get_type(void) { return 0; }
void *gupnp_simple_igd_thread_new(void) { return 0; }
void gupnp_simple_igd_add_port(void) {}
void gupnp_simple_igd_remove_port_local(void) {}
`;

const AUDIO = 'audiotestsrc is-live=true wave=sine ! audioconvert ! audioresample ! queue ! opusenc ! rtpopuspay pt=100 ssrc=1 ! queue ! application/x-rtp,media=audio,encoding-name=OPUS,payload=100';
const VIDEO =
  'videotestsrc is-live=true pattern=ball ! video/x-raw,width=640,height=360,framerate=30/1 ! videoconvert ! queue ! vp8enc deadline=1 keyframe-max-dist=60 ! rtpvp8pay pt=96 ssrc=2 ! queue ! application/x-rtp,media=video,encoding-name=VP8,payload=96';

let server: TestServer;
let hostCookie: string;
let libDir: string;
const clients: ChildProcess[] = [];
/** The server's warnings and errors, shown when a wait fails. */
const warnings: string[] = [];

const ladders = () => server.jobs.active().filter((j) => j.type === 'live-ladder');
const live = () => server.live.state(DEMO_CAMERA_EVENT);

async function ingest(): Promise<IngestInfo> {
  const res = await fetch(`${server.url}/api/events/${DEMO_CAMERA_EVENT}/ingest`, { headers: { cookie: hostCookie } });
  expect(res.status).toBe(200);
  return IngestInfo.parse(await res.json());
}

/** A running whip-client: its output so far, and its exit. */
interface Publisher {
  child: ChildProcess;
  output: () => string;
  exit: Promise<number | null>;
  /** `wait`, failing at once, with the client's output, if the client exits before it is told to stop. */
  running: <T>(wait: Promise<T>) => Promise<T>;
  /** Ctrl+C, as a person stops it; resolves with its exit code. */
  stop: () => Promise<number | null>;
}

/** The client publishing to `url` with `token` until stopped; its own process group, so a stop reaches whatever it starts. */
function publish(url: string, token: string): Publisher {
  const child = spawn(WHIP_CLIENT, ['-u', url, '-t', token, '-A', AUDIO, '-V', VIDEO, '-o', '-l', '4'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, LD_LIBRARY_PATH: [libDir, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'), GST_DEBUG: '0' },
  });
  clients.push(child);
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code, sig) => resolve(code ?? (sig ? -1 : null))));
  let stopping = false;
  const failed = (err: Error): never => {
    throw new Error(`${err.message}\n--- whip-client output ---\n${output}\n--- server warnings ---\n${warnings.join('\n')}`);
  };
  const exited = exit.then((code) => (stopping ? new Promise<never>(() => undefined) : Promise.reject(new Error(`whip-client exited (${code}) before it was stopped`))));
  exited.catch(() => undefined);
  return {
    child,
    output: () => output,
    exit,
    running: (wait) => Promise.race([wait, exited]).catch(failed),
    stop: () => {
      stopping = true;
      signal(child, 'SIGINT');
      return exit;
    },
  };
}

/** Waits for the event to be live with its master playlist, and returns the master and the stream. */
async function waitForLive(client: Publisher): Promise<{ master: string; streamId: string }> {
  const state = await client.running(
    waitFor(async () => {
      const s = await live();
      return s.status === 'live' && s.hls ? s : undefined;
    }, 60_000, 'the live from whip-client'),
  );
  const master = await (await fetch(`${server.url}${state.hls!.master}`)).text();
  return { master, streamId: server.live.runningStreams()[0]!.streamId };
}

/** Segments in the top rendition's media playlist. */
const segments = (streamId: string) => mediaPlaylist(streamId).split('\n').filter((l) => l.startsWith('#EXTINF')).length;

/** Signals the client's process group (gone already is fine). */
function signal(child: ChildProcess, sig: NodeJS.Signals): void {
  try {
    if (child.pid) process.kill(-child.pid, sig);
  } catch {
    // exited already
  }
}

/** The top rendition's media playlist of a stream, or '' before it exists. */
function mediaPlaylist(streamId: string): string {
  const file = path.join(server.config.mediaDir, 'hls', streamId, '720p', 'index.m3u8');
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
}

beforeAll(async () => {
  if (!fs.existsSync(WHIP_CLIENT)) throw new Error(`${WHIP_CLIENT} is missing: run \`npm test\` (its set-up installs the Debian package simple-whip-client), or as root: apt-get install -y simple-whip-client`);
  libDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-whip-igd-'));
  fs.writeFileSync(path.join(libDir, 'igd.c'), IGD_STUB);
  // -nostdlib: the stand-in needs nothing, not even libc's development files.
  const cc = spawnSync('cc', ['-shared', '-fPIC', '-nostdlib', '-Wl,-soname,libgupnp-igd-1.0.so.4', '-o', path.join(libDir, 'libgupnp-igd-1.0.so.4'), path.join(libDir, 'igd.c')], { encoding: 'utf8' });
  if (cc.status !== 0) throw new Error(`cannot build the libgupnp-igd stand-in whip-client needs (cc: ${cc.error?.message ?? cc.stderr}); run \`npm test\`, whose set-up installs gcc`);
  server = await startTestServer({}, { logs: (entry) => entry.level >= 40 && warnings.push(JSON.stringify(entry)) });
  hostCookie = await signIn(server.url, 'host', HOST_PASSWORD);
}, 60_000);
afterAll(async () => {
  // The whole group: whatever the client started (GStreamer's plugin scanner) goes with it.
  for (const c of clients) signal(c, 'SIGKILL');
  await server?.dispose();
  if (libDir) fs.rmSync(libDir, { recursive: true, force: true });
});

describe('WHIP ingest from GStreamer (simple-whip-client)', () => {
  it('refuses a wrong token: the client gives up on the 401 and no ladder starts', async () => {
    const { whip } = await ingest();
    const client = publish(whip.url, 'x'.repeat(43));
    // whip-client exits 0 whatever happened; what it says is the only sign of the refusal.
    await client.exit;
    expect(client.output()).toMatch(/\[401\] Unauthorized/);
    expect(client.output()).not.toMatch(/Resource URL/);
    expect(ladders()).toEqual([]);
    expect((await live()).status).not.toBe('live');
  }, 60_000);

  it('goes live from its VP8 and Opus (three renditions, segments written), copes with the 405 to its trickle PATCH, and its stop (DELETE) ends the live', async () => {
    const { whip } = await ingest();
    const client = publish(whip.url, whip.token);
    const { master, streamId } = await waitForLive(client);
    expect(master.split('\n').filter((l) => l.startsWith('#EXT-X-STREAM-INF'))).toHaveLength(3);
    expect(ladders()).toHaveLength(1);
    await client.running(waitFor(() => segments(streamId) >= 2, 60_000, 'two segments in the 720p playlist'));

    // Both tracks reached the SFU: VP8 and Opus packets on the WHIP peer's producers.
    const room = await server.live.room(DEMO_CAMERA_EVENT);
    const peer = [...room.peers.values()].find((p) => p.id.startsWith('whip-'))!;
    const received = await Promise.all([...peer.producers.values()].map(async (p) => ({ kind: p.kind, stats: await p.getStats() })));
    expect(received.map((r) => `${r.kind}:${r.stats[0]?.mimeType}`).sort()).toEqual(['audio:audio/opus', 'video:video/VP8']);
    for (const r of received) expect(r.stats[0]!.packetCount).toBeGreaterThan(0);
    // It trickled its candidates with PATCH, was told 405 (the answer has every candidate) and carried on.
    await client.running(waitFor(() => /\[trickle\] 405 Method Not Allowed/.test(client.output()), 30_000, 'the trickle PATCH refused'));
    expect(client.output()).toMatch(/PeerConnection connected/);

    // Ctrl+C: the client sends DELETE for its resource, so the live ends rather than waiting for it.
    expect(await client.stop()).toBe(0);
    expect(client.output()).toMatch(/Disconnecting from server \(Shutting down\)/);
    await waitFor(async () => ((await live()).status === 'ended' ? true : undefined), 30_000, 'the live ended');
    expect((await live()).awaitingPublisher).toBe(false);
    expect(ladders()).toEqual([]);
  }, 180_000);

  // GStreamer 1.22 with libnice 0.1.21 (Debian 12) sends no ICE consent checks (RFC 7675) once
  // connected, and over ICE-TCP no keepalives at all; mediasoup's WebRTC transport drops ICE when
  // it hears no binding request for iceConsentTimeout (default 30 s). The publish must outlast that.
  it('keeps publishing past the SFU\'s 30 s ICE consent window (20 segments of 2 s), and a killed client is found by its media stopping', async () => {
    const { whip } = await ingest();
    const client = publish(whip.url, whip.token);
    const { streamId } = await waitForLive(client);
    await client.running(waitFor(() => segments(streamId) >= 20, 120_000, 'twenty segments in the 720p playlist'));
    expect((await live()).status).toBe('live');
    // Without consent checks, an encoder that dies (killed: no DELETE, no DTLS alert) is found by
    // its media stopping: the live waits for it, as after any drop.
    signal(client.child, 'SIGKILL');
    await waitFor(async () => ((await live()).awaitingPublisher ? true : undefined), 30_000, 'the live waiting for its encoder');
    await server.live.end(DEMO_CAMERA_EVENT, 'test');
    expect(ladders()).toEqual([]);
  }, 240_000);
});
