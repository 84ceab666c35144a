import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type ProxyOptions } from 'vite';

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

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // three.js alone is over the default 500 kB warning; it is lazily loaded, so that is fine.
    chunkSizeWarningLimit: 1200,
    rollupOptions: { output: { chunkFileNames: chunkFileName } },
  },
  server: { port: 5173, proxy },
  preview: { port: 4173, proxy },
});
