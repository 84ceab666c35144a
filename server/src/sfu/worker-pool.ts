import * as mediasoup from 'mediasoup';
import type { types } from 'mediasoup';
import type { Logger } from 'pino';

/** mediasoup's guidance: a worker (one core) carries about 500 consumers. Default budget of one router. */
export const DEFAULT_CONSUMERS_PER_ROUTER = 500;

/** Options of the mediasoup worker pool. */
export interface WorkerPoolOptions {
  /** Number of workers. Default: one per CPU core (decided by the caller). */
  count: number;
  /** UDP port range for WebRTC transports. */
  rtcPorts: { min: number; max: number };
  logger: Logger;
  /** Consumers one router of a room carries before the room pipes to a router on another worker. Default 500 (mediasoup's guidance per worker). */
  consumersPerRouter?: number;
  /** Called after a worker died and its replacement started; routers on it are gone. */
  onWorkerDied?: (pid: number) => void;
}

/** State of one worker for /healthz. */
export interface WorkerHealth {
  pid: number;
  alive: boolean;
}

/**
 * Owns the mediasoup workers: one per core, picked round-robin by load (routers per worker).
 * A worker that dies is logged, replaced, and reported through `onWorkerDied`.
 */
export class WorkerPool {
  private readonly workers: types.Worker[] = [];
  private readonly routerCounts = new Map<types.Worker, number>();
  private closed = false;

  private constructor(private readonly options: WorkerPoolOptions) {}

  /** Starts `count` workers; fails if the worker binary cannot run. */
  static async create(options: WorkerPoolOptions): Promise<WorkerPool> {
    const pool = new WorkerPool(options);
    try {
      for (let i = 0; i < options.count; i++) await pool.spawn();
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  private async spawn(): Promise<types.Worker> {
    const worker = await mediasoup.createWorker({
      logLevel: 'warn',
      rtcMinPort: this.options.rtcPorts.min,
      rtcMaxPort: this.options.rtcPorts.max,
    });
    this.workers.push(worker);
    this.routerCounts.set(worker, 0);
    worker.observer.on('newrouter', (router) => {
      this.routerCounts.set(worker, (this.routerCounts.get(worker) ?? 0) + 1);
      router.observer.once('close', () => this.routerCounts.set(worker, Math.max(0, (this.routerCounts.get(worker) ?? 1) - 1)));
    });
    worker.on('died', (error) => {
      this.options.logger.error({ pid: worker.pid, err: error }, 'mediasoup worker died');
      this.workers.splice(this.workers.indexOf(worker), 1);
      this.routerCounts.delete(worker);
      if (this.closed) return;
      this.spawn()
        .then((w) => {
          this.options.logger.info({ pid: w.pid }, 'mediasoup worker replaced');
          this.options.onWorkerDied?.(worker.pid);
        })
        .catch((err) => this.options.logger.error({ err }, 'could not replace mediasoup worker'));
    });
    return worker;
  }

  /** The least-loaded live worker. */
  pick(): types.Worker {
    const alive = this.workers.filter((w) => !w.closed && !w.died);
    if (alive.length === 0) throw new Error('No mediasoup worker is running');
    return alive.reduce((best, w) => ((this.routerCounts.get(w) ?? 0) < (this.routerCounts.get(best) ?? 0) ? w : best));
  }

  /** The least-loaded live worker not in `exclude`, or undefined when every live worker is in it. */
  pickOther(exclude: ReadonlySet<types.Worker>): types.Worker | undefined {
    const alive = this.workers.filter((w) => !w.closed && !w.died && !exclude.has(w));
    if (alive.length === 0) return undefined;
    return alive.reduce((best, w) => ((this.routerCounts.get(w) ?? 0) < (this.routerCounts.get(best) ?? 0) ? w : best));
  }

  /** The consumer budget of one router of a room (`consumersPerRouter`). */
  get consumersPerRouter(): number {
    return this.options.consumersPerRouter ?? DEFAULT_CONSUMERS_PER_ROUTER;
  }

  /** pid and liveness of every worker. */
  health(): WorkerHealth[] {
    return this.workers.map((w) => ({ pid: w.pid, alive: !w.closed && !w.died }));
  }

  /** Closes every worker (and so every router). Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    for (const w of this.workers.splice(0)) w.close();
  }
}
