import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import express from 'express';
import pino, { type Logger } from 'pino';
import type { Kysely } from 'kysely';
import {
  createBatchHandlers,
  createBullmqJobQueue,
  createDbJobQueue,
  createJobRunner,
  createRemoteLiveRunner,
  hlsOriginRoutes,
  holdParsePool,
  importLegacyJobFile,
  mediaRoutes,
  portableAssetHandlers,
  probeFfmpeg,
  type JobTables,
  type LocalJobRunner,
} from '@yunzhan/media-worker';
import type { BatchJobQueue, RecordingPublishPayload } from '@yunzhan/shared';
import { can } from './auth/policy';
import { SESSION_COOKIE, SessionManager, readCookie } from './auth/sessions';
import { compileTrustProxy, isLoopbackRequest } from './http/client-address';
import { csrfGuard } from './http/csrf';
import { createExpressServer } from './http/express-server';
import { securityHeaders } from './http/security-headers';
import { loadConfig, type Config } from './config';
import { openDatabase } from './db/database';
import { createStore } from './db/db-store';
import type { Store } from './db/store';
import { awardRoutes } from './awards/award-routes';
import { AwardService } from './awards/award-service';
import { authRoutes } from './http/auth-routes';
import { clientRoutes } from './http/client-routes';
import { errorHandler, notFoundApi } from './http/errors';
import { eventRoutes } from './http/event-routes';
import { exhibitionRoutes } from './exhibitions/exhibition-routes';
import { ExhibitionService } from './exhibitions/exhibition-service';
import { workRoutes } from './works/work-routes';
import { subtitleRoutes } from './works/subtitle-routes';
import { WorkService } from './works/work-service';
import { healthRoutes } from './http/health-routes';
import { mediaOrigins, ownOrigin } from './http/media-origins';
import { originProxy } from './http/origin-proxy';
import { jobRoutes } from './http/job-routes';
import { userRoutes } from './http/user-routes';
import { backgroundRecordings } from './live/background-recordings';
import { LiveService } from './live/live-service';
import { OriginCache } from './live/stream-origin-store';
import { MediaHealthMonitor } from './live/media-health';
import { startRehearsal, type Rehearsal } from './live/rehearsal';
import { RateLimits } from './limits/rate-limits';
import { Realtime } from './realtime/realtime';
import { shareCardPages } from './share/share-routes';
import { ShareService } from './share/share-service';
import { shareStore } from './share/share-store';
import { ingestRoutes } from './ingest/ingest-routes';
import { WhipIngest } from './ingest/whip';
import { startIngestListeners } from './ingest/ingest-listeners';
import type { IngestPorts } from './ingest/ingest-routes';
import { SourceLinks, loadSourceLinkKey } from './uploads/source-links';
import { createUploads } from './uploads/uploads';
import { DEMO_REHEARSAL_EVENT, seedDemo, seedDemoExhibition, type SeededAccount } from './seed';
import { seedDemoAwards } from './seed-awards';
import { WorkerPool } from './sfu/worker-pool';

export { loadConfig, type Config } from './config';
export { DEMO_CAMERA_EVENT, DEMO_CURATOR, DEMO_JUDGE, DEMO_REHEARSAL_EVENT } from './seed';
export { DEMO_EXHIBITION } from './seed-exhibition';
export { DEMO_AWARDS } from './seed-awards';
export { AwardService, type AwardServiceOptions } from './awards/award-service';
export { publishRehearsalSource } from './live/rehearsal';

/** Folder of the built web client. */
export const CLIENT_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../client/dist');

/** A running Yunzhan server. */
export interface YunzhanServer {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  url: string;
  config: Config;
  store: Store;
  live: LiveService;
  /** Award programmes: entries, judging, votes, results and the ceremony's reveals. */
  awards: AwardService;
  /** Jobs of this process: the rehearsal source, and live ladders with LIVE_WORKERS=local. */
  jobs: LocalJobRunner;
  /** Batch jobs (VOD transcodes, recording publishes): BullMQ with `redisUrl`, else in-process, kept in the database (`batch_jobs`). */
  queue: BatchJobQueue;
  pool: WorkerPool;
  logger: Logger;
  /** Accounts seeded at start-up (passwords only for newly created ones). */
  seeded: SeededAccount[];
  /**
   * Settles when the demo exhibition, and after it the demo award programme, are in place (seeded
   * in the background after the server listens, so generating its pictures never delays the
   * start; at once when already there or not wanted). Never rejects: a failure is logged.
   */
  demoExhibition: Promise<void>;
  /** The ports broadcast software pushes to (null: that listener is off). */
  ingestPorts: IngestPorts;
  /** Ends every live (replays complete), stops every process, closes sockets and the database. Idempotent. */
  close(): Promise<void>;
}

/** Starts the whole platform on one HTTP server. */
export async function startServer(config: Config = loadConfig(), options: { logger?: Logger } = {}): Promise<YunzhanServer> {
  const logger = options.logger ?? pino({ level: config.logLevel, base: undefined });
  fs.mkdirSync(config.mediaDir, { recursive: true });
  const database = await openDatabase({ url: config.databaseUrl, sqliteFile: config.databaseFile });
  const store = createStore(database);
  const cleanups: (() => Promise<void>)[] = [async () => store.close()];
  const runCleanups = async () => {
    for (const c of cleanups.splice(0).reverse()) await c().catch((err: unknown) => logger.error({ err }, 'cleanup failed'));
  };
  try {
    const seeded = config.seedDemo
      ? await seedDemo(store, {
          dataDir: config.dataDir,
          adminPassword: config.adminPassword,
          hostPassword: config.hostPassword,
          curatorPassword: config.curatorPassword,
          judgePassword: config.judgePassword,
        })
      : [];
    const sessions = new SessionManager(store);
    // Jobs of this process: the rehearsal source, and live ladders with LIVE_WORKERS=local.
    const jobs = createJobRunner({
      logger: logger.child({ component: 'media-worker' }),
      mediaDir: config.mediaDir,
      rtp: { bindHost: '127.0.0.1', ports: config.rtpPorts },
    });
    cleanups.push(() => jobs.close());
    // LIVE_WORKERS=remote: live ladders go to `npm run worker` hosts through Redis (config checked REDIS_URL).
    const remoteLives =
      config.liveWorkers === 'remote'
        ? await createRemoteLiveRunner({
            redisUrl: config.redisUrl!,
            base: config.redisKeyPrefix,
            node: `${config.host}:${config.port}:${process.pid}`,
            logger: logger.child({ component: 'live-workers' }),
          })
        : undefined;
    if (remoteLives) cleanups.push(() => remoteLives.close());
    const liveJobs = remoteLives ?? jobs;
    // Lives that were running when this process last stopped cannot be resumed. With several
    // nodes on one database, only lives no media worker is running are this node's to end (a
    // live of another node is left alone); nodes that run ladders themselves share no state, so
    // with Redis (several nodes) and LIVE_WORKERS=local nothing is ended here.
    const running = remoteLives ? await remoteLives.runningStreams() : config.redisUrl ? undefined : new Set<string>();
    if (running) {
      for (const e of await store.events.list({ status: 'live' })) {
        if (!(e.streamId && running.has(e.streamId))) await store.events.update(e.id, { status: 'ended', endedAt: new Date().toISOString() });
      }
    }
    // Upload checks and batch handlers parse untrusted bytes on these threads; released after the queue closes.
    cleanups.push(holdParsePool());
    const queueLogger = logger.child({ component: 'batch-queue' });
    // Several hosts share the queue (Redis, or nodes sharing PostgreSQL): a job may run on another
    // host, fetching its upload from this node; where its output is, is recorded for every node.
    const sharedHosts = Boolean(config.redisUrl || config.databaseUrl);
    const self = ownOrigin();
    const ingestPorts: IngestPorts = { rtmp: null, srt: null };
    // With Redis the jobs run wherever `npm run worker` runs; without it, here.
    // Without it the jobs live in the database's batch_jobs (on PostgreSQL with DATABASE_URL, shared by every node).
    let queue: BatchJobQueue;
    if (config.redisUrl) {
      queue = await createBullmqJobQueue({ redisUrl: config.redisUrl, queueName: `${config.redisKeyPrefix}-batch`, logger: queueLogger });
    } else {
      const jobDb = database.db as unknown as Kysely<JobTables>;
      // Installs from before migration 14 kept the jobs in <dataDir>/jobs.sqlite: imported once, then moved aside.
      await importLegacyJobFile(path.join(config.dataDir, 'jobs.sqlite'), jobDb, queueLogger);
      const handlers = portableAssetHandlers(createBatchHandlers({ logger: queueLogger }), { mediaDir: config.mediaDir, workDir: path.join(config.dataDir, 'tmp'), origin: () => self.known });
      queue = createDbJobQueue({ db: jobDb, engine: database.engine, handlers, logger: queueLogger });
    }
    cleanups.push(() => queue.close());
    // Chat, reaction, vote and sign-in limits: shared by every node on Redis, else in memory.
    const limits = await RateLimits.connect({ redisUrl: config.redisUrl, keyPrefix: config.redisKeyPrefix, logger: logger.child({ component: 'rate-limits' }) });
    cleanups.push(() => limits.close());
    const pool = await WorkerPool.create({
      count: config.mediasoupWorkers,
      rtcPorts: config.rtcPorts,
      consumersPerRouter: config.sfuConsumersPerRouter,
      logger: logger.child({ component: 'sfu' }),
    });
    cleanups.push(() => pool.close());

    const app = express();
    app.disable('x-powered-by');
    // req.ip and req.secure believe X-Forwarded-* only from the proxies TRUST_PROXY names (none by
    // default); socket.io handshakes use the same compiled rule (realtime's clientAddress).
    const trustProxy = compileTrustProxy(config.trustProxy);
    app.set('trust proxy', trustProxy);
    const server = createExpressServer(app);
    const mediaHealth = new MediaHealthMonitor({ dir: config.mediaDir, minFreeBytes: config.minFreeMediaBytes });
    cleanups.push(async () => mediaHealth.stop());
    const realtime = new Realtime(server, {
      store,
      sessions,
      allowedOrigins: config.allowedOrigins,
      logger: logger.child({ component: 'realtime' }),
      fanoutTickMs: config.fanoutTickMs,
      redisUrl: config.redisUrl,
      redisKeyPrefix: config.redisKeyPrefix,
      chatUserRate: config.chatUserRate,
      chatAddressRate: config.chatAddressRate,
      chatPolicyCacheMs: config.chatPolicyCacheMs,
      limits,
      trustProxy,
      anonSocketsPerAddress: config.anonSocketsPerAddress,
      cookieSecure: config.cookieSecure,
    });
    const works = new WorkService({ store, logger: logger.child({ component: 'works' }) });
    const uploads = createUploads({
      store,
      sessions,
      queue,
      mediaDir: config.mediaDir,
      publish: (asset) => {
        realtime.emitToUser(asset.ownerId, 'asset:progress', asset);
        // Works made from this asset follow it (status, renditions, audio guide).
        works.assetChanged(asset.id).catch((err: unknown) => logger.error({ err, assetId: asset.id }, 'works could not follow their asset'));
      },
      logger: logger.child({ component: 'uploads' }),
      ...(sharedHosts ? { shared: { links: new SourceLinks(loadSourceLinkKey(config.dataDir), () => self.get()!), self: () => self.get()! } } : {}),
    });
    cleanups.push(() => uploads.close());
    const recordingsHere = backgroundRecordings(logger.child({ component: 'recordings' }));
    // Which media worker serves each stream: looked up once per stream per 2 s for the proxy and the live service.
    const origins = new OriginCache(store.streamOrigins);
    const filesAt = mediaOrigins({ streams: origins, assets: new OriginCache(store.assetOrigins), mediaDir: config.mediaDir, self: () => self.get() });
    const live = new LiveService({
      store,
      pool,
      jobs: liveJobs,
      ...(remoteLives ? { remote: remoteLives } : {}),
      pipe: { listenIp: config.liveWorkers === 'remote' ? config.rtpListenIp : '127.0.0.1' },
      servesLowLatency: (streamId) => jobs.lowLatency.get(streamId) !== undefined,
      origins,
      network: { listenIp: config.rtcListenIp, announcedIp: config.rtcAnnouncedIp, rtcPorts: config.rtcPorts },
      mediaDir: config.mediaDir,
      logger: logger.child({ component: 'live' }),
      viewerCount: (id) => realtime.viewerCount(id),
      publishState: (s) => realtime.publishState(s),
      notifyHosts: (id, level, message, error) => realtime.notifyHosts(id, level, message, error),
      mediaHealth: () => mediaHealth.check(),
      queue,
      // With Redis the recording job would go to a worker, which cannot see this node's files.
      ...(config.redisUrl ? { publishRecordingHere: (payload: RecordingPublishPayload) => recordingsHere.run(payload) } : {}),
      reconnectGraceMs: config.reconnectGraceSeconds * 1000,
    });
    mediaHealth.on('change', (h) => {
      if (!h.ok) logger.error({ problem: h.problem }, 'media folder not usable');
      live.reportMediaHealth(h);
    });
    mediaHealth.start();
    realtime.attach(live);
    const awards = new AwardService({
      store,
      publish: { reveal: (r) => realtime.emitAwardReveal(r), tally: (t) => realtime.emitAwardTally(t) },
      voteUserRate: config.voteUserRate,
      voteAddressRate: config.voteAddressRate,
      limits,
      logger: logger.child({ component: 'awards' }),
    });
    realtime.attachAwards(awards);
    cleanups.push(async () => awards.close());
    // Order matters on close: lives end first (ENDLIST written; with LIVE_WORKERS=remote they are
    // handed over instead, their ladders going on on the workers), then sockets and HTTP.
    cleanups.push(() => recordingsHere.settled());
    cleanups.push(() => realtime.close());
    cleanups.push(() => live.close());

    app.use(securityHeaders());
    // Before every route that changes state (tus uploads included): cross-site requests stop here.
    app.use(csrfGuard(config.allowedOrigins));
    const mayReadHealth = async (req: express.Request) => can(await sessions.user(readCookie(req.headers.cookie, SESSION_COOKIE)), 'health:details');
    app.use(
      '/healthz',
      healthRoutes({
        database: () => store.health(),
        workers: () => pool.health(),
        ffmpeg: () => probeFfmpeg(),
        media: () => mediaHealth.check(),
        mayReadDetails: async (req) => isLoopbackRequest(req) || (await mayReadHealth(req)),
      }),
    );
    // LL-HLS playlists and hinted parts first; every file they pass on is served by hlsRoutes.
    // Lives on media workers are proxied to their worker's origin; the rest is served from here.
    // Uploads a media worker processed, or another node took, likewise.
    const proxyLogger = logger.child({ component: 'origin-proxy' });
    app.use('/hls', originProxy({ mount: '/hls', originOf: filesAt.hls, logger: proxyLogger }));
    app.use('/hls', hlsOriginRoutes({ mediaDir: config.mediaDir, streams: jobs.lowLatency }));
    app.use('/media', originProxy({ mount: '/media', originOf: filesAt.media, logger: proxyLogger }));
    app.use('/media', mediaRoutes(config.mediaDir));
    // tus reads the upload bodies itself: mounted before the JSON body parser.
    app.use(uploads.router);
    // A whole layout (up to 500 placements and a tour) is one draft save.
    app.use('/api/exhibitions', express.json({ limit: '1mb' }));
    app.use('/api', express.json({ limit: '32kb' }));
    // Each feature's routes under its own path: a request walks only the routes of its feature.
    app.use('/api/auth', authRoutes({ store, sessions, cookieSecure: config.cookieSecure, signInAddressRate: config.signInAddressRate, signUpAddressRate: config.signUpAddressRate, limits }));
    // WHIP ingest and its credentials: before the JSON body parser would matter (the offer is application/sdp).
    app.use(ingestRoutes({ store, sessions, whip: new WhipIngest({ store, live, logger: logger.child({ component: 'whip' }), maxKbps: config.ingestMaxKbps }), publicUrl: config.publicUrl, ports: ingestPorts }));
    app.use('/api/events', eventRoutes(store, sessions, live));
    app.use('/api/jobs', jobRoutes(queue, sessions));
    app.use('/api/works', workRoutes(store, sessions, works));
    app.use('/api/works', subtitleRoutes(store, sessions));
    app.use('/api/exhibitions', exhibitionRoutes(store, sessions, new ExhibitionService(store)));
    app.use('/api/awards', awardRoutes(sessions, awards));
    app.use('/api/users', userRoutes(store, sessions));
    app.use('/api', notFoundApi);
    // Pages carry the share card (Open Graph) of what they show, for links pasted into chat apps.
    const shareLogger = logger.child({ component: 'share' });
    const shares = new ShareService({ shares: shareStore(database.db), store, logger: shareLogger });
    app.use(clientRoutes(CLIENT_DIST, { cookieSecure: config.cookieSecure, render: shareCardPages(shares, { publicUrl: config.publicUrl, logger: shareLogger }) }));
    app.use(errorHandler(logger));

    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://127.0.0.1:${port}`;
    const advertised = config.nodeAdvertiseHost.includes(':') ? `[${config.nodeAdvertiseHost}]` : config.nodeAdvertiseHost;
    self.set(`http://${advertised}:${port}`);
    // Broadcast software's listeners (RTMP, SRT): a port in use leaves that protocol off, not the server down.
    cleanups.push(await startIngestListeners(config, { store, live, logger }, ingestPorts));

    let rehearsal: Rehearsal | undefined;
    if (config.rehearsal && (await store.events.get(DEMO_REHEARSAL_EVENT))) {
      try {
        rehearsal = await startRehearsal(live, jobs, DEMO_REHEARSAL_EVENT, logger.child({ component: 'rehearsal' }));
      } catch (err) {
        logger.error({ err }, 'rehearsal source could not start');
      }
    }
    // Runs before live.close() (cleanups run in reverse): the source stops after its live ended.
    cleanups.splice(cleanups.length - 1, 0, async () => rehearsal?.stop());

    const seeding = new AbortController();
    const demoExhibition =
      config.seedDemo && config.seedExhibition
        ? seedDemoExhibition(store, { dataDir: config.dataDir, mediaDir: config.mediaDir, logger: logger.child({ component: 'seed' }), signal: seeding.signal, ...(sharedHosts ? { origin: self.get()! } : {}) })
            // The demo programme nominates the exhibition's works: it follows in the same background path.
            .then(async () => {
              seeding.signal.throwIfAborted();
              await seedDemoAwards(store, awards, { logger: logger.child({ component: 'seed' }) });
            })
            .then(
              () => undefined,
              (err: unknown) => {
                if (!seeding.signal.aborted) logger.error({ err }, 'the demo exhibition or award programme could not be seeded');
              },
            )
        : Promise.resolve();
    // Runs first on close: stop seeding and wait for it, before the database closes under it.
    cleanups.push(async () => {
      seeding.abort();
      await demoExhibition;
    });

    let closing: Promise<void> | undefined;
    return {
      url,
      config,
      store,
      live,
      awards,
      jobs,
      queue,
      pool,
      logger,
      seeded,
      demoExhibition,
      ingestPorts,
      close: () => (closing ??= runCleanups()),
    };
  } catch (err) {
    await runCleanups();
    throw err;
  }
}
