// Builds the renderer into renderer/dist, which the backend serves at / (and the packaged
// app ships as a resource). base './' keeps asset URLs relative, so the same build works
// from any origin the forum happens to listen on. Test settings live in the root vitest config.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: './',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
  },
});
