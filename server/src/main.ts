import { loadConfig, startServer } from './index';

// Entry point of `npm start`: serve the platform, print how to sign in, stop cleanly on signals.
const config = loadConfig();
const server = await startServer(config);
const base = `http://localhost:${config.port}`;
const lines = [
  '',
  `  云展 Yunzhan is running at ${base}`,
  `  Rehearsal stream:  ${base}/events/demo-rehearsal`,
  `  Host console:      ${base}/host/spring-gala`,
  `  Demo exhibition:   ${base}/exhibitions/demo-exhibition`,
  '',
  ...server.seeded.map((a) =>
    a.password ? `  Sign in as ${a.username} (${a.role}) with password: ${a.password}` : `  Account ${a.username} (${a.role}) exists; its first password is in ${config.dataDir}/initial-credentials.txt`,
  ),
  '',
];
process.stdout.write(lines.join('\n') + '\n');

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    server.logger.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

// A promise rejection nobody handled is a bug to log, not a reason to drop every viewer's live.
process.on('unhandledRejection', (reason) => server.logger.error({ err: reason }, 'unhandled promise rejection'));
