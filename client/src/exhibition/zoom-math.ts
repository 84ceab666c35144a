// Zoom and pan of the work panel's image, as plain math: a view is a scale and an offset (in
// CSS pixels, from the container's centre) applied as `translate(x, y) scale(s)`.

/** The image's zoom and pan. */
export interface ZoomView {
  scale: number;
  x: number;
  y: number;
}

/** Zoom limits. */
export const MIN_SCALE = 1;
export const MAX_SCALE = 8;

/** The unzoomed view. */
export const RESET_VIEW: ZoomView = { scale: 1, x: 0, y: 0 };

/**
 * Zooms by `factor` keeping the point under `at` (pixels from the container's centre) in place;
 * back at scale 1 the image re-centres.
 */
export function zoomAt(view: ZoomView, factor: number, at: { x: number; y: number }): ZoomView {
  const scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
  if (scale === MIN_SCALE) return RESET_VIEW;
  const k = scale / view.scale;
  return { scale, x: at.x - (at.x - view.x) * k, y: at.y - (at.y - view.y) * k };
}

/** Pans by a drag, keeping the image from leaving the container (`size` in pixels). */
export function panBy(view: ZoomView, dx: number, dy: number, size: { width: number; height: number }): ZoomView {
  const limitX = (size.width * (view.scale - 1)) / 2;
  const limitY = (size.height * (view.scale - 1)) / 2;
  return { scale: view.scale, x: Math.max(-limitX, Math.min(limitX, view.x + dx)), y: Math.max(-limitY, Math.min(limitY, view.y + dy)) };
}
