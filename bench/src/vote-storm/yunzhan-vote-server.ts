import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startTestServer } from '../../../tests/helpers/server';
import { startCountingQueries, stopCountingQueries } from '../query-counter';
import { startCpuProfile, watchGc } from './storm-profile';
import { createStormProgramme, createVoters } from './storm-setup';
import type { YunzhanReady, YunzhanMeasured, YunzhanControl } from './yunzhan-process';

// The vote storm's Yunzhan server in a process of its own, as `npm start` runs it (tsx, one
// process): the real server, the storm's programme through its HTTP API and its voters through
// its store (storm-setup.ts). The bench talks to it over the IPC channel (yunzhan-process.ts):
// `ready` once it is set up, then `measure-start` / `measure-stop` around the storm, inside this
// process (event-loop delay, GC pauses, and with BENCH_VOTE_PROFILE=1 the SQL counter and the
// CPU and heap profilers). SIGTERM closes it.
// Env: YZ_STORM_DIR (where the voters file goes), YZ_STORM_VOTERS, YZ_STORM_PER_ADDRESS,
// YZ_STORM_DATABASE_URL (PostgreSQL; SQLite in a temporary folder when unset).

const send = (m: YunzhanReady | YunzhanMeasured | { type: 'measuring' }) => process.send!(m);
const profile = process.env.BENCH_VOTE_PROFILE === '1';
const gcOnly = process.env.BENCH_VOTE_PROFILE === 'gc';

const server = await startTestServer({ seedExhibition: false, trustProxy: ['loopback'], ...(process.env.YZ_STORM_DATABASE_URL ? { databaseUrl: process.env.YZ_STORM_DATABASE_URL } : {}) });
let closing = false;
const close = () => {
  if (closing) return;
  closing = true;
  server.dispose().finally(() => process.exit(0));
};
process.on('SIGTERM', close);
process.on('SIGINT', close);
process.on('disconnect', close);

{
  const { admin, categories } = await createStormProgramme(server);
  const voters = await createVoters(server, Number(process.env.YZ_STORM_VOTERS), Number(process.env.YZ_STORM_PER_ADDRESS));
  const votersFile = path.join(process.env.YZ_STORM_DIR!, 'yunzhan-voters.json');
  fs.writeFileSync(votersFile, JSON.stringify(voters));
  send({
    type: 'ready',
    url: server.url,
    admin,
    categories,
    votersFile,
    sqliteFile: server.config.databaseFile,
    rates: { user: server.config.voteUserRate, address: server.config.voteAddressRate },
  });
}

let stopMeasuring: (() => Promise<Omit<YunzhanMeasured, 'type'>>) | undefined;

process.on('message', (m: YunzhanControl) => {
  if (m.type === 'measure-start') {
    void (async () => {
      const loop = monitorEventLoopDelay({ resolution: 10 });
      loop.enable();
      if (profile) startCountingQueries();
      const gc = profile || gcOnly ? watchGc() : undefined;
      const cpuProfile = profile ? await startCpuProfile() : undefined;
      stopMeasuring = async () => {
        loop.disable();
        return {
          eventLoopDelayMs: { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 },
          // On the shared clock (ms since the epoch): the bench maps them onto its own.
          ...(gc ? { gc: gc().map((g) => ({ ...g, at: performance.timeOrigin + g.at })) } : {}),
          ...(profile ? { queries: stopCountingQueries() } : {}),
          ...(cpuProfile ? { profileFiles: await cpuProfile(`vote-storm-${process.env.YZ_STORM_DATABASE_URL ? 'postgres' : 'sqlite'}`) } : {}),
        };
      };
      send({ type: 'measuring' });
    })();
  } else if (m.type === 'measure-stop' && stopMeasuring) {
    const stop = stopMeasuring;
    stopMeasuring = undefined;
    void stop().then((measured) => send({ type: 'measured', ...measured }));
  }
});
