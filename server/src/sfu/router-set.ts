import type { types } from 'mediasoup';
import { InvalidStateError } from '@yunzhan/shared';
import { ROUTER_CODECS } from './codecs';
import type { WorkerPool } from './worker-pool';

/** One router of a room: the origin, where the producers are, or an edge fed from it by pipeToRouter. */
export class RoomRouter {
  /** Consumers made through the room on this router. */
  readonly consumers = new Set<types.Consumer>();
  /** Receive transports the room placed on this router. */
  readonly transports = new Set<types.Transport>();
  /** Ids of those transports that have had no consumer yet (a viewer still setting up). */
  readonly untouched = new Set<string>();
  /** Edge only: origin producer id -> its pipe producer on this router (pending or made). */
  readonly pipes = new Map<string, Promise<types.Producer>>();

  constructor(
    readonly router: types.Router,
    readonly worker: types.Worker,
    readonly origin: boolean,
  ) {}

  /**
   * Consumers this router carries or is about to: its consumers, plus `perViewer` for each
   * receive transport that has none yet (a viewer placed here will consume every producer).
   */
  load(perViewer: number): number {
    return this.consumers.size + this.untouched.size * perViewer;
  }
}

/** What a room's routers look like, for tests, benches and /healthz. */
export interface RoomRouterStats {
  routerId: string;
  workerPid: number;
  origin: boolean;
  consumers: number;
  transports: number;
  /** Edge only: producers piped to it. */
  pipedProducers: number;
}

/**
 * The routers of one room: the origin and its edges, each on another worker. Receive transports go
 * to the first router with room in its consumer budget; when none has room, a new edge router is
 * made on the least-loaded worker that holds none of the room's routers and every producer is
 * piped to it at once (eagerly: an edge exists because hundreds of viewers want every producer of
 * the event, one pipe stream per producer is small against that, and it takes the pipe set-up off
 * the viewers' path; a consume that comes before its pipe is ready waits for it).
 */
export class RouterSet {
  private readonly edges = new Map<string, RoomRouter>();
  private placing: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly pool: WorkerPool,
    private readonly eventId: string,
    /** The origin router, where producers are. */
    readonly origin: RoomRouter,
    /** Consumers a router should carry before the room opens another. */
    readonly consumersPerRouter: number,
    /** The room's live producers (all on the origin). */
    private readonly producers: () => types.Producer[],
  ) {}

  /** The origin, then the edges in the order they were made. */
  all(): RoomRouter[] {
    return [this.origin, ...this.edges.values()].filter((r) => !r.router.closed);
  }

  /** The router a new receive transport goes on (see the class comment). Serialised, so two viewers never open two edges. */
  place(): Promise<RoomRouter> {
    const next = this.placing.then(() => this.placeNow());
    this.placing = next.catch(() => undefined);
    return next;
  }

  private async placeNow(): Promise<RoomRouter> {
    if (this.closed) throw new InvalidStateError('The room is closed');
    const perViewer = Math.max(1, this.producers().length);
    const routers = this.all();
    const roomy = routers.find((r) => r.load(perViewer) < this.consumersPerRouter);
    if (roomy) return roomy;
    const worker = this.pool.pickOther(new Set(routers.map((r) => r.worker)));
    if (worker) return this.addEdge(worker);
    // Every live worker holds one of this room's routers already. A second router on the same
    // worker would add pipe cost and no CPU (a worker is one thread), so the least-loaded router
    // takes the viewer past its budget.
    return routers.reduce((best, r) => (r.load(perViewer) < best.load(perViewer) ? r : best));
  }

  private async addEdge(worker: types.Worker): Promise<RoomRouter> {
    const router = await worker.createRouter({ mediaCodecs: ROUTER_CODECS, appData: { eventId: this.eventId, edge: true } });
    if (this.closed) {
      router.close();
      throw new InvalidStateError('The room is closed');
    }
    const edge = new RoomRouter(router, worker, false);
    this.edges.set(router.id, edge);
    // A dead worker takes its routers with it: the edge leaves the set, its transports and
    // consumers close (the room's own bookkeeping follows their close events).
    router.observer.once('close', () => this.edges.delete(router.id));
    for (const p of this.producers()) this.pipe(edge, p.id).catch(() => undefined);
    return edge;
  }

  /** Pipes a new producer to every edge (eager; see the class comment). */
  pipeToEdges(producerId: string): void {
    for (const edge of this.edges.values()) this.pipe(edge, producerId).catch(() => undefined);
  }

  /**
   * The pipe producer of `producerId` on `edge`, piping it from the origin on first use. When the
   * origin producer closes, mediasoup closes its pipe producers and so the edge's consumers.
   */
  pipe(edge: RoomRouter, producerId: string): Promise<types.Producer> {
    const existing = edge.pipes.get(producerId);
    if (existing) return existing;
    const forget = () => {
      if (edge.pipes.get(producerId) === pending) edge.pipes.delete(producerId);
    };
    const pending: Promise<types.Producer> = this.origin.router.pipeToRouter({ producerId, router: edge.router }).then(({ pipeProducer }) => {
      if (!pipeProducer) throw new Error('pipeToRouter made no producer');
      if (pipeProducer.closed) forget();
      else pipeProducer.observer.once('close', forget);
      return pipeProducer;
    });
    edge.pipes.set(producerId, pending);
    pending.catch(forget);
    return pending;
  }

  /** Per-router figures. */
  stats(): RoomRouterStats[] {
    return this.all().map((r) => ({
      routerId: r.router.id,
      workerPid: r.worker.pid,
      origin: r.origin,
      consumers: r.consumers.size,
      transports: r.transports.size,
      pipedProducers: r.pipes.size,
    }));
  }

  /** Closes the edges and the origin. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const edge of [...this.edges.values()]) edge.router.close();
    this.edges.clear();
    this.origin.router.close();
  }
}
