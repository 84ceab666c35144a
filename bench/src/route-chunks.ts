import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

// The client's download per route, from Vite's build manifest (client/dist/.vite/manifest.json):
// the lobby's up-front files (what index.html loads), and for each lazily loaded route of
// client/src/main.tsx the JS and CSS its page module pulls in statically beyond those, each file
// gzipped at level 9. Lazy imports inside a page (the 3D view, hls.js, the publisher) are not
// counted: the page loads them when it needs them; nor are a page's words (i18n namespaces,
// fetched by the i18n backend, a few KB each).

/** One manifest record (Vite's ManifestChunk, the fields used here). */
interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

/** A route's own download: files beyond the lobby's, gzip -9. */
export interface RouteChunk {
  route: string;
  module: string;
  files: number;
  gzip: number;
}

/** The lobby's up-front gzip size and each route's own, largest first. */
export interface RouteChunks {
  lobbyGzip: number;
  lobbyFiles: number;
  routes: RouteChunk[];
}

/** Reads the build's manifest and main.tsx's routes; throws if the client was built without a manifest. */
export function routeChunks(clientDir = path.resolve('client')): RouteChunks {
  const dist = path.join(clientDir, 'dist');
  const manifestFile = path.join(dist, '.vite', 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new Error(`${manifestFile} is missing: build the client (npm run build) first`);
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk>;
  const gzipCache = new Map<string, number>();
  const gzip = (file: string) => {
    let n = gzipCache.get(file);
    if (n === undefined) {
      n = zlib.gzipSync(fs.readFileSync(path.join(dist, file)), { level: 9 }).length;
      gzipCache.set(file, n);
    }
    return n;
  };
  // Every file a manifest key loads statically (its chunk, its CSS, its static imports, theirs).
  const closure = (key: string, into = new Set<string>()): Set<string> => {
    const chunk = manifest[key];
    if (!chunk || into.has(chunk.file)) return into;
    into.add(chunk.file);
    for (const css of chunk.css ?? []) into.add(css);
    for (const imported of chunk.imports ?? []) closure(imported, into);
    return into;
  };
  const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry);
  if (!entryKey) throw new Error(`${manifestFile} has no entry`);
  const lobby = closure(entryKey);
  const lobbyGzip = [...lobby].reduce((sum, f) => sum + gzip(f), 0);

  const main = fs.readFileSync(path.join(clientDir, 'src', 'main.tsx'), 'utf8');
  const routes: RouteChunk[] = [];
  // `{ path: 'awards/:awardId', lazy: async () => ({ Component: (await import('./awards/award-page')).AwardPage }) }`
  const add = (route: string, modulePath: string) => {
    const key = Object.keys(manifest).find((k) => k.replace(/\.tsx?$/, '') === modulePath);
    if (!key) throw new Error(`${manifestFile} has no chunk for ${modulePath} (route ${route})`);
    const own = [...closure(key)].filter((f) => !lobby.has(f));
    routes.push({ route, module: modulePath, files: own.length, gzip: own.reduce((sum, f) => sum + gzip(f), 0) });
  };
  for (const m of main.matchAll(/path:\s*'([^']*)',\s*lazy:\s*async\s*\(\)\s*=>\s*\(\{\s*Component:\s*\(await import\('\.\/([^']+)'\)\)/g)) {
    add(`/${m[1]}`, `src/${m[2]}`);
  }
  // `...['works', 'works/new', …].map((path) => ({ path, lazy: async () => ({ Component: (await import('./works/works-page')) … `
  for (const m of main.matchAll(/\[((?:\s*'[^']*'\s*,?)+)\]\.map\(\(path\)\s*=>\s*\(\{\s*path,\s*lazy:\s*async\s*\(\)\s*=>\s*\(\{\s*Component:\s*\(await import\('\.\/([^']+)'\)\)/g)) {
    const paths = [...m[1]!.matchAll(/'([^']*)'/g)].map((p) => `/${p[1]}`);
    add(paths.join(', '), `src/${m[2]}`);
  }
  routes.sort((a, b) => b.gzip - a.gzip);
  return { lobbyGzip, lobbyFiles: lobby.size, routes };
}
