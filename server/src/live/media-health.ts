import { EventEmitter } from 'node:events';
import fs from 'node:fs/promises';
import path from 'node:path';

/** State of the media folder for /healthz and for hosts. */
export interface MediaHealth {
  ok: boolean;
  /** The folder the HLS output goes to. */
  dir: string;
  writable: boolean;
  /** Bytes free for this process on the folder's filesystem, null when unknown. */
  freeBytes: number | null;
  /** Below this many free bytes the media folder counts as full. */
  minFreeBytes: number;
  /** Why it is not ok, with a stable code. */
  problem: { code: 'MEDIA_DIR_UNWRITABLE' | 'DISK_FULL'; message: string } | null;
}

/** Options of the media folder check. */
export interface MediaHealthOptions {
  dir: string;
  /** Free space below which new writes are at risk. Default 512 MiB. */
  minFreeBytes?: number;
  /** How often the monitor checks, in ms. Default 10 000. */
  intervalMs?: number;
}

/** Checks that the media folder takes a write and has room: a real write, not a permission guess (root ignores modes). */
export async function checkMediaHealth({ dir, minFreeBytes = 512 * 1024 * 1024 }: MediaHealthOptions): Promise<MediaHealth> {
  let writable = false;
  let problem: MediaHealth['problem'] = null;
  const probe = path.join(dir, `.health-${process.pid}-${Date.now()}`);
  try {
    await fs.mkdir(dir, { recursive: true });
    await fs.writeFile(probe, 'ok');
    writable = true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    problem =
      code === 'ENOSPC' || code === 'EDQUOT'
        ? { code: 'DISK_FULL', message: `No space left in ${dir}` }
        : { code: 'MEDIA_DIR_UNWRITABLE', message: `Cannot write to ${dir}: ${code ?? (err as Error).message}` };
  } finally {
    await fs.rm(probe, { force: true }).catch(() => undefined);
  }
  let freeBytes: number | null = null;
  try {
    const s = await fs.statfs(dir);
    freeBytes = s.bavail * s.bsize;
  } catch {
    // statfs fails on a missing folder; the write check above already said why
  }
  if (!problem && freeBytes !== null && freeBytes < minFreeBytes) {
    problem = { code: 'DISK_FULL', message: `Only ${Math.round(freeBytes / 1024 / 1024)} MiB free in ${dir}` };
  }
  return { ok: problem === null, dir, writable, freeBytes, minFreeBytes, problem };
}

/** Checks the media folder periodically and emits `change` when its health flips. */
export class MediaHealthMonitor extends EventEmitter<{ change: [MediaHealth] }> {
  private timer: NodeJS.Timeout | undefined;
  private last: MediaHealth | undefined;

  constructor(private readonly options: MediaHealthOptions) {
    super();
  }

  /** The latest result, checking now when there is none yet. */
  async current(): Promise<MediaHealth> {
    return this.last ?? this.check();
  }

  /** Checks now; emits `change` when ok flipped or the problem changed. */
  async check(): Promise<MediaHealth> {
    const next = await checkMediaHealth(this.options);
    const changed = !this.last || this.last.ok !== next.ok || this.last.problem?.code !== next.problem?.code;
    this.last = next;
    if (changed) this.emit('change', next);
    return next;
  }

  /** Starts periodic checks. Idempotent. */
  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.check().catch(() => undefined), this.options.intervalMs ?? 10_000);
    this.timer.unref();
  }

  /** Stops checking. Idempotent. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.removeAllListeners();
  }
}
