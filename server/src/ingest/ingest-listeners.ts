import type { Logger } from 'pino';
import { defaultFfmpegPath } from '@yunzhan/media-worker';
import type { Config } from '../config';
import type { Store } from '../db/store';
import type { LiveService } from '../live/live-service';
import type { IngestPorts } from './ingest-routes';
import { RtmpIngest } from './rtmp/rtmp-ingest';
import { SrtIngest } from './srt/srt-ingest';

/** What both listeners share: where encoders' streams go, and their limits. */
export interface IngestListenerOptions {
  store: Store;
  live: LiveService;
  logger: Logger;
  ffmpegPath: string;
  host: string;
  /** 0: any free port (tests). */
  port: number;
  /** Media above this (kbit/s, averaged over 4 s) drops the publish. */
  maxKbps: number;
}

/**
 * Opens the RTMP and SRT listeners the configuration asks for and records their ports in `ports`
 * (the ingest panel reads them). A port in use leaves that protocol off, logged, and the panel
 * says so: the server itself still starts. Resolves with what closes them.
 */
export async function startIngestListeners(
  config: Pick<Config, 'host' | 'rtmpPort' | 'srtPort' | 'ingestMaxKbps'>,
  deps: { store: Store; live: LiveService; logger: Logger },
  ports: IngestPorts,
): Promise<() => Promise<void>> {
  const closers: (() => Promise<void>)[] = [];
  const listeners = [
    { name: 'rtmp', variable: 'RTMP_PORT', port: config.rtmpPort, make: (o: IngestListenerOptions) => new RtmpIngest(o) },
    { name: 'srt', variable: 'SRT_PORT', port: config.srtPort, make: (o: IngestListenerOptions) => new SrtIngest(o) },
  ] as const;
  for (const { name, variable, port, make } of listeners) {
    if (port === null) continue;
    const logger = deps.logger.child({ component: name });
    const listener = make({ ...deps, logger, ffmpegPath: defaultFfmpegPath(), host: config.host, port, maxKbps: config.ingestMaxKbps });
    try {
      ports[name] = await listener.listen();
      closers.push(() => listener.close());
    } catch (err) {
      logger.error({ err, port }, `${name.toUpperCase()} ingest is off: its port could not be opened (${variable})`);
    }
  }
  return async () => {
    await Promise.all(closers.map((close) => close()));
  };
}
