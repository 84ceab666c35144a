import type { Logger } from 'pino';
import { publishRecording } from '@yunzhan/media-worker';
import type { RecordingPublishPayload } from '@yunzhan/shared';

/** Recordings published in this process, off the request that ended the live; `settled` waits for them (close). */
export function backgroundRecordings(logger: Logger) {
  const running = new Set<Promise<void>>();
  return {
    run(payload: RecordingPublishPayload): void {
      const done = publishRecording(payload, { signal: new AbortController().signal, progress: () => undefined, attempt: 1 }).then(
        () => undefined,
        (err: unknown) => logger.error({ err, streamId: payload.streamId }, 'could not publish the recording'),
      );
      running.add(done);
      void done.finally(() => running.delete(done));
    },
    settled: async () => {
      await Promise.all(running);
    },
  };
}
