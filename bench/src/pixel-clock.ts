import type { Page } from 'playwright-core';

// A clock burned into the picture: 16 white-or-black blocks of 40x40 px along the top of a
// 640x360 frame spell the wall-clock centisecond (mod 65536) at which the frame was made. Read
// back from the frame on screen, it gives glass-to-glass latency without trusting any timestamp
// the pipeline carries: encoder, ingest, SFU, ladder, packager and player are all inside it.

export const CLOCK_WIDTH = 640;
export const CLOCK_HEIGHT = 360;
export const CLOCK_BITS = 16;
const BLOCK = 40;

/**
 * An ffmpeg filter chain that makes the clocked picture: black frames at `fps`, their PTS set to
 * the wall clock while the blocks are drawn (RTCTIME, microseconds), then back to frame counts.
 */
export function clockFilter(fps: number): string {
  const boxes = Array.from(
    { length: CLOCK_BITS },
    (_, k) => `drawbox=x=${k * BLOCK}:y=0:w=${BLOCK}:h=${BLOCK}:color=white:t=fill:enable='eq(mod(floor(t*100/${2 ** k}),2),1)'`,
  );
  return [`color=c=black:s=${CLOCK_WIDTH}x${CLOCK_HEIGHT}:r=${fps}`, 'setpts=RTCTIME/(TB*1000000)', ...boxes, `setpts=N/(${fps}*TB)`].join(',');
}

/** Latency in seconds of a frame that reads `counter`, seen at `nowMs`. */
export function latencyOf(counter: number, nowMs: number): number {
  const now = Math.floor(nowMs / 10) % 65536;
  return (((now - counter) % 65536) + 65536) % 65536 / 100;
}

/** Reads the counter from 8-bit luma samples at each block's centre (`lumaAt(x, y)` in clock pixels). */
export function readCounter(lumaAt: (x: number, y: number) => number): number {
  let value = 0;
  for (let k = 0; k < CLOCK_BITS; k++) if (lumaAt(k * BLOCK + BLOCK / 2, BLOCK / 2) > 128) value |= 1 << k;
  return value;
}

/** The page's script that draws the same clock on a canvas (for a browser publisher). */
export function drawClockInPage(ctx: CanvasRenderingContext2D): void {
  const counter = Math.floor(Date.now() / 10) % 65536;
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, 640, 360);
  ctx.fillStyle = '#fff';
  for (let k = 0; k < 16; k++) if ((counter >> k) & 1) ctx.fillRect(k * 40, 0, 40, 40);
}

/**
 * Samples the latency of the frame on screen in the page's `<video>` every `everyMs` for
 * `seconds`: the frame is drawn on a canvas at the clock's size and its blocks read.
 */
export async function sampleScreenClock(page: Page, seconds: number, everyMs = 250): Promise<number[]> {
  const out: number[] = [];
  const until = Date.now() + seconds * 1000;
  while (Date.now() < until) {
    const read = await page.evaluate(() => {
      const video = document.querySelector('video');
      if (!video || video.readyState < 2 || video.paused) return null;
      const canvas = document.createElement('canvas');
      canvas.width = 640;
      canvas.height = 360;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      ctx.drawImage(video, 0, 0, 640, 360);
      const at = Date.now();
      const row = ctx.getImageData(0, 20, 640, 1).data;
      let value = 0;
      for (let k = 0; k < 16; k++) if (row[(k * 40 + 20) * 4]! > 128) value |= 1 << k;
      return { value, at };
    });
    if (read) out.push(latencyOf(read.value, read.at));
    await page.waitForTimeout(everyMs);
  }
  return out;
}
