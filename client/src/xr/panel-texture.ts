import { CanvasTexture, SRGBColorSpace } from 'three';

// The VR work panel's face, drawn with the 2D canvas API: the browser's own fonts cover Chinese
// and English alike, and no font file is fetched (drei's Text would load one from a CDN).

/** Canvas size of the panel face, pixels (the panel is 1.0 × 0.625 m: 1024 px per metre). */
export const PANEL_PX: readonly [number, number] = [1024, 640];
/** Canvas size of the close button's face, pixels. */
export const CLOSE_PX = 128;

const FONT = 'system-ui, "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif';
const INK = '#f1efe9';
const MUTED = '#b9b6ad';
const BACKGROUND = 'rgba(18, 19, 26, 0.94)';
const ACCENT = '#e6b873';

/** What the panel shows, already in the visitor's language. */
export interface PanelContent {
  title: string;
  /** "Creator · date". */
  byline: string;
  /** Medium, dimensions and such: one line each. */
  facts: readonly string[];
  description: string;
}

/** Breaks `text` into lines no wider than `width` px (by word, or by character for CJK). */
function wrap(ctx: CanvasRenderingContext2D, text: string, width: number, maxLines: number): string[] {
  const tokens = text.match(/[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]|[^\s\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFFEF]+\s*|\s+/g) ?? [];
  const lines: string[] = [];
  let line = '';
  for (const token of tokens) {
    if (ctx.measureText(line + token).width > width && line !== '') {
      lines.push(line.trimEnd());
      line = token.trimStart();
      if (lines.length === maxLines) break;
    } else {
      line += token;
    }
  }
  if (lines.length < maxLines && line.trim() !== '') lines.push(line.trimEnd());
  if (lines.length === maxLines && tokens.join('').length > lines.join('').length + 1) lines[maxLines - 1] = `${lines[maxLines - 1]!.slice(0, -1)}…`;
  return lines;
}

/** Draws the panel: the picture on the left (when loaded), the texts on the right. */
export function drawPanel(canvas: HTMLCanvasElement, content: PanelContent, image: HTMLImageElement | null): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const [w, h] = PANEL_PX;
  canvas.width = w;
  canvas.height = h;
  ctx.fillStyle = BACKGROUND;
  ctx.fillRect(0, 0, w, h);
  ctx.fillStyle = ACCENT;
  ctx.fillRect(0, 0, w, 6);

  const pad = 40;
  const imageBox = { x: pad, y: pad, w: 440, h: h - 2 * pad };
  if (image && image.naturalWidth > 0) {
    const k = Math.min(imageBox.w / image.naturalWidth, imageBox.h / image.naturalHeight);
    const iw = image.naturalWidth * k;
    const ih = image.naturalHeight * k;
    ctx.drawImage(image, imageBox.x + (imageBox.w - iw) / 2, imageBox.y + (imageBox.h - ih) / 2, iw, ih);
  } else {
    ctx.fillStyle = 'rgba(255, 255, 255, 0.06)';
    ctx.fillRect(imageBox.x, imageBox.y, imageBox.w, imageBox.h);
  }

  const x = imageBox.x + imageBox.w + 36;
  const width = w - x - pad - 60; // room for the close button in the corner
  let y = pad + 8;
  ctx.textBaseline = 'top';
  ctx.fillStyle = INK;
  ctx.font = `600 44px ${FONT}`;
  for (const line of wrap(ctx, content.title, width, 2)) {
    ctx.fillText(line, x, y);
    y += 54;
  }
  y += 6;
  ctx.fillStyle = ACCENT;
  ctx.font = `30px ${FONT}`;
  for (const line of wrap(ctx, content.byline, width + 60, 2)) {
    ctx.fillText(line, x, y);
    y += 40;
  }
  y += 10;
  ctx.fillStyle = MUTED;
  ctx.font = `26px ${FONT}`;
  for (const fact of content.facts.filter((f) => f.trim() !== '')) {
    for (const line of wrap(ctx, fact, width + 60, 1)) ctx.fillText(line, x, y);
    y += 36;
  }
  y += 12;
  ctx.fillStyle = INK;
  ctx.font = `26px ${FONT}`;
  const room = Math.max(0, Math.floor((h - pad - y) / 36));
  for (const line of wrap(ctx, content.description, width + 60, room)) {
    ctx.fillText(line, x, y);
    y += 36;
  }
}

/** Draws the close button: a cross over its (localised) name. */
export function drawCloseButton(canvas: HTMLCanvasElement, label: string): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  canvas.width = CLOSE_PX;
  canvas.height = CLOSE_PX;
  ctx.fillStyle = ACCENT;
  ctx.beginPath();
  ctx.arc(CLOSE_PX / 2, CLOSE_PX / 2, CLOSE_PX / 2 - 2, 0, Math.PI * 2);
  ctx.fill();
  ctx.strokeStyle = '#1b1b22';
  ctx.lineWidth = 9;
  ctx.lineCap = 'round';
  ctx.beginPath();
  ctx.moveTo(44, 30);
  ctx.lineTo(84, 70);
  ctx.moveTo(84, 30);
  ctx.lineTo(44, 70);
  ctx.stroke();
  ctx.fillStyle = '#1b1b22';
  ctx.font = `600 20px ${FONT}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  ctx.fillText(label, CLOSE_PX / 2, 84, CLOSE_PX - 24);
}

/** A colour-correct texture over a canvas (to be disposed by its owner). */
export function canvasTexture(canvas: HTMLCanvasElement): CanvasTexture {
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  texture.anisotropy = 4;
  return texture;
}
