// Entry of a parse thread. The tasks are TypeScript: under `tsx server/src/main.ts` and under
// vitest alike the thread registers tsx's loader itself (a worker does not reliably inherit the
// parent's loader hooks on Node 20), then loads the task module the pool named.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.module);
