// A parse thread for the pool's own tests: tasks that answer, refuse, fail, spin and hoard memory.
import { MediaRejectedError } from '@yunzhan/shared';
import { serveParseTasks } from '../parse-protocol';

/** The test tasks. */
export type PoolTestTasks = {
  echo: { input: { value: string }; output: { value: string; thread: number } };
  refuse: { input: null; output: never };
  fail: { input: null; output: never };
  spin: { input: null; output: never };
  hoard: { input: null; output: never };
};

const threadId = Math.floor(Math.random() * 1e9);

serveParseTasks<PoolTestTasks>({
  echo: ({ value }) => ({ value, thread: threadId }),
  refuse: () => {
    throw new MediaRejectedError('MEDIA_CORRUPT', 'refused on purpose', { why: 'test' });
  },
  fail: () => {
    throw new Error('a bug on purpose');
  },
  spin: () => {
    for (;;) {
      // Never yields: only terminating the thread ends this.
    }
  },
  hoard: () => {
    const kept: number[][] = [];
    for (;;) kept.push(Array.from({ length: 100_000 }, (_, i) => i * 1.5));
  },
});
