import { drawQr, qrFor } from './share-qr';

// The share poster drawn on a canvas: cover picture, title, what it is, the platform's name and a
// QR code of the page's URL. Portrait, the shape of a phone screen and of a chat app's picture.

/** What a poster shows. */
export interface PosterContent {
  title: string;
  /** What the page is: 直播 / Online exhibition… */
  kind: string;
  /** The page's URL, encoded in the QR code. */
  url: string;
  /** The platform's name, bottom left. */
  siteName: string;
  /** The words next to the QR code (扫码打开). */
  scanHint: string;
  /** A picture for the top; used only when same-origin (a cross-origin one would taint the canvas). */
  image?: string | null;
}

/** Poster width and height in pixels. */
export const POSTER_WIDTH = 720;
export const POSTER_HEIGHT = 1080;

const FONT = '"PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", system-ui, sans-serif';
const GOLD = '#e6b873';

/** Whether `src` is on the page's own origin (or a data/blob URL): drawable without tainting the canvas. */
export function sameOrigin(src: string, origin: string = window.location.origin): boolean {
  try {
    const url = new URL(src, origin);
    return url.protocol === 'data:' || url.protocol === 'blob:' || url.origin === origin;
  } catch {
    return false;
  }
}

function loadImage(src: string): Promise<HTMLImageElement | null> {
  return new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve(img);
    img.onerror = () => resolve(null);
    img.src = src;
  });
}

/** `text` broken into lines no wider than `width`, at most `max` lines (the last one cut with an ellipsis). */
export function wrapLines(ctx: Pick<CanvasRenderingContext2D, 'measureText'>, text: string, width: number, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  // Character by character: Chinese has no spaces to break at; Latin words may break mid-word, which a poster tolerates.
  for (const ch of [...text.replace(/\s+/g, ' ').trim()]) {
    if (ctx.measureText(line + ch).width > width && line) {
      lines.push(line.trimEnd());
      line = ch === ' ' ? '' : ch;
      if (lines.length === max) break;
    } else line += ch;
  }
  if (lines.length < max && line) lines.push(line);
  else if (lines.length === max && line) {
    let last = lines[max - 1]!;
    while (last && ctx.measureText(`${last}…`).width > width) last = [...last].slice(0, -1).join('');
    lines[max - 1] = `${last}…`;
  }
  return lines;
}

/** Draws the poster on `canvas` (resized to POSTER_WIDTH x POSTER_HEIGHT). Throws when the canvas cannot draw. */
export async function drawPoster(canvas: HTMLCanvasElement, content: PosterContent): Promise<void> {
  canvas.width = POSTER_WIDTH;
  canvas.height = POSTER_HEIGHT;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas');
  ctx.fillStyle = '#0f1117';
  ctx.fillRect(0, 0, POSTER_WIDTH, POSTER_HEIGHT);

  // The picture: the top 540 px, cropped to fill.
  const coverHeight = 540;
  const cover = content.image && sameOrigin(content.image) ? await loadImage(content.image) : null;
  if (cover && cover.naturalWidth > 0) {
    const scale = Math.max(POSTER_WIDTH / cover.naturalWidth, coverHeight / cover.naturalHeight);
    const w = cover.naturalWidth * scale;
    const h = cover.naturalHeight * scale;
    ctx.save();
    ctx.beginPath();
    ctx.rect(0, 0, POSTER_WIDTH, coverHeight);
    ctx.clip();
    ctx.drawImage(cover, (POSTER_WIDTH - w) / 2, (coverHeight - h) / 2, w, h);
    ctx.restore();
  } else {
    const gradient = ctx.createLinearGradient(0, 0, POSTER_WIDTH, coverHeight);
    gradient.addColorStop(0, '#1c2233');
    gradient.addColorStop(1, '#3a2f1f');
    ctx.fillStyle = gradient;
    ctx.fillRect(0, 0, POSTER_WIDTH, coverHeight);
    // The platform's mark, large, where a picture would be.
    ctx.strokeStyle = GOLD;
    ctx.lineWidth = 16;
    ctx.lineCap = 'round';
    ctx.beginPath();
    ctx.moveTo(240, 330);
    ctx.bezierCurveTo(290, 215, 335, 180, 360, 180);
    ctx.bezierCurveTo(385, 180, 430, 215, 480, 330);
    ctx.stroke();
    ctx.fillStyle = GOLD;
    ctx.fillRect(270, 350, 180, 20);
  }

  const margin = 48;
  ctx.textBaseline = 'top';
  ctx.fillStyle = GOLD;
  ctx.font = `600 28px ${FONT}`;
  ctx.fillText(content.kind, margin, coverHeight + 40, POSTER_WIDTH - margin * 2);

  ctx.fillStyle = '#f5f3ee';
  ctx.font = `700 48px ${FONT}`;
  const lines = wrapLines(ctx, content.title, POSTER_WIDTH - margin * 2, 3);
  lines.forEach((line, i) => ctx.fillText(line, margin, coverHeight + 90 + i * 62));

  // Bottom band: the platform's name on the left, the QR code on the right.
  const qrSize = 220;
  const qrX = POSTER_WIDTH - margin - qrSize;
  const qrY = POSTER_HEIGHT - margin - qrSize;
  drawQr(ctx, qrFor(content.url), qrX, qrY, qrSize);
  ctx.fillStyle = '#f5f3ee';
  ctx.font = `700 40px ${FONT}`;
  ctx.fillText(content.siteName, margin, qrY + 60, qrX - margin * 2);
  ctx.fillStyle = '#b8bcc8';
  ctx.font = `400 26px ${FONT}`;
  ctx.fillText(content.scanHint, margin, qrY + 124, qrX - margin * 2);
}

/** The canvas as a PNG blob. */
export function posterBlob(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('no PNG'))), 'image/png'));
}
