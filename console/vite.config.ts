import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The web console (docs/console.md): built into console/dist, served by the API process under
 * /console (api/console.ts). Hashed file names under assets/ are cached for a year.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/console/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2000,
    reportCompressedSize: true,
  },
  server: {
    // `vite` on its own (development): the API on :3000 answers /v1
    proxy: { '/v1': 'http://127.0.0.1:3000' },
  },
});
