import type { Logger } from 'pino';
import type { z } from 'zod';
import type { ClientToServerEvents } from '@yunzhan/shared';
import type { Store } from '../db/store';
import type { AckData, AppSocket } from './handler';
import type { Realtime } from './realtime';

/** Registers one validated, acknowledged handler on the connection (see `handle`). */
export type On = <E extends keyof ClientToServerEvents, S extends z.ZodType>(event: E, schema: S, run: (payload: z.infer<S>) => Promise<AckData<E>>) => void;

/** What every group of handlers gets for one connection. */
export interface HandlerContext {
  socket: AppSocket;
  on: On;
  store: Store;
  realtime: Realtime;
  logger: Logger;
}
