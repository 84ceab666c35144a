import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildMinimalGlb, configureParsePool, packGlb, parsePool } from '@yunzhan/media-worker';
import { eventChannel, type ChatMessage, type PublicUser } from '@yunzhan/shared';
import { ok } from '../helpers/chat';
import { ADMIN_PASSWORD, HOST_PASSWORD, connectClient, signIn, startTestServer, waitFor, type TestServer, type TestSocket } from '../helpers/server';
import { createUpload, patchUpload, uploadUrlOf, type RawResponse } from '../helpers/tus';
import { signInCurator } from '../integration/support';

// Finding 1 of issue 10: the GLB check parsed a model's JSON chunk with JSON.parse on the main
// thread, so a 10 MB model whose JSON nests arrays five million deep stalled every request, chat
// and signalling for seconds, and was then accepted. Here a curator uploads such a model while
// two other people chat: the chat goes on while the model waits for and goes through its check,
// and the model is refused with MODEL_TOO_COMPLEX and deleted.
//
// The ordering is made certain, not left to timing: the pool has one parse thread, and another
// model's check holds it while that model's bytes are slow to come (they come through a pipe the
// test writes only after the chat message has arrived). The deep model's check waits its turn.

let server: TestServer;
let curator: string;
const sockets: TestSocket[] = [];
const fifoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'yunzhan-slow-model-'));
const slowModel = path.join(fifoDir, 'slow.glb');
let slowModelWritten = false;

/** A GLB whose JSON is a valid glTF 2.0 document with `depth` nested arrays in `extras`. */
function deeplyNestedGlb(depth: number): Buffer {
  return packGlb(`{"asset":{"version":"2.0"},"extras":${'['.repeat(depth)}${']'.repeat(depth)}}`);
}

beforeAll(async () => {
  await configureParsePool({ maxThreads: 1 });
  // The shortest fan-out tick, so that a chat message is delivered as soon as the server may.
  server = await startTestServer({ fanoutTickMs: 10 });
  curator = await signInCurator(server);
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  // A failed run may leave the slow model's reader waiting: a writer that opens and closes ends it.
  if (!slowModelWritten && fs.existsSync(slowModel)) fs.closeSync(fs.openSync(slowModel, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
  await server?.dispose();
  await configureParsePool({});
  fs.rmSync(fifoDir, { recursive: true, force: true });
});

describe('a deeply nested model upload', () => {
  it('lets a chat message through while it waits for and goes through its check, then is refused as MODEL_TOO_COMPLEX and deleted', async () => {
    // Two people in a live event's chat: the host writes, an anonymous viewer reads.
    const admin = await signIn(server.url, 'admin', ADMIN_PASSWORD);
    const hostCookie = await signIn(server.url, 'host', HOST_PASSWORD);
    const host = ((await (await fetch(`${server.url}/api/auth/me`, { headers: { cookie: hostCookie } })).json()) as { user: PublicUser }).user;
    const created = await fetch(`${server.url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: admin },
      body: JSON.stringify({ id: 'freeze-check', title: 'Opening night', hostIds: [host.id] }),
    });
    expect(created.status).toBe(201);
    const channel = eventChannel('freeze-check');
    const writer = await connectClient(server.url, hostCookie);
    const reader = await connectClient(server.url);
    sockets.push(writer, reader);
    await ok(writer, 'event:join', { eventId: 'freeze-check' });
    await ok(reader, 'event:join', { eventId: 'freeze-check' });
    const received: ChatMessage[] = [];
    reader.on('chat:batch', (batch) => received.push(...batch.messages));

    // Another model's check takes the one parse thread and waits there for its bytes.
    execFileSync('mkfifo', [slowModel]);
    const slowBytes = buildMinimalGlb('slow');
    const otherCheck = parsePool().run('glb', { file: slowModel, sizeBytes: slowBytes.length }, 'MODEL_TOO_COMPLEX');
    await waitFor(() => parsePool().stats.busy === 1, 30_000, 'the other check to take the parse thread');

    // The deep model, all but its last byte first: its check starts when the last byte arrives.
    const glb = deeplyNestedGlb(5_000_000);
    const upload = await createUpload(server.url, curator, glb.length, { filename: 'deep.glb', filetype: 'model/gltf-binary' });
    expect(upload.status, upload.body).toBe(201);
    const url = uploadUrlOf(server.url, upload);
    const id = url.split('/').pop()!;
    expect((await patchUpload(url, curator, 0, glb.subarray(0, glb.length - 1))).status).toBe(204);
    let answer: RawResponse | undefined;
    const lastByte = patchUpload(url, curator, glb.length - 1, glb.subarray(glb.length - 1)).then((r) => (answer = r));
    await waitFor(() => parsePool().stats.queued === 1, 30_000, 'the deep model to wait for its check');

    // The host's message reaches the viewer while the model is still being checked.
    const sent = await ok<ChatMessage>(writer, 'chat:send', { channel, text: 'the show goes on' });
    await waitFor(() => received.some((m) => m.id === sent.id), 10_000, 'the chat message to arrive');
    expect(answer).toBeUndefined();

    // The other model's bytes arrive: it is accepted, and the deep one takes its turn.
    await fs.promises.writeFile(slowModel, slowBytes);
    slowModelWritten = true;
    expect(await otherCheck).toMatchObject({ generator: 'slow', meshes: 1 });
    const res = await lastByte;
    expect(res.status, res.body).toBe(422);
    expect((JSON.parse(res.body) as { error: { code: string; details?: { maxDepth?: number } } }).error).toMatchObject({
      code: 'MODEL_TOO_COMPLEX',
      details: { maxDepth: 64 },
    });
    // The file is gone and no asset was made of it.
    expect(fs.readdirSync(path.join(server.config.mediaDir, 'uploads')).filter((n) => n.startsWith(id))).toEqual([]);
    expect((await fetch(`${server.url}/api/assets/${id}`, { headers: { cookie: curator } })).status).toBe(404);
  });
});
