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

// The heavy libraries each get a named chunk. Only the theatre's 3D view, the HLS player and the
// host console import them, and only through dynamic import(), so the lobby never loads them.
const VENDOR_CHUNKS: ReadonlyArray<[name: string, test: RegExp]> = [
  ['three', /[\\/]node_modules[\\/](three|three-stdlib|@react-three[\\/](fiber|drei)|three-mesh-bvh)[\\/]/],
  ['hls', /[\\/]node_modules[\\/]hls\.js[\\/]/],
  ['mediasoup', /[\\/]node_modules[\\/](mediasoup-client|sdp-transform|awaitqueue|h264-profile-level-id|fake-mediastreamtrack|ua-parser-js|supports-color|debug|ms)[\\/]/],
];

function vendorChunk(id: string): string | undefined {
  for (const [name, test] of VENDOR_CHUNKS) if (test.test(id)) return name;
  return undefined;
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // three.js alone is over the default 500 kB warning; it is lazily loaded, so that is fine.
    chunkSizeWarningLimit: 1200,
    rollupOptions: { output: { manualChunks: vendorChunk } },
  },
  server: { port: 5173, proxy },
  preview: { port: 4173, proxy },
});
