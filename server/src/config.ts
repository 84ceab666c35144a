import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['1', '0', 'true', 'false', 'on', 'off', 'yes', 'no'])
  .transform((v) => ['1', 'true', 'on', 'yes'].includes(v));

/** A rate as `<burst>/<per second>`, e.g. `5/0.5`: `burst` actions per window of `burst / per second` seconds (limits/rate-limiter.ts windowOf). */
const rate = z
  .string()
  .regex(/^\d+\/\d+(\.\d+)?$/, 'expected <burst>/<per second>, e.g. 5/0.5')
  .transform((v) => {
    const [burst, perSecond] = v.split('/').map(Number) as [number, number];
    return { burst, perSecond };
  })
  .refine((r) => r.burst >= 1 && r.perSecond > 0, 'burst >= 1 and per second > 0');

/**
 * Proxies whose X-Forwarded-For / X-Forwarded-Proto count: `off` (default: nobody's), or what
 * Express's `trust proxy` takes — `loopback`, `uniquelocal`, addresses and CIDR ranges, comma-separated.
 */
const trustProxy = z
  .string()
  .trim()
  .refine((v) => v === 'off' || v.split(',').every((p) => /^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/.test(p.trim())), {
    message: 'expected off, loopback, linklocal, uniquelocal, or comma-separated addresses/CIDR ranges',
  })
  .transform((v) => (v === 'off' ? [] : v.split(',').map((p) => p.trim())));

/** A listener's port: `off`, 0 (any free port) or a port number. */
const ingestPort = z
  .union([z.literal('off'), z.coerce.number().int().min(0).max(65535)])
  .transform((v) => (v === 'off' ? null : v));

/** Environment variables the server reads; the README's configuration table lists the same. */
const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('0.0.0.0'),
  NODE_ADVERTISE_HOST: z.string().regex(/^[A-Za-z0-9.:_-]{1,253}$/, 'expected a host name or an IP address').optional(),
  DATA_DIR: z.string().default('.data'),
  MEDIA_DIR: z.string().optional(),
  DATABASE_FILE: z.string().optional(),
  DATABASE_URL: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MEDIASOUP_WORKERS: z.coerce.number().int().min(1).max(64).optional(),
  SFU_CONSUMERS_PER_ROUTER: z.coerce.number().int().min(1).max(100_000).default(500),
  RTC_MIN_PORT: z.coerce.number().int().min(1024).max(65535).default(40000),
  RTC_MAX_PORT: z.coerce.number().int().min(1024).max(65535).default(40999),
  RTP_MIN_PORT: z.coerce.number().int().min(1024).max(65535).default(41000),
  RTP_MAX_PORT: z.coerce.number().int().min(1024).max(65535).default(41999),
  RTC_LISTEN_IP: z.string().default('0.0.0.0'),
  RTP_LISTEN_IP: z.string().default('127.0.0.1'),
  LIVE_WORKERS: z.enum(['local', 'remote']).default('local'),
  RTC_ANNOUNCED_IP: z.string().default('127.0.0.1'),
  REHEARSAL: bool.default(true),
  SEED_DEMO: bool.default(true),
  ADMIN_PASSWORD: z.string().min(8).optional(),
  HOST_PASSWORD: z.string().min(8).optional(),
  CURATOR_PASSWORD: z.string().min(8).optional(),
  JUDGE_PASSWORD: z.string().min(8).optional(),
  SEED_EXHIBITION: bool.default(true),
  COOKIE_SECURE: bool.default(false),
  ALLOWED_ORIGINS: z.string().default(''),
  RECONNECT_GRACE_S: z.coerce.number().min(0).max(3600).default(60),
  RTMP_PORT: ingestPort.default(1935),
  SRT_PORT: ingestPort.default(9000),
  INGEST_MAX_KBPS: z.coerce.number().int().min(500).max(200_000).default(20_000),
  MIN_FREE_MEDIA_MB: z.coerce.number().int().min(0).default(512),
  REDIS_URL: z.union([z.literal(''), z.string().regex(/^rediss?:\/\/\S+$/, 'expected a redis:// or rediss:// URL')]).optional(),
  REDIS_KEY_PREFIX: z.string().regex(/^[A-Za-z0-9:_-]{1,64}$/, 'letters, digits, : _ - only').default('yunzhan'),
  FANOUT_TICK_MS: z.coerce.number().int().min(10).max(2000).default(150),
  CHAT_USER_RATE: rate.default({ burst: 5, perSecond: 0.5 }),
  CHAT_ADDRESS_RATE: rate.default({ burst: 20, perSecond: 2 }),
  CHAT_POLICY_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(1000),
  VOTE_USER_RATE: rate.default({ burst: 10, perSecond: 2 }),
  VOTE_ADDRESS_RATE: rate.default({ burst: 200, perSecond: 100 }),
  TRUST_PROXY: trustProxy.default([]),
  SIGN_IN_ADDRESS_RATE: rate.default({ burst: 10, perSecond: 0.2 }),
  SIGN_UP_ADDRESS_RATE: rate.default({ burst: 10, perSecond: 0.05 }),
  ANON_SOCKETS_PER_ADDRESS: z.coerce.number().int().min(1).max(100_000).default(64),
  PUBLIC_URL: z
    .union([z.literal(''), z.string().regex(/^https?:\/\/[^\s/?#]+\/?$/, 'expected an origin such as https://yunzhan.example.org')])
    .optional(),
});

/** Resolved server configuration. */
export interface Config {
  /** HTTP port. Default 8080; 0 picks a free port (tests). */
  port: number;
  /** RTMP ingest port (RTMP_PORT, default 1935; 0 any free port; null: off). */
  rtmpPort: number | null;
  /** SRT ingest port (SRT_PORT, UDP, default 9000; 0 any free port; null: off). */
  srtPort: number | null;
  /** Highest bitrate an encoder may push over RTMP or SRT, kbit/s (INGEST_MAX_KBPS). */
  ingestMaxKbps: number;
  /** Address to listen on. Default 0.0.0.0. */
  host: string;
  /**
   * Address other web nodes and media workers reach this node at (`NODE_ADVERTISE_HOST`), for
   * the uploads it holds when several hosts share the work. Default HOST, or 127.0.0.1 when HOST
   * is a wildcard.
   */
  nodeAdvertiseHost: string;
  /** Folder for the database and other state. Default `.data`. */
  dataDir: string;
  /** Folder for HLS output and media. Default `<dataDir>/media`. */
  mediaDir: string;
  /** SQLite file. Default `<dataDir>/yunzhan.sqlite`. Unused when `databaseUrl` is set. */
  databaseFile: string;
  /** PostgreSQL (`postgres://user@host:5432/db`): every table there, no SQLite file written. Default none. */
  databaseUrl: string | undefined;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  /** mediasoup workers. Default one per CPU core. */
  mediasoupWorkers: number;
  /** Consumers one router of an event carries before the event pipes to a router on another worker (`SFU_CONSUMERS_PER_ROUTER`). Default 500. */
  sfuConsumersPerRouter: number;
  /** UDP port range for WebRTC (mediasoup). */
  rtcPorts: { min: number; max: number };
  /** UDP port range where live ladders in this process receive RTP from the SFU (LIVE_WORKERS=local). */
  rtpPorts: { min: number; max: number };
  /** Address the SFU sends live ladders their RTP from; media worker hosts must reach it. Default `127.0.0.1`. */
  rtpListenIp: string;
  /** `local` (default): live ladders run in this process; `remote`: on `npm run worker` hosts, through Redis. */
  liveWorkers: 'local' | 'remote';
  /** IP mediasoup listens on, and the IP it announces to browsers in ICE candidates. */
  rtcListenIp: string;
  rtcAnnouncedIp: string;
  /** Start the rehearsal test pattern on the demo event. Default true. */
  rehearsal: boolean;
  /** Create the demo accounts and event at start-up. Default true. */
  seedDemo: boolean;
  /** Passwords of the seeded admin and demo host; generated and printed when not set. */
  adminPassword: string | undefined;
  hostPassword: string | undefined;
  /** Password of the seeded demo curator; generated and printed when not set. */
  curatorPassword: string | undefined;
  /** Password of the seeded demo judge; generated and printed when not set. */
  judgePassword: string | undefined;
  /** With `seedDemo`, also create the demo exhibition (32 generated works, published). Default true. */
  seedExhibition: boolean;
  /** Mark the session cookie Secure (behind HTTPS). Default false. */
  cookieSecure: boolean;
  /** How long a live waits for a disconnected host to come back, in seconds. Default 60. */
  reconnectGraceSeconds: number;
  /** Free bytes below which the media folder counts as full. Default 512 MiB. */
  minFreeMediaBytes: number;
  /** Other origins whose pages may open realtime connections (e.g. `http://localhost:5173`). */
  allowedOrigins: string[];
  /** Redis for the batch job queue (BullMQ; `npm run worker` processes). Default none: an in-process queue in the database (`batch_jobs`). */
  redisUrl: string | undefined;
  /** Prefix of the realtime layer's Redis keys and channels (socket.io adapter, presence). Default `yunzhan`. */
  redisKeyPrefix: string;
  /** Length of a chat fan-out tick (batches, reaction bursts, poll states), in ms. Default 150. */
  fanoutTickMs: number;
  /** Chat messages per account: burst, then per second. Default 5, then 0.5/s. */
  chatUserRate: { burst: number; perSecond: number };
  /** Chat messages per client address: burst, then per second. Default 20, then 2/s. */
  chatAddressRate: { burst: number; perSecond: number };
  /**
   * How long a node trusts a channel's moderation settings, bans and mutes read from the database,
   * in ms (`CHAT_POLICY_CACHE_MS`). Default 1000. Changes made on a node apply there at once and
   * reach the others through Redis; this bounds how stale a node can be if that message is lost.
   */
  chatPolicyCacheMs: number;
  /** Award votes per account (`VOTE_USER_RATE`): burst, then per second. Default 10, then 2/s. */
  voteUserRate: { burst: number; perSecond: number };
  /** Award votes per client address (`VOTE_ADDRESS_RATE`): burst, then per second. Default 200, then 100/s. */
  voteAddressRate: { burst: number; perSecond: number };
  /**
   * Proxies trusted to report the client's address and scheme (`TRUST_PROXY`): Express `trust
   * proxy` values (`loopback`, CIDR ranges…). Default none: X-Forwarded-* headers are ignored.
   */
  trustProxy: string[];
  /** Failed sign-ins per client address (`SIGN_IN_ADDRESS_RATE`): burst, then per second. Default 10, then 12/min. */
  signInAddressRate: { burst: number; perSecond: number };
  /** Sign-ups per client address (`SIGN_UP_ADDRESS_RATE`): burst, then per second. Default 10, then 3/min. */
  signUpAddressRate: { burst: number; perSecond: number };
  /** Anonymous realtime connections per client address on one node (`ANON_SOCKETS_PER_ADDRESS`). Default 64. */
  anonSocketsPerAddress: number;
  /**
   * The site's public origin (`PUBLIC_URL`, e.g. `https://yunzhan.example.org`): share cards'
   * absolute links and pictures start with it. Default none: each request's own scheme and Host.
   */
  publicUrl: string | undefined;
}

/** An environment variable the server cannot use; the message names it. */
export class ConfigError extends Error {}

/** Reads the configuration from environment variables, failing with the names of bad ones. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<Config> = {}): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const bad = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${bad}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(e.DATA_DIR);
  const config: Config = {
    port: e.PORT,
    rtmpPort: e.RTMP_PORT,
    srtPort: e.SRT_PORT,
    ingestMaxKbps: e.INGEST_MAX_KBPS,
    host: e.HOST,
    nodeAdvertiseHost: e.NODE_ADVERTISE_HOST ?? (e.HOST === '0.0.0.0' || e.HOST === '::' ? '127.0.0.1' : e.HOST),
    dataDir,
    mediaDir: path.resolve(e.MEDIA_DIR ?? path.join(dataDir, 'media')),
    databaseFile: e.DATABASE_FILE ?? path.join(dataDir, 'yunzhan.sqlite'),
    databaseUrl: e.DATABASE_URL || undefined,
    logLevel: e.LOG_LEVEL,
    mediasoupWorkers: e.MEDIASOUP_WORKERS ?? Math.max(1, os.availableParallelism()),
    sfuConsumersPerRouter: e.SFU_CONSUMERS_PER_ROUTER,
    rtcPorts: { min: e.RTC_MIN_PORT, max: e.RTC_MAX_PORT },
    rtpPorts: { min: e.RTP_MIN_PORT, max: e.RTP_MAX_PORT },
    rtcListenIp: e.RTC_LISTEN_IP,
    rtpListenIp: e.RTP_LISTEN_IP,
    liveWorkers: e.LIVE_WORKERS,
    rtcAnnouncedIp: e.RTC_ANNOUNCED_IP,
    rehearsal: e.REHEARSAL,
    seedDemo: e.SEED_DEMO,
    adminPassword: e.ADMIN_PASSWORD,
    hostPassword: e.HOST_PASSWORD,
    curatorPassword: e.CURATOR_PASSWORD,
    judgePassword: e.JUDGE_PASSWORD,
    seedExhibition: e.SEED_EXHIBITION,
    cookieSecure: e.COOKIE_SECURE,
    reconnectGraceSeconds: e.RECONNECT_GRACE_S,
    minFreeMediaBytes: e.MIN_FREE_MEDIA_MB * 1024 * 1024,
    allowedOrigins: e.ALLOWED_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean),
    redisUrl: e.REDIS_URL || undefined,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    fanoutTickMs: e.FANOUT_TICK_MS,
    chatUserRate: e.CHAT_USER_RATE,
    chatAddressRate: e.CHAT_ADDRESS_RATE,
    chatPolicyCacheMs: e.CHAT_POLICY_CACHE_MS,
    voteUserRate: e.VOTE_USER_RATE,
    voteAddressRate: e.VOTE_ADDRESS_RATE,
    trustProxy: e.TRUST_PROXY,
    signInAddressRate: e.SIGN_IN_ADDRESS_RATE,
    signUpAddressRate: e.SIGN_UP_ADDRESS_RATE,
    anonSocketsPerAddress: e.ANON_SOCKETS_PER_ADDRESS,
    publicUrl: e.PUBLIC_URL ? new URL(e.PUBLIC_URL).origin : undefined,
    ...overrides,
  };
  if (config.liveWorkers === 'remote' && !config.redisUrl) {
    throw new ConfigError('Invalid configuration: LIVE_WORKERS=remote needs REDIS_URL (live ladders are dispatched to media workers through Redis)');
  }
  if (config.rtcPorts.min > config.rtcPorts.max || config.rtpPorts.min > config.rtpPorts.max) {
    throw new ConfigError('Invalid configuration: a port range has min > max');
  }
  return config;
}
