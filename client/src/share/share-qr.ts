import QRCode from 'qrcode';

// The QR code of a share poster, made here from the page's URL (no network): the qrcode package's
// matrix, drawn module by module on the poster's canvas.

/** Query parameters that are part of what a page shows (a hall link's open work); others are dropped. */
const KEPT_PARAMS = ['work'];

/** The URL a share points to: the page's origin and path, with only the parameters that say what it shows. */
export function shareUrl(location: Pick<Location, 'origin' | 'pathname' | 'search'>): string {
  const params = new URLSearchParams(location.search);
  const kept = new URLSearchParams();
  for (const name of KEPT_PARAMS) {
    const value = params.get(name);
    if (value) kept.set(name, value);
  }
  const query = kept.toString();
  return `${location.origin}${location.pathname}${query ? `?${query}` : ''}`;
}

/** The QR code of `url` (error correction M: survives a crease or a logo-sized smudge on a print). */
export function qrFor(url: string): QRCode.QRCode {
  return QRCode.create(url, { errorCorrectionLevel: 'M' });
}

/**
 * Draws `qr` in a `size`-pixel square at (x, y): a white square with a quiet zone of four
 * modules, dark modules on it.
 */
export function drawQr(ctx: CanvasRenderingContext2D, qr: QRCode.QRCode, x: number, y: number, size: number): void {
  const count = qr.modules.size;
  const quiet = 4;
  const cell = size / (count + quiet * 2);
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(x, y, size, size);
  ctx.fillStyle = '#000000';
  for (let row = 0; row < count; row++) {
    for (let col = 0; col < count; col++) {
      // Whole pixels at both edges so neighbouring modules leave no hairline between them.
      if (!qr.modules.get(row, col)) continue;
      const left = Math.floor(x + (quiet + col) * cell);
      const top = Math.floor(y + (quiet + row) * cell);
      ctx.fillRect(left, top, Math.ceil(x + (quiet + col + 1) * cell) - left, Math.ceil(y + (quiet + row + 1) * cell) - top);
    }
  }
}
