import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The renderer: root renderer/, built to dist/renderer with relative URLs (loaded from file:// in the app, from the bridge in a browser). */
export default defineConfig({
  root: `${here}renderer`,
  base: './',
  plugins: [react()],
  logLevel: 'warn',
  build: {
    outDir: `${here}dist/renderer`,
    emptyOutDir: true,
    sourcemap: true,
    target: 'chrome120',
  },
});
