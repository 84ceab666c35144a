import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { InvalidStateError, ValidationError, type Job, type JobEvent } from '@yunzhan/shared';
import { isAlive, waitFor } from '../live/test-support';
import { createJobRunner } from './job-runner';

const silent = pino({ level: 'silent' });
const rehearsal = (port: number): Job => ({
  type: 'rehearsal-source',
  payload: {
    eventId: 'ev',
    fps: 5,
    video: { ip: '127.0.0.1', port, payloadType: 102, ssrc: 1 },
    audio: { ip: '127.0.0.1', port: port + 2, payloadType: 111, ssrc: 2 },
  },
});

describe('job runner', () => {
  it('validates payloads with their schema and names the bad field', () => {
    const runner = createJobRunner({ logger: silent });
    const bad = { type: 'live-ladder', payload: { streamId: 'a b', eventId: 'e', input: [], renditions: [] } } as unknown as Job;
    expect(() => runner.dispatch(bad)).toThrow(ValidationError);
    try {
      runner.dispatch(bad);
    } catch (err) {
      const paths = ((err as ValidationError).details as { issues: { path: string }[] }).issues.map((i) => i.path);
      expect(paths).toEqual(expect.arrayContaining(['streamId', 'input', 'renditions']));
    }
    // Input streams without video are refused at dispatch, before any port is opened.
    const audio = { kind: 'audio', payloadType: 111, codec: 'opus', clockRate: 48000, channels: 2, ssrc: 1 } as const;
    const noVideo = { type: 'live-ladder', payload: { streamId: 's', eventId: 'e', input: [audio], renditions: [{ name: 'a', width: 2, height: 2, videoKbps: 1, audioKbps: 1 }], segmentSeconds: 2 } } as Job;
    expect(() => runner.dispatch(noVideo)).toThrow(/One video stream/);
    expect(runner.active()).toEqual([]);
  });

  it('restarts a job whose process keeps dying, then gives up as failed after maxCrashes within the window', async () => {
    const runner = createJobRunner({ logger: silent, ffmpegPath: '/nonexistent/ffmpeg', restartDelayMs: 20, maxCrashes: 3 });
    const job = runner.dispatch(rehearsal(9));
    const events: JobEvent[] = [];
    job.onEvent((e) => events.push(e));
    expect(await job.done).toBe('failed');
    expect(events.filter((e) => e.type === 'crashed').map((e) => e.type === 'crashed' && e.attempt)).toEqual([1, 2, 3]);
    const states = events.filter((e) => e.type === 'state');
    expect(states.map((e) => e.type === 'state' && [e.state, e.attempt])).toEqual([
      ['starting', 1],
      ['running', 1],
      ['restarting', 2],
      ['running', 2],
      ['restarting', 3],
      ['running', 3],
      ['failed', 3],
    ]);
    const last = states.at(-1)!;
    expect(last.type === 'state' && last.error).toMatch(/gave up after 3 crashes/);
    expect(runner.active()).toEqual([]);
    await runner.close();
  });

  it('close() cancels running jobs, waits for their processes, is idempotent and refuses new jobs', async () => {
    const runner = createJobRunner({ logger: silent });
    const job = runner.dispatch(rehearsal(9));
    await waitFor(() => job.state === 'running' && job.pid, 10_000, 'the job to run');
    const pid = job.pid!;
    expect(runner.active()).toEqual([job]);
    await Promise.all([runner.close(), runner.close()]);
    expect(await job.done).toBe('cancelled');
    expect(isAlive(pid)).toBe(false);
    expect(() => runner.dispatch(rehearsal(9))).toThrow(InvalidStateError);
    // stop() after the end is a no-op.
    await job.stop();
    expect(job.state).toBe('cancelled');
  });
});
