import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode, eventChannel, type ChatMessage, type ClientToServerEvents } from '@yunzhan/shared';
import { DEMO_CAMERA_EVENT } from '@yunzhan/server';
import { ADMIN_PASSWORD, connectClient, signIn, startTestServer, waitFor, type TestServer, type TestSocket } from './helpers/server';
import { emitRaw, inbox, ok, signUp } from './helpers/chat';

// Random and malformed payloads at every client event, from anonymous and signed-in sockets
// (one of them a moderator of the room), for a bounded number of emits and a bounded time. The
// server must answer every ack with a well-formed result, log no failure, keep every connection,
// and keep serving the room. The generator is seeded: a failure names the seed to replay it.

/** Every event of the client's map; the compiler checks none is missing. */
const EVENTS = [
  'event:join',
  'event:leave',
  'chat:send',
  'chat:history',
  'chat:report',
  'mod:act',
  'mod:state',
  'reaction:send',
  'poll:create',
  'poll:vote',
  'poll:close',
  'sfu:capabilities',
  'sfu:create-send-transport',
  'sfu:connect-transport',
  'sfu:produce',
  'live:start',
  'live:end',
  'hall:join',
  'hall:leave',
  'award:join',
  'award:leave',
  'caption:send',
] as const satisfies readonly (keyof ClientToServerEvents)[];
const everyEventListed: Exclude<keyof ClientToServerEvents, (typeof EVENTS)[number]> extends never ? true : never = true;
/** Names no handler has, including ones close to real ones. */
const UNKNOWN_EVENTS = ['chat:sendd', 'CHAT:SEND', 'mod:act ', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'x'.repeat(300), '', 'error'];

/** Most emits in one run. */
const MAX_EMITS = 3000;
/** Longest run, in ms (the emits stop at whichever bound comes first). */
const MAX_RUN_MS = 20_000;
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000);
const FUZZ_EVENT = 'fuzz-room';
const CHANNEL = eventChannel(FUZZ_EVENT);

/** mulberry32: a small seeded generator, so a failing run can be replayed with FUZZ_SEED. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  return { next, int, pick, chance: (p: number) => next() < p };
}
type Rng = ReturnType<typeof rng>;

const KEYS = ['channel', 'eventId', 'exhibitionId', 'text', 'action', 'type', 'messageId', 'userId', 'seconds', 'reason', 'note', 'limit', 'beforeSeq', 'afterSeq', 'clientId', 'replyToId', 'danmaku', 'mode', 'colour', 'reaction', 'pollId', 'choices', 'question', 'options', 'multiple', 'transportId', 'dtlsParameters', 'rtpParameters', 'kind', 'preview', 'on', 'minAgeMinutes', 'phrase', 'ruleId', 'reportId', 'programmeId'];
const POLLUTION = ['__proto__', 'constructor', 'prototype', '__defineGetter__', 'toJSON', 'valueOf'];
const STRINGS = ['', ' ', 'event:', 'hall:', CHANNEL, `event:${DEMO_CAMERA_EVENT}`, 'event:no-such', 'hall:no-such', FUZZ_EVENT, DEMO_CAMERA_EVENT, 'NaN', 'Infinity', '-0', '1e999', '\u0000', '\u202e', '💥'.repeat(50), '<script>alert(1)</script>', "'; DROP TABLE chat_messages; --", '../../etc/passwd', '%s%n', 'clap', 'delete', 'ban', 'hold', 'hide', 'scroll', '#ffffff'];
const NUMBERS = [0, -1, 1, 5, 2 ** 31, Number.MAX_SAFE_INTEGER + 2, 1e308, -1e308, 1e-320, 0.5, -0, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];

function randomValue(r: Rng, depth = 0): unknown {
  switch (r.int(depth > 3 ? 5 : 9)) {
    case 0:
      return r.pick([null, undefined, true, false]);
    case 1:
      return r.pick(NUMBERS);
    case 2:
      return r.pick(STRINGS);
    case 3:
      // Long, but within the 64 KiB socket.io message limit.
      return 'x'.repeat(r.pick([501, 4096, 40_000]));
    case 4:
      return Buffer.from([r.int(256), r.int(256)]);
    case 5:
      return Array.from({ length: r.int(4) }, () => randomValue(r, depth + 1));
    case 6:
      return deep(r.int(2) ? 'array' : 'object', r.pick([10, 200, 1000]));
    default:
      return randomObject(r, depth + 1);
  }
}

function randomObject(r: Rng, depth: number): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = r.int(5); i >= 0; i--) {
    // Defined as own properties: `o[k] = v` with k = '__proto__' would set the prototype instead.
    const key = r.chance(0.2) ? r.pick(POLLUTION) : r.pick(KEYS);
    Object.defineProperty(o, key, { value: randomValue(r, depth), enumerable: true, writable: true, configurable: true });
  }
  return o;
}

function deep(kind: 'array' | 'object', depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = kind === 'array' ? [v] : { channel: v };
  return v;
}

/** How many Buffers a value holds (each becomes a binary attachment of the packet). */
function bufferCount(value: unknown, seen = new Set<unknown>()): number {
  if (Buffer.isBuffer(value)) return 1;
  if (typeof value !== 'object' || value === null || seen.has(value)) return 0;
  seen.add(value);
  return Object.values(value).reduce<number>((n, v) => n + bufferCount(v, seen), 0);
}

/** A payload that passes the schema, for the handlers' deeper paths. */
function validish(r: Rng, event: (typeof EVENTS)[number]): unknown {
  const id = r.pick(['m-unknown', '00000000-0000-0000-0000-000000000000']);
  const base: Partial<Record<(typeof EVENTS)[number], unknown>> = {
    'event:join': { eventId: r.pick([FUZZ_EVENT, DEMO_CAMERA_EVENT, 'no-such']) },
    'event:leave': { eventId: FUZZ_EVENT },
    'chat:send': { channel: CHANNEL, text: r.pick(['hello', 'ｈｅｌｌｏ @admin', 'x'.repeat(500)]), replyToId: r.chance(0.3) ? id : undefined, clientId: r.chance(0.3) ? 'fuzz-client-1' : undefined },
    'chat:history': { channel: CHANNEL, limit: 1 + r.int(100), beforeSeq: r.chance(0.5) ? 1 + r.int(50) : undefined },
    'chat:report': { channel: CHANNEL, messageId: id, reason: 'spam' },
    'mod:act': {
      channel: CHANNEL,
      action: r.pick<unknown>([
        { type: 'slow-mode', seconds: r.int(3) },
        { type: 'members-only', on: false },
        { type: 'keyword-add', phrase: `zz-fuzz-${r.int(5)}`, action: r.pick(['hold', 'hide']) },
        { type: 'delete', messageId: id },
        { type: 'mute', userId: 'nobody', seconds: 10, reason: '' },
        { type: 'report-dismiss', reportId: id },
      ]),
    },
    'mod:state': { channel: CHANNEL },
    'reaction:send': { channel: CHANNEL, reaction: 'clap' },
    'poll:vote': { pollId: id, choices: [0] },
    'poll:close': { pollId: id },
    'hall:join': { exhibitionId: 'no-such' },
    'sfu:capabilities': { eventId: DEMO_CAMERA_EVENT },
    'award:join': { programmeId: r.pick(['no-such', 'demo-awards']) },
  };
  return base[event] ?? { eventId: FUZZ_EVENT };
}

/** Whether an ack result has the wire shape: `{ ok: true, data }` or `{ ok: false, error: { code, message } }`. */
function wellFormed(result: unknown): boolean {
  if (typeof result !== 'object' || result === null) return false;
  const r = result as { ok?: unknown; data?: unknown; error?: { code?: unknown; message?: unknown } };
  if (r.ok === true) return 'data' in r;
  return r.ok === false && ErrorCode.safeParse(r.error?.code).success && typeof r.error?.message === 'string';
}

let server: TestServer;
const sockets: TestSocket[] = [];
const failures: string[] = [];
const onUnhandled = (err: unknown) => failures.push(`unhandled: ${String(err)}`);

beforeAll(async () => {
  // Every test client shares one address: the per-address chat limit is lifted so the control
  // messages measure the room, not the limiter.
  server = await startTestServer({ chatUserRate: { burst: 20, perSecond: 5 }, chatAddressRate: { burst: 10_000, perSecond: 10_000 } }, { logs: (entry) => entry.level >= 50 && failures.push(`server logged an error: ${entry.msg ?? ''}`) });
  process.on('unhandledRejection', onUnhandled);
  process.on('uncaughtException', onUnhandled);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  process.off('uncaughtException', onUnhandled);
  for (const s of sockets) s.disconnect();
  await server?.dispose();
});

describe('realtime fuzz', () => {
  it('answers random and malformed payloads at every event with well-formed acks, without crashing or slowing the room', async () => {
    expect(everyEventListed).toBe(true);
    const connect = async (cookie?: string) => {
      const s = await connectClient(server.url, cookie);
      sockets.push(s);
      return s;
    };
    const adminCookie = await signIn(server.url, 'admin', ADMIN_PASSWORD);
    const created = await fetch(`${server.url}/api/events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: adminCookie },
      body: JSON.stringify({ id: FUZZ_EVENT, title: 'Fuzz room' }),
    });
    expect(created.status).toBe(201);
    const fuzzMod = await signUp(server.url, 'fuzzmod');
    const fuzzViewer = await signUp(server.url, 'fuzzviewer');
    const admin = await connect(adminCookie);
    await ok(admin, 'event:join', { eventId: FUZZ_EVENT });
    await ok(admin, 'mod:act', { channel: CHANNEL, action: { type: 'moderator-add', userId: fuzzMod.user.id } });
    const watcher = await connect();
    await ok(watcher, 'event:join', { eventId: FUZZ_EVENT });
    const watched = inbox(watcher);

    const fuzzers = [await connect(fuzzMod.cookie), await connect(fuzzViewer.cookie), ...(await Promise.all(Array.from({ length: 8 }, () => connect())))];
    for (const s of fuzzers) await emitRaw(s, 'event:join', { eventId: FUZZ_EVENT });
    // Why a fuzzer lost its connection, if one does: the failure message names it.
    const dropped: string[] = [];
    fuzzers.forEach((s, i) => s.on('disconnect', (reason, description) => dropped.push(`${i}: ${reason} ${String((description as { message?: string } | undefined)?.message ?? description ?? '')}`)));

    const r = rng(SEED);
    let sent = 0;
    let acked = 0;
    const pending = new Map<number, string>();
    const malformed: string[] = [];
    const started = Date.now();
    const controlIds: string[] = [];
    while (sent < MAX_EMITS && Date.now() - started < MAX_RUN_MS) {
      const socket = r.pick(fuzzers);
      const event = r.chance(0.05) ? r.pick(UNKNOWN_EVENTS) : r.pick(EVENTS);
      const payload = r.chance(0.25) && (EVENTS as readonly string[]).includes(event) ? validish(r, event as (typeof EVENTS)[number]) : randomValue(r);
      let args: unknown[] = r.chance(0.05) ? [] : [payload];
      if (r.chance(0.1)) args.push(randomValue(r), randomValue(r));
      // Oversized messages are refused by closing the connection (the protocol test covers
      // that); here everything stays within the 64 KiB limit so every ack is owed.
      if ((JSON.stringify(args, (_k, v: unknown) => (v === undefined ? null : v))?.length ?? 0) > 60_000) args = ['x'.repeat(40_000)];
      // Likewise a packet with more than 10 binary attachments (socket.io-parser's maxAttachments)
      // is a protocol error that closes the connection: stay under it.
      if (bufferCount(args) > 10) args = [Buffer.from([1, 2])];
      const n = sent++;
      if (r.chance(0.1)) {
        // No ack callback: nothing to answer on; the server must shrug it off.
        (socket.emit as (e: string, ...a: unknown[]) => void)(event, ...args);
      } else {
        pending.set(n, `${event}(${JSON.stringify(args)?.slice(0, 120)}) on ${fuzzers.indexOf(socket)}`);
        (socket.emit as (e: string, ...a: unknown[]) => void)(event, ...args, (result: unknown) => {
          pending.delete(n);
          acked++;
          if (!wellFormed(result)) malformed.push(`${event}: ${JSON.stringify(result)?.slice(0, 200)}`);
          // Every event of the map has a handler; every other name is UNKNOWN_EVENT.
          const unknown = (result as { error?: { code?: string } }).error?.code === 'UNKNOWN_EVENT';
          if (unknown !== !(EVENTS as readonly string[]).includes(event)) malformed.push(`${event} answered ${JSON.stringify(result)?.slice(0, 200)}`);
        });
      }
      // The room keeps working meanwhile: a control message every 300 emits.
      if (n % 300 === 0) controlIds.push((await ok<ChatMessage>(admin, 'chat:send', { channel: CHANNEL, text: `control ${n}` })).id);
      // Yield now and then so acks flow while we keep throwing.
      if (n % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await waitFor(() => pending.size === 0, 15_000, 'an ack for every emit').catch((err: Error) => {
      throw new Error(`${err.message}; seed ${SEED}; dropped: ${dropped.join(', ') || 'none'}; missing ${pending.size}: ${[...pending.values()].slice(0, 5).join(' | ')}`);
    });

    expect(malformed, `seed ${SEED}`).toEqual([]);
    expect(acked).toBeGreaterThan(0);
    expect(fuzzers.every((s) => s.connected), `seed ${SEED}`).toBe(true);
    await waitFor(() => controlIds.every((id) => watched.messages.some((m) => m.id === id)), 10_000, 'every control message at the watcher');

    // Still serving: HTTP, and a chat round trip from a fresh viewer to the watcher.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const state = await ok<{ settings: { keywordRules: { id: string }[] } }>(admin, 'mod:state', { channel: CHANNEL });
    await ok(admin, 'mod:act', { channel: CHANNEL, action: { type: 'slow-mode', seconds: 0 } });
    await ok(admin, 'mod:act', { channel: CHANNEL, action: { type: 'members-only', on: false } });
    for (const rule of state.settings.keywordRules) await ok(admin, 'mod:act', { channel: CHANNEL, action: { type: 'keyword-remove', ruleId: rule.id } });
    const fresh = await signUp(server.url, 'fuzzafter');
    const after = await connect(fresh.cookie);
    await ok(after, 'event:join', { eventId: FUZZ_EVENT });
    const last = await ok<ChatMessage>(after, 'chat:send', { channel: CHANNEL, text: 'still here' });
    expect(last.status).toBe('visible');
    await waitFor(() => watched.messages.some((m) => m.id === last.id), 5000, 'the round trip after the fuzz');
    expect(failures, `seed ${SEED}`).toEqual([]);
  }, 90_000);
});

