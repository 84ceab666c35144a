import { chromium, type Browser, type Page } from 'playwright-core';

/** Flags every Chromium launch here needs (headless as root, no network chatter). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Extra flags for camera tests: a generated camera and microphone, permission granted. */
export const FAKE_MEDIA_FLAGS = ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'];

/** Launches Debian's Chromium through playwright-core. */
export function launchChromium(fakeMedia = false): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: fakeMedia ? [...CHROMIUM_FLAGS, ...FAKE_MEDIA_FLAGS] : CHROMIUM_FLAGS,
  });
}

/** What the stream `<video>` shows: its time and how varied a sampled frame is. */
export interface VideoSample {
  currentTime: number;
  readyState: number;
  paused: boolean;
  width: number;
  height: number;
  /** Mean luma of a 64x36 sample (0..255). */
  meanLuma: number;
  /** Standard deviation of luma over the sample; ~0 for a uniform (e.g. black) frame. */
  lumaStdDev: number;
}

/** Samples the `data-testid="stream-video"` element: time, state and a frame's luma statistics. */
export function sampleVideo(page: Page): Promise<VideoSample | null> {
  return page.evaluate(() => {
    const video = document.querySelector<HTMLVideoElement>('[data-testid="stream-video"]');
    if (!video) return null;
    let meanLuma = 0;
    let lumaStdDev = 0;
    if (video.readyState >= 2 && video.videoWidth > 0) {
      const canvas = document.createElement('canvas');
      canvas.width = 64;
      canvas.height = 36;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      ctx.drawImage(video, 0, 0, 64, 36);
      const data = ctx.getImageData(0, 0, 64, 36).data;
      const lumas: number[] = [];
      for (let i = 0; i < data.length; i += 4) lumas.push(0.2126 * data[i]! + 0.7152 * data[i + 1]! + 0.0722 * data[i + 2]!);
      meanLuma = lumas.reduce((a, b) => a + b, 0) / lumas.length;
      lumaStdDev = Math.sqrt(lumas.reduce((a, b) => a + (b - meanLuma) ** 2, 0) / lumas.length);
    }
    return {
      currentTime: video.currentTime,
      readyState: video.readyState,
      paused: video.paused,
      width: video.videoWidth,
      height: video.videoHeight,
      meanLuma,
      lumaStdDev,
    };
  });
}

/** Waits until the stream video's time advances and a sampled frame is not uniformly black. */
export async function waitForPlayingVideo(page: Page, timeoutMs: number): Promise<VideoSample> {
  const deadline = Date.now() + timeoutMs;
  let previous: VideoSample | null = null;
  let last: VideoSample | null = null;
  while (Date.now() < deadline) {
    last = await sampleVideo(page);
    if (
      previous &&
      last &&
      last.currentTime > previous.currentTime + 0.2 &&
      !last.paused &&
      last.width > 0 &&
      (last.meanLuma > 16 || last.lumaStdDev > 4)
    ) {
      return last;
    }
    previous = last;
    await page.waitForTimeout(500);
  }
  throw new Error(`Video did not play within ${timeoutMs} ms; last sample: ${JSON.stringify(last)}`);
}

/** Collects a page's uncaught errors and Content-Security-Policy violations into `into`. */
export function collectPageErrors(page: Page, into: string[]): void {
  page.on('pageerror', (err) => into.push(err.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) into.push(m.text());
  });
}

/** Signs in through the form (as `username`), opens the event's host console and presses Go live. */
export async function goLiveFromConsole(page: Page, baseUrl: string, eventId: string, username: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/sign-in?next=/host/${eventId}`);
  await page.getByTestId('sign-in-username').fill(username);
  await page.getByTestId('sign-in-password').fill(password);
  await page.getByTestId('sign-in-submit').click();
  await page.waitForURL(`**/host/${eventId}`);
  await page.getByTestId('go-live').click();
}
