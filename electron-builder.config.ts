// Installers for the desktop app (electron-builder reads this file through its TypeScript loader):
// `npm run dist` builds the app (scripts/build-app.ts) and packages it for the machine it runs on;
// the release workflow runs it on Windows, macOS (Intel and Apple silicon) and Linux runners.
// The packaged-layout test (test/app/packaged-layout.test.ts) lays files out from `files` and
// `asarUnpack` below and checks them against the resource resolver (native/resources.ts).
import type { Configuration } from 'electron-builder';
import { afterPack, type PackContext } from './scripts/packaging/after-pack';

/**
 * ONNX Runtime and ffprobe-static ship every platform's binaries; an installer needs only its own
 * (−200 MB and −100 MB).
 */
const onnxRuntimeOf = (keep: 'linux' | 'darwin' | 'win32') =>
  (['linux', 'darwin', 'win32'] as const)
    .filter((p) => p !== keep)
    .flatMap((p) => [`!node_modules/onnxruntime-node/bin/napi-v6/${p}/**`, `!node_modules/ffprobe-static/bin/${p}/**`]);

const config: Configuration = {
  appId: 'app.reelforge.studio',
  productName: 'Reelforge',
  copyright: 'Reelforge contributors',
  directories: { output: 'dist-app', buildResources: 'assets/build' },
  files: [
    'dist/app/**',
    'dist/preload/**',
    'dist/renderer/**',
    'dist/models/**',
    'dist/update-key.pem',
    'assets/**',
    '!assets/build/**',
    'native/tts/espeak-events.py',
    'package.json',
    '!**/*.map',
    '!node_modules/**/{test,tests,docs,example,examples}/**',
    // the SQLite driver's sources: only its compiled add-on is loaded
    '!node_modules/better-sqlite3/{deps,src}/**',
  ],
  // Files a native process reads must be real files: FFmpeg reads the fonts and the example's
  // media, Python runs the helper, the dynamic loader opens the add-ons and their libraries, and
  // ffmpeg-static's and ffprobe-static's binaries are executed. Electron's fs redirects reads of these to app.asar.unpacked.
  asarUnpack: [
    'native/tts/espeak-events.py',
    'assets/fonts/**',
    'assets/examples/**',
    'node_modules/better-sqlite3/**',
    'node_modules/onnxruntime-node/bin/**',
    'node_modules/ffmpeg-static/**',
    'node_modules/ffprobe-static/bin/**',
  ],
  // Nothing goes to extraResources: files there lie outside app.asar's integrity check.
  extraResources: [],
  npmRebuild: true, // rebuilds better-sqlite3 for Electron's ABI
  extraMetadata: { main: 'dist/app/electron-main.js' },
  // the resource check (FFmpeg for this platform included) and the fuses, before signing
  afterPack: (ctx) => afterPack(ctx as unknown as PackContext),
  publish: [
    // electron-updater reads latest.yml / latest-mac.yml / latest-linux.yml from here
    { provider: 'generic', url: 'https://updates.reelforge.invalid/${os}/${arch}', channel: 'latest' },
  ],
  win: {
    target: [{ target: 'nsis' }],
    files: onnxRuntimeOf('win32'),
    // signed with the certificate in CSC_LINK / CSC_KEY_PASSWORD; the updater installs only an
    // installer signed by this publisher
    signtoolOptions: { publisherName: ['Reelforge contributors'] },
    verifyUpdateCodeSignature: true,
  },
  nsis: { oneClick: false, perMachine: false, allowToChangeInstallationDirectory: true },
  mac: {
    category: 'public.app-category.video',
    // the zip is what the updater (Squirrel.Mac) downloads; it checks the new app's signature
    target: [{ target: 'dmg' }, { target: 'zip' }],
    files: onnxRuntimeOf('darwin'),
    hardenedRuntime: true,
    gatekeeperAssess: false,
    entitlements: 'assets/build/entitlements.mac.plist',
    entitlementsInherit: 'assets/build/entitlements.mac.plist',
    // needs APPLE_API_KEY / APPLE_API_KEY_ID / APPLE_API_ISSUER (or APPLE_ID, APPLE_APP_SPECIFIC_PASSWORD, APPLE_TEAM_ID)
    notarize: true,
  },
  linux: {
    category: 'AudioVideo',
    target: [{ target: 'AppImage' }, { target: 'deb' }],
    files: onnxRuntimeOf('linux'),
    maintainer: 'Reelforge contributors',
  },
  deb: {
    // Electron's own needs; FFmpeg and ffprobe ride in the package (ffmpeg-static, ffprobe-static)
    depends: ['libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0'],
    // the system voice and its word-timing helper
    recommends: ['espeak-ng', 'python3'],
  },
};

export default config;
