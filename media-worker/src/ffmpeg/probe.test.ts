import { describe, expect, it } from 'vitest';
import { listEncoders, selectVideoEncoder } from '../encoders/registry';
import { FfmpegUnavailableError } from './ffmpeg-error';
import { parseFfmpegVersion, probeFfmpeg } from './probe';

describe('probeFfmpeg', () => {
  it('finds the installed ffmpeg and its version', async () => {
    const info = await probeFfmpeg('ffmpeg');
    expect(info.path).toMatch(/^\/.*ffmpeg$/);
    expect(info.version).toMatch(/^\d+\.\d+/);
  });

  it('says clearly when ffmpeg is missing', async () => {
    const err = await probeFfmpeg('/nonexistent/ffmpeg').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FfmpegUnavailableError);
    expect((err as FfmpegUnavailableError).code).toBe('MEDIA_UNAVAILABLE');
    expect((err as Error).message).toMatch(/ffmpeg not found.*\/nonexistent\/ffmpeg/);
  });

  it('parses the version line', () => {
    expect(parseFfmpegVersion('ffmpeg version 5.1.9-0+deb12u1 Copyright (c) 2000-2026')).toBe('5.1.9-0+deb12u1');
    expect(parseFfmpegVersion('something else')).toBeUndefined();
  });
});

describe('encoder selection on this machine', () => {
  it('lists the encoders of the real ffmpeg and picks x264 unless a working NVIDIA GPU is present', async () => {
    const listed = await listEncoders('ffmpeg');
    expect(listed.has('libx264')).toBe(true);
    const chosen = await selectVideoEncoder('auto', 'ffmpeg');
    expect(['x264', 'h264_nvenc']).toContain(chosen.name);
    if (!listed.has('h264_nvenc')) expect(chosen.name).toBe('x264');
    expect((await selectVideoEncoder('x264', 'ffmpeg')).name).toBe('x264');
  });
});
