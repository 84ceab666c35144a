import pino, { type Logger } from 'pino';

/** The logger used when the caller passes none: JSON on stdout, level from `LOG_LEVEL` (default `info`). */
export function defaultLogger(): Logger {
  return pino({ name: 'media-worker', level: process.env.LOG_LEVEL ?? 'info' });
}
