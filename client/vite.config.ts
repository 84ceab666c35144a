import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';

/** Where `vite dev` and `vite preview` forward API, HLS and socket.io requests. */
const SERVER = process.env.YUNZHAN_SERVER ?? 'http://localhost:8080';

const proxy: Record<string, ProxyOptions> = {
  '/api': { target: SERVER, changeOrigin: false },
  '/hls': { target: SERVER, changeOrigin: false },
  '/socket.io': { target: SERVER, changeOrigin: false, ws: true },
};

// No manual chunking: three.js/react-three-fiber/drei, hls.js and mediasoup-client are reached
// only through dynamic import() (the 3D view, the player, the publisher), so the bundler already
// puts each in a lazily loaded chunk the lobby never fetches. (A manualChunks function would
// also work under Rollup, but Vite 8's Rolldown pulls shared dependencies such as React into such
// a group, which makes the entry import it eagerly.)

/** Readable names for the lazily loaded chunks that hold a heavy library (else the module's name). */
const NAMED_CHUNKS: ReadonlyArray<[name: string, test: RegExp]> = [
  ['theatre-3d', /[\\/]node_modules[\\/]three[\\/]/],
  ['hls', /[\\/]node_modules[\\/]hls\.js[\\/]/],
  ['mediasoup-client', /[\\/]node_modules[\\/]mediasoup-client[\\/]/],
  // socket.io-client, zod and the shared contracts: used by the theatre and the host console.
  ['realtime', /[\\/]node_modules[\\/]socket\.io-client[\\/]/],
];

function chunkFileName(chunk: { name: string; moduleIds: readonly string[] }): string {
  const named = NAMED_CHUNKS.find(([, test]) => chunk.moduleIds.some((id) => test.test(id)));
  return `assets/${named?.[0] ?? '[name]'}-[hash].js`;
}

/**
 * @pmndrs/xr's emulator (iwer, its dev UI and synthetic rooms such as "music_room" and
 * "living_room", ~5 MB of chunks) is reached by a dynamic import('./emulate.js') in its store
 * that the bundler keeps even though the visitor store passes `emulate: false`; it resolves to an
 * empty stub instead. (An alias cannot do it: it sees only the relative specifier.)
 */
function noXREmulator(): Plugin {
  const stub = fileURLToPath(new URL('./src/xr/no-emulator.ts', import.meta.url));
  const importer = /[\\/]@pmndrs[\\/]xr[\\/]dist[\\/]/;
  return {
    name: 'yunzhan-no-xr-emulator',
    enforce: 'pre',
    resolveId(source, from) {
      return source === './emulate.js' && from && importer.test(from) ? stub : null;
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react(), noXREmulator()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // dist/.vite/manifest.json: which files each route loads, for the bench's per-route sizes
    // (bench/src/route-chunks.ts). Not served: the server's static files ignore dot-folders.
    manifest: true,
    // three.js alone is over the default 500 kB warning; it is lazily loaded, so that is fine.
    chunkSizeWarningLimit: 1200,
    rollupOptions: { output: { chunkFileNames: chunkFileName } },
  },
  server: { port: 5173, proxy },
  preview: { port: 4173, proxy },
});
