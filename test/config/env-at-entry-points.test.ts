import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { buildRuntimeConfig, locateTools, withHome } from '../../main/config/runtime-config';

const root = new URL('../..', import.meta.url).pathname;

/**
 * Where a process's environment may be read: where its runtime configuration is built, once. Each
 * passes process.env to buildRuntimeConfig; everything below takes the configuration as an argument.
 */
const entryPoints = new Set([
  'main/cli/main.ts', // the CLI
  'main/app/electron-main.ts', // the desktop app (and its dev-server URL)
  'main/api/create-studio.ts', // a studio whose caller built no configuration
]);

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return /\.tsx?$/.test(name) ? [full] : [];
  });
}

test('process.env is read only where a runtime configuration is built, and written nowhere', () => {
  const readers: string[] = [];
  const writers: string[] = [];
  for (const file of ['main', 'native', 'preload'].flatMap((d) => sources(join(root, d)))) {
    const rel = relative(root, file);
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      if (!/process\.env\b/.test(line)) return;
      const at = `${rel}:${i + 1}: ${line.trim()}`;
      if (/process\.env(\.\w+|\[[^\]]+\])?\s*(=(?!=)|\+\+|--)|delete\s+process\.env|Object\.assign\(\s*process\.env/.test(line)) writers.push(at);
      if (!entryPoints.has(rel)) readers.push(at);
    });
  }
  for (const file of sources(join(root, 'test'))) {
    const rel = relative(root, file);
    if (rel === 'test/config/env-at-entry-points.test.ts') continue;
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      if (/process\.env(\.\w+|\[[^\]]+\])?\s*(=(?!=)|\+\+|--)|delete\s+process\.env|Object\.assign\(\s*process\.env/.test(line)) writers.push(`${rel}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(writers, [], 'nothing writes the environment, tests included: configuration is passed down');
  assert.deepEqual(readers, [], `read the runtime configuration instead (ctx.config, studio.config, io.config); entry points: ${[...entryPoints].join(', ')}`);
});

test('the documented variables are read into the configuration: home, cache, FFmpeg, voices, keys', () => {
  const env = { REELFORGE_HOME: '/data/rf', XDG_CACHE_HOME: '/x/cache', REELFORGE_ESPEAK: '/opt/espeak', REELFORGE_PEXELS_API_KEY: 'k' };
  const c = buildRuntimeConfig({ env, platform: 'linux' });
  assert.equal(c.home, '/data/rf');
  assert.equal(c.cacheDir, '/data/rf/cache', 'a given home keeps its caches');
  assert.equal(c.tts.espeak, '/opt/espeak');
  assert.equal(c.env.REELFORGE_PEXELS_API_KEY, 'k', 'providers look keys up in the snapshot');
  assert.equal(buildRuntimeConfig({ env: { ...env, REELFORGE_CACHE: '/c' } }).cacheDir, '/c', 'REELFORGE_CACHE wins');
  assert.equal(buildRuntimeConfig({ env: { XDG_CACHE_HOME: '/x/cache', XDG_DATA_HOME: '/x/data' }, platform: 'linux' }).cacheDir, '/x/cache/reelforge', 'no home given: the user cache folder');
  assert.equal(buildRuntimeConfig({ env: { XDG_DATA_HOME: '/x/data' }, platform: 'linux' }).home, '/x/data/reelforge');

  const moved = withHome(c, '/elsewhere');
  assert.equal(moved.home, '/elsewhere', '--home wins over REELFORGE_HOME');
  assert.equal(moved.cacheDir, '/elsewhere/cache');
  assert.equal(withHome(c, undefined), c);

  // an env snapshot, not a live view: a later change to the process's environment changes nothing
  const live = { REELFORGE_FFMPEG: '/nowhere/ffmpeg' };
  const snap = buildRuntimeConfig({ env: live });
  live.REELFORGE_FFMPEG = '/elsewhere/ffmpeg';
  assert.throws(() => locateTools(snap), /REELFORGE_FFMPEG says ffmpeg is at \/nowhere\/ffmpeg/);
});
