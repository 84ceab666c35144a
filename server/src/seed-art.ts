// Artworks for the demo exhibition, drawn here as SVG from a seeded random generator: colour
// fields, grids, bands, scattered circles, stripes, mountains in ink, waves and triangles, in
// varied palettes and proportions. Nothing is downloaded; the same seed draws the same picture.

/** A small deterministic generator (mulberry32): the same seed gives the same sequence. */
export function randomFrom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The drawing styles, each a function of the canvas size, a palette and the generator. */
export const ART_STYLES = ['field', 'grid', 'bands', 'circles', 'stripes', 'mountains', 'waves', 'triangles'] as const;
export type ArtStyle = (typeof ART_STYLES)[number];

/** Palettes: background first, then the colours drawn with. */
export const PALETTES: readonly (readonly string[])[] = [
  ['#f4efe6', '#c0392b', '#e67e22', '#2c3e50', '#f1c40f'],
  ['#0f1a2b', '#1f6feb', '#58a6ff', '#f0f6fc', '#d29922'],
  ['#efe8d8', '#1b1b1b', '#5c5c5c', '#9b2226', '#bcb8b1'],
  ['#fdf6e3', '#268bd2', '#2aa198', '#859900', '#cb4b16'],
  ['#1d1128', '#ff6b6b', '#feca57', '#48dbfb', '#ff9ff3'],
  ['#e8f1f2', '#006494', '#247ba0', '#1b98e0', '#13293d'],
  ['#2b2118', '#d9a441', '#a35638', '#e8d5b7', '#6b8f71'],
  ['#f7f7f2', '#2d6a4f', '#95d5b2', '#081c15', '#d8f3dc'],
];

type Rand = () => number;
const pick = <T>(r: Rand, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;
const f = (n: number) => n.toFixed(1);

function field(w: number, h: number, p: readonly string[], r: Rand): string {
  // Soft-edged rectangles of colour floating on the ground, as in colour-field painting. The
  // softness is a few translucent margins rather than a blur filter, which is slow to render.
  const blocks = 2 + Math.floor(r() * 2);
  const m = w * 0.08;
  const bh = (h - m * (blocks + 1)) / blocks;
  let out = '';
  for (let i = 0; i < blocks; i++) {
    const colour = p[1 + ((i + Math.floor(r() * 4)) % 4)];
    for (const [grow, opacity] of [[0.02, 0.25], [0.01, 0.45], [0, 0.9]] as const) {
      const g = w * grow;
      out += `<rect x="${f(m - g)}" y="${f(m + i * (bh + m) - g)}" width="${f(w - 2 * m + 2 * g)}" height="${f(bh + 2 * g)}" rx="${f(g + w * 0.004)}" fill="${colour}" opacity="${opacity}"/>`;
    }
  }
  return out;
}

function grid(w: number, h: number, p: readonly string[], r: Rand): string {
  // A few black lines dividing the canvas; some cells filled with primary colours.
  const xs = [0, ...Array.from({ length: 3 }, () => w * (0.15 + r() * 0.7)).sort((a, b) => a - b), w];
  const ys = [0, ...Array.from({ length: 3 }, () => h * (0.15 + r() * 0.7)).sort((a, b) => a - b), h];
  let out = '';
  for (let i = 0; i < xs.length - 1; i++)
    for (let j = 0; j < ys.length - 1; j++)
      if (r() < 0.3) out += `<rect x="${f(xs[i]!)}" y="${f(ys[j]!)}" width="${f(xs[i + 1]! - xs[i]!)}" height="${f(ys[j + 1]! - ys[j]!)}" fill="${pick(r, p.slice(1))}"/>`;
  const line = Math.max(4, w * 0.012);
  for (const x of xs.slice(1, -1)) out += `<rect x="${f(x - line / 2)}" y="0" width="${f(line)}" height="${h}" fill="#111"/>`;
  for (const y of ys.slice(1, -1)) out += `<rect x="0" y="${f(y - line / 2)}" width="${w}" height="${f(line)}" fill="#111"/>`;
  return out;
}

function bands(w: number, h: number, p: readonly string[], r: Rand): string {
  // Horizontal gradient bands: a horizon, a sky, the sea.
  const stops = p.slice(1).map((c, i) => `<stop offset="${f((i / (p.length - 2)) * 100)}%" stop-color="${c}"/>`).join('');
  const sun = `<circle cx="${f(w * (0.2 + r() * 0.6))}" cy="${f(h * (0.25 + r() * 0.2))}" r="${f(Math.min(w, h) * (0.08 + r() * 0.08))}" fill="${p[0]}" opacity="0.85"/>`;
  return `<defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1">${stops}</linearGradient></defs><rect width="${w}" height="${h}" fill="url(#g)"/>${sun}`;
}

function circles(w: number, h: number, p: readonly string[], r: Rand): string {
  // Circles and rings of many sizes, a few lines crossing them.
  let out = '';
  for (let i = 0; i < 24; i++) {
    const rr = Math.min(w, h) * (0.02 + r() * 0.14);
    const c = pick(r, p.slice(1));
    out += r() < 0.6
      ? `<circle cx="${f(r() * w)}" cy="${f(r() * h)}" r="${f(rr)}" fill="${c}" opacity="${f(0.5 + r() * 0.5)}"/>`
      : `<circle cx="${f(r() * w)}" cy="${f(r() * h)}" r="${f(rr)}" fill="none" stroke="${c}" stroke-width="${f(rr * 0.15)}"/>`;
  }
  for (let i = 0; i < 4; i++) out += `<line x1="${f(r() * w)}" y1="${f(r() * h)}" x2="${f(r() * w)}" y2="${f(r() * h)}" stroke="#111" stroke-width="${f(w * 0.004)}"/>`;
  return out;
}

function stripes(w: number, h: number, p: readonly string[], r: Rand): string {
  // Vertical stripes of varying width: an optical rhythm.
  let out = '';
  let x = 0;
  while (x < w) {
    const sw = w * (0.01 + r() * 0.05);
    out += `<rect x="${f(x)}" y="0" width="${f(sw + 1)}" height="${h}" fill="${pick(r, p)}"/>`;
    x += sw;
  }
  return out;
}

function mountains(w: number, h: number, p: readonly string[], r: Rand): string {
  // Layered ridges fading into the distance, as ink washes do.
  let out = '';
  const layers = 5;
  for (let i = 0; i < layers; i++) {
    const base = h * (0.35 + (i / layers) * 0.55);
    let d = `M0 ${f(h)} L0 ${f(base)}`;
    for (let x = 0; x <= w; x += w / 24) d += ` L${f(x)} ${f(base - r() * h * 0.18 * (1 - i / (layers + 1)))}`;
    d += ` L${f(w)} ${f(h)} Z`;
    out += `<path d="${d}" fill="${p[1 + (i % 2)]}" opacity="${f(0.25 + (i / layers) * 0.7)}"/>`;
  }
  return out;
}

function waves(w: number, h: number, p: readonly string[], r: Rand): string {
  // Parallel sine lines whose phase drifts: water, wind, sound.
  let out = '';
  const lines = 28;
  const amp = h * (0.02 + r() * 0.04);
  const freq = 2 + r() * 4;
  for (let i = 0; i < lines; i++) {
    const y0 = ((i + 0.5) / lines) * h;
    let d = `M0 ${f(y0)}`;
    for (let x = 0; x <= w; x += w / 60) d += ` L${f(x)} ${f(y0 + amp * Math.sin((x / w) * Math.PI * freq + i * 0.35))}`;
    out += `<path d="${d}" fill="none" stroke="${p[1 + (i % 4)]}" stroke-width="${f(h / lines / 2.5)}"/>`;
  }
  return out;
}

function triangles(w: number, h: number, p: readonly string[], r: Rand): string {
  // A mosaic of triangles over a grid.
  const n = 6 + Math.floor(r() * 5);
  const cw = w / n;
  const ch = h / Math.max(1, Math.round(n * (h / w)));
  let out = '';
  for (let y = 0; y < h; y += ch)
    for (let x = 0; x < w; x += cw) {
      const flip = r() < 0.5;
      const a = flip ? `${f(x)},${f(y)} ${f(x + cw)},${f(y)} ${f(x)},${f(y + ch)}` : `${f(x)},${f(y)} ${f(x + cw)},${f(y + ch)} ${f(x)},${f(y + ch)}`;
      const b = flip ? `${f(x + cw)},${f(y)} ${f(x + cw)},${f(y + ch)} ${f(x)},${f(y + ch)}` : `${f(x)},${f(y)} ${f(x + cw)},${f(y)} ${f(x + cw)},${f(y + ch)}`;
      out += `<polygon points="${a}" fill="${pick(r, p)}"/><polygon points="${b}" fill="${pick(r, p)}"/>`;
    }
  return out;
}

const DRAW: Record<ArtStyle, (w: number, h: number, p: readonly string[], r: Rand) => string> = { field, grid, bands, circles, stripes, mountains, waves, triangles };

/** An SVG document of `style` at `width`×`height` px in `palette`, drawn from `seed`. */
export function drawArtwork(style: ArtStyle, width: number, height: number, palette: readonly string[], seed: number): string {
  const body = DRAW[style](width, height, palette, randomFrom(seed));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><rect width="${width}" height="${height}" fill="${palette[0]}"/>${body}</svg>`;
}
