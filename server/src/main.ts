import { AppError } from '@yunzhan/shared';
import { ConfigError } from './config';
import { loadConfig, startServer, type Config, type YunzhanServer } from './index';

// Entry point of `npm start`: serve the platform, print how to sign in, stop cleanly on signals.

/** Errors of listen() an operator fixes (another process on the port, a privileged port, no such address). */
const LISTEN_CODES = new Set(['EADDRINUSE', 'EACCES', 'EADDRNOTAVAIL']);

/**
 * The one line to print for a start-up failure the operator fixes (configuration, database, port);
 * undefined for anything else, a bug whose stack is worth seeing.
 */
function operatorProblem(err: unknown): string | undefined {
  if (err instanceof ConfigError) return err.message;
  if (err instanceof AppError) {
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return `${err.message}${cause}`;
  }
  const code = (err as { code?: unknown })?.code;
  if (err instanceof Error && typeof code === 'string' && LISTEN_CODES.has(code)) return `cannot listen: ${err.message} (PORT, HOST)`;
  return undefined;
}

let config: Config;
let server: YunzhanServer;
try {
  config = loadConfig();
  server = await startServer(config);
} catch (err) {
  const line = operatorProblem(err);
  if (line === undefined) throw err;
  process.stderr.write(`yunzhan: cannot start: ${line}\n`);
  process.exit(1);
}
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
