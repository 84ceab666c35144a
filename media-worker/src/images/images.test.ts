import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BatchJobContext } from '@yunzhan/shared';
import { isRetryable } from '../queue/job-common';
import { MAX_GLB_JSON_DEPTH } from '../safe-parse/parse-limits';
import { buildMinimalGlb, judgeGlb, packGlb, probeGlb } from './glb-check';
import { probeImage, sniffImage } from './image-probe';
import { plannedSizes, renderImageRenditions, renditionSize } from './image-renditions-job';

let dir: string;
beforeEach(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'yunzhan-images-'));
});
afterEach(async () => fs.rm(dir, { recursive: true, force: true }));

const ctx = (progress: number[] = []): BatchJobContext => ({ signal: new AbortController().signal, progress: (p) => progress.push(p), attempt: 1 });
const codeOf = async (p: Promise<unknown>) => p.then(() => 'accepted', (err: { code?: string }) => err.code);

describe('rendition sizes', () => {
  it('keeps the requested longest sides the source can give, never enlarging, smallest first', () => {
    expect(plannedSizes(3000, 2000, [2048, 128, 512, 256, 1024])).toEqual([128, 256, 512, 1024, 2048]);
    expect(plannedSizes(700, 1200, [128, 256, 512, 1024, 2048])).toEqual([128, 256, 512, 1024]);
    expect(plannedSizes(90, 60, [128, 256])).toEqual([90]);
    expect(renditionSize(3000, 2000, 512)).toEqual({ width: 512, height: 341 });
    expect(renditionSize(700, 1400, 256)).toEqual({ width: 128, height: 256 });
  });
});

describe('image-renditions with the real sharp', () => {
  it('writes upright sRGB WebP renditions whose longest side is each size up to the source', async () => {
    // A 1500×900 picture stored sideways with EXIF orientation 6 (turn 90° clockwise to view).
    const source = path.join(dir, 'photo.jpg');
    await sharp({ create: { width: 1500, height: 900, channels: 3, background: '#c0392b' } })
      .composite([{ input: { create: { width: 300, height: 900, channels: 3, background: '#1f6feb' } }, left: 0, top: 0 }])
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toFile(source);
    expect(await probeImage(source)).toMatchObject({ format: 'jpeg', width: 900, height: 1500 });

    const progress: number[] = [];
    const outputDir = path.join(dir, 'out');
    const result = (await renderImageRenditions({ assetId: 'a1', sourcePath: source, outputDir, sizes: [128, 256, 512, 1024, 2048], quality: 82 }, ctx(progress))) as {
      width: number;
      height: number;
      renditions: { width: number; height: number; file: string; bytes: number }[];
    };
    expect(result.width).toBe(900);
    expect(result.height).toBe(1500);
    expect(result.renditions.map((r) => [r.width, r.height])).toEqual([
      [77, 128],
      [154, 256],
      [307, 512],
      [614, 1024],
    ]);
    for (const r of result.renditions) {
      const meta = await sharp(path.join(outputDir, r.file)).metadata();
      expect(meta).toMatchObject({ format: 'webp', width: r.width, height: r.height, space: 'srgb' });
      expect(meta.orientation ?? 1).toBe(1);
      expect(r.bytes).toBe((await fs.stat(path.join(outputDir, r.file))).size);
    }
    // Upright: the blue band that was on the left of the stored pixels is now along the top.
    const { data } = await sharp(path.join(outputDir, 'image-256.webp')).raw().toBuffer({ resolveWithObject: true });
    expect(data[2]! > 150 && data[0]! < 100).toBe(true);
    expect(progress.at(-1)).toBe(100);
    expect((await fs.readdir(outputDir)).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('fails with MEDIA_CORRUPT on an image whose pixels cannot be decoded', async () => {
    const whole = await sharp({ create: { width: 400, height: 400, channels: 3, background: '#888' } }).png().toBuffer();
    const source = path.join(dir, 'cut.png');
    await fs.writeFile(source, whole.subarray(0, Math.floor(whole.length / 2)));
    expect(await codeOf(renderImageRenditions({ assetId: 'a1', sourcePath: source, outputDir: path.join(dir, 'o'), sizes: [128], quality: 80 }, ctx()))).toBe('MEDIA_CORRUPT');
  });
});

describe('image check', () => {
  it('refuses what is not an image as NOT_MEDIA and one over the pixel limit as IMAGE_TOO_LARGE', async () => {
    const text = path.join(dir, 'notes.png');
    await fs.writeFile(text, 'not an image at all');
    expect(await codeOf(probeImage(text))).toBe('NOT_MEDIA');
    const gif = path.join(dir, 'a.gif');
    await sharp({ create: { width: 10, height: 10, channels: 3, background: '#000' } }).gif().toFile(gif);
    expect(await codeOf(probeImage(gif))).toBe('NOT_MEDIA');
    const big = path.join(dir, 'big.png');
    await sharp({ create: { width: 2000, height: 1000, channels: 3, background: '#000' } }).png().toFile(big);
    expect(await codeOf(probeImage(big, { maxPixels: 1_000_000 }))).toBe('IMAGE_TOO_LARGE');
    expect(await probeImage(big)).toMatchObject({ format: 'png', width: 2000, height: 1000 });
  });

  it('refuses a PNG cut off before its end as MEDIA_CORRUPT, though its header reads', async () => {
    const whole = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#456789' } }).png().toBuffer();
    const cut = path.join(dir, 'cut.png');
    await fs.writeFile(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    expect((await sharp(cut).metadata()).width).toBe(600);
    expect(await codeOf(probeImage(cut))).toBe('MEDIA_CORRUPT');
    const ok = path.join(dir, 'ok.png');
    await fs.writeFile(ok, whole);
    expect(await probeImage(ok)).toMatchObject({ format: 'png', width: 600, height: 400 });
  });

  it('fails the renditions job of an image that cannot be decoded with MEDIA_CORRUPT, an error no retry can fix', async () => {
    const whole = await sharp({ create: { width: 600, height: 400, channels: 3, background: '#456789' } }).png().toBuffer();
    const cut = path.join(dir, 'cut.png');
    await fs.writeFile(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const job = renderImageRenditions({ assetId: 'a1', sourcePath: cut, outputDir: path.join(dir, 'out'), sizes: [128], quality: 80 }, ctx());
    await expect(job).rejects.toMatchObject({ code: 'MEDIA_CORRUPT' });
    expect(isRetryable(await job.catch((e: unknown) => e))).toBe(false);
  });

  it('tells images from their first bytes', async () => {
    for (const format of ['jpeg', 'png', 'webp'] as const) {
      const bytes = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#123456' } }).toFormat(format).toBuffer();
      expect(sniffImage(bytes.subarray(0, 32))).toBe(format);
    }
    expect(sniffImage(Buffer.from('glTF....'))).toBeUndefined();
  });
});

describe('GLB check', () => {
  const glb = buildMinimalGlb();
  const withWord = (offset: number, value: number) => {
    const copy = Buffer.from(glb);
    copy.writeUInt32LE(value, offset);
    return copy;
  };

  it('accepts a binary glTF 2.0 model whose header and JSON chunk agree', async () => {
    expect(judgeGlb(glb, glb.length)).toMatchObject({ sizeBytes: glb.length, meshes: 1, generator: 'yunzhan' });
    const file = path.join(dir, 'model.glb');
    await fs.writeFile(file, glb);
    expect(await probeGlb(file)).toMatchObject({ meshes: 1 });
  });

  it('refuses a wrong magic, version or length, a bad JSON chunk, and a model over the size limit', async () => {
    expect(() => judgeGlb(withWord(0, 0x12345678), glb.length)).toThrow(expect.objectContaining({ code: 'NOT_MEDIA' }));
    expect(() => judgeGlb(withWord(4, 1), glb.length)).toThrow(/version 1/);
    expect(() => judgeGlb(glb, glb.length + 4)).toThrow(/length/);
    expect(() => judgeGlb(withWord(16, 0x004e4942), glb.length)).toThrow(/JSON/);
    const badJson = Buffer.from(glb);
    badJson.write('{{{{', 20, 'utf8');
    expect(() => judgeGlb(badJson, glb.length)).toThrow(/does not parse/);
    const v1 = Buffer.from(glb.toString('latin1').replace('"version":"2.0"', '"version":"1.0"'), 'latin1');
    expect(() => judgeGlb(v1, v1.length)).toThrow(/asset.version/);
    const cut = path.join(dir, 'cut.glb');
    await fs.writeFile(cut, glb.subarray(0, glb.length - 8));
    expect(await codeOf(probeGlb(cut))).toBe('NOT_MEDIA');
    const text = path.join(dir, 'text.glb');
    await fs.writeFile(text, 'hello');
    expect(await codeOf(probeGlb(text))).toBe('NOT_MEDIA');
    const model = path.join(dir, 'model.glb');
    await fs.writeFile(model, glb);
    expect(await codeOf(probeGlb(model, glb.length - 1))).toBe('MEDIA_TOO_LARGE');
  });

  it('refuses a model whose JSON nests deeper than the limit as MODEL_TOO_COMPLEX, on a parse thread, without parsing it', async () => {
    const nested = (depth: number) => packGlb(`{"asset":{"version":"2.0"},"extras":${'['.repeat(depth)}${']'.repeat(depth)}}`);
    // The document's own braces count: asset's object inside the root one, extras' arrays inside the root.
    const deepest = nested(MAX_GLB_JSON_DEPTH - 1);
    expect(judgeGlb(deepest, deepest.length)).toMatchObject({ meshes: 0 });
    const over = nested(MAX_GLB_JSON_DEPTH);
    expect(() => judgeGlb(over, over.length)).toThrow(expect.objectContaining({ code: 'MODEL_TOO_COMPLEX' }));
    // Five million deep, 10 MB: refused from its first megabyte.
    const file = path.join(dir, 'deep.glb');
    await fs.writeFile(file, nested(5_000_000));
    await expect(probeGlb(file)).rejects.toMatchObject({ code: 'MODEL_TOO_COMPLEX', details: { maxDepth: MAX_GLB_JSON_DEPTH } });
  });
});
