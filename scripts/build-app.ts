// Builds what the Electron app loads: the renderer (vite), the preload (one CommonJS file: a
// sandboxed preload cannot load ES modules) and the main process (one ES module, with native and
// Electron packages left external). Run by `npm start` and before packaging.
import { build } from 'vite';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { copyFileSync } from 'node:fs';

const root = fileURLToPath(new URL('..', import.meta.url));
const external = ['electron', 'electron-updater', 'better-sqlite3', 'onnxruntime-node', 'ffmpeg-static', 'ws', /^node:/];

await build({ configFile: join(root, 'vite.config.ts') });
await build({
  configFile: false,
  logLevel: 'warn',
  // everything but electron inside the one file: a sandboxed preload can require nothing else
  ssr: { noExternal: true },
  build: {
    ssr: join(root, 'preload', 'index.ts'),
    outDir: join(root, 'dist', 'preload'),
    emptyOutDir: true,
    rollupOptions: { external: ['electron'], output: { format: 'cjs', entryFileNames: 'index.cjs' } },
  },
});
await build({
  configFile: false,
  logLevel: 'warn',
  build: {
    ssr: join(root, 'main', 'app', 'electron-main.ts'),
    // two folders below the root, like the sources in main/<area>/, so their
    // import.meta.url-relative paths (assets/, package.json) resolve the same when bundled
    outDir: join(root, 'dist', 'app'),
    emptyOutDir: true,
    rollupOptions: { external, output: { format: 'es', entryFileNames: 'electron-main.js' } },
  },
});
// The provider probe runs as its own Node process (see native/onnx/providers.ts): a plain file beside the bundle.
copyFileSync(join(root, 'native', 'onnx', 'provider-probe-child.mjs'), join(root, 'dist', 'app', 'provider-probe-child.mjs'));
console.log('built dist/renderer, dist/preload/index.cjs, dist/app/electron-main.js');
