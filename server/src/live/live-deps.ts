import type { Logger } from 'pino';
import type { BatchJobQueue, ErrorInfo, JobRunner, LiveState, RecordingPublishPayload } from '@yunzhan/shared';
import type { Store } from '../db/store';
import type { RoomNetwork } from '../sfu/room';
import type { RtpPipeOptions } from '../sfu/rtp-pipe';
import type { WorkerPool } from '../sfu/worker-pool';
import type { RemoteLives } from './live-handover';
import type { OriginCache } from './stream-origin-store';
import type { MediaHealth } from './media-health';

/** What the live service needs from the rest of the server. */
export interface LiveServiceDeps {
  store: Store;
  pool: WorkerPool;
  /** Where live ladders run: in this process (LIVE_WORKERS=local) or on media workers (remote). */
  jobs: JobRunner;
  /**
   * With LIVE_WORKERS=remote: which node drives each live, and taking over the lives of a node
   * that died (the host reconnects here, or nobody comes back and the live is ended here).
   */
  remote?: RemoteLives;
  /** Where the SFU's RTP pipes listen (an address the ladders' hosts can reach). */
  pipe?: RtpPipeOptions;
  /** Where streams are served from (media worker origins), shared with the `/hls/` proxy. */
  origins?: OriginCache;
  /** True when the ladder of `streamId` publishes LL-HLS that this node can serve (its packager runs here). */
  servesLowLatency?: (streamId: string) => boolean;
  network: RoomNetwork;
  mediaDir: string;
  logger: Logger;
  /** People in an event's room right now. */
  viewerCount: (eventId: string) => number;
  /** Pushes a new live state to everyone in the event's room. */
  publishState: (state: LiveState) => void;
  /** The media folder's health: a live does not start on a full or unwritable disk. */
  mediaHealth: () => Promise<MediaHealth>;
  /** Batch queue: every ended live's recording is published through it. */
  queue: BatchJobQueue;
  /**
   * Set when several hosts share the queue: the recording of a live whose ladder ran in this
   * process is published here, where its files are, rather than by whichever host takes the job.
   */
  publishRecordingHere?: (payload: RecordingPublishPayload) => void;
  /** How long a live waits for a lost publisher to come back before it ends, in ms. Default 60 000. */
  reconnectGraceMs?: number;
  /** Tells the event's hosts about a problem outside any request. */
  notifyHosts: (eventId: string, level: 'info' | 'warning' | 'error', message: string, error?: ErrorInfo) => void;
}
