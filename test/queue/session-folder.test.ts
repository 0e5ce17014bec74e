import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { probeDuration, tempHome } from './helpers';

const root = new URL('../..', import.meta.url).pathname;

function snapshot(dir: string): Map<string, number> {
  const files = new Map<string, number>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = join(d, name);
      const st = statSync(full);
      if (st.isDirectory()) walk(full);
      else files.set(relative(dir, full), st.mtimeMs);
    }
  };
  walk(dir);
  return files;
}

test('a job writes only inside its session folder (and the database), then copies the result to the output', (t) => {
  const box = tempHome('rf-sandbox-');
  t.after(box.cleanup);
  for (const d of ['userhome', 'tmp', 'media', 'out']) mkdirSync(join(box.dir, d));
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=320x568', '-frames:v', '1', join(box.dir, 'media', 'still.jpg')]);
  const projectFile = join(box.dir, 'media', 'project.json');
  writeFileSync(projectFile, JSON.stringify({
    version: 1, title: 'sandboxed', settings: { preset: 'shorts-720', width: 160, height: 284, fps: 15, encoder: 'libx264' },
    scenes: [{ visual: { type: 'image', path: 'still.jpg' }, duration: 1 }, { visual: { type: 'color', color: '#224466' }, duration: 1 }],
  }));
  const home = join(box.dir, 'home');
  const output = join(box.dir, 'out', 'video.mp4');
  // Every folder a program might use by default points into the sandbox, so a stray write shows.
  const env = { ...process.env, HOME: join(box.dir, 'userhome'), TMPDIR: join(box.dir, 'tmp'), XDG_CACHE_HOME: join(box.dir, 'userhome', '.cache'), XDG_DATA_HOME: join(box.dir, 'userhome', '.local', 'share'), REELFORGE_HOME: '', REELFORGE_CACHE: '' };
  const cli = (...args: string[]) => execFileSync(process.execPath, [join(root, 'bin/reelforge.js'), ...args], { env, encoding: 'utf8' });

  const before = snapshot(box.dir);
  const id = cli('queue', 'add', projectFile, '-o', output, '--home', home).trim();
  cli('worker', '--home', home, '--quiet');
  const after = snapshot(box.dir);

  const changed = [...after].filter(([f, m]) => before.get(f) !== m).map(([f]) => f);
  // tsx (the development loader that runs the CLI from source) keeps its compile cache in the
  // temp folder; the packaged app is bundled and has no such cache. Nothing else may appear.
  const elsewhere = changed.filter((f) => !f.startsWith('home/') && f !== 'out/video.mp4' && !/^tmp\/tsx-/.test(f));
  assert.deepEqual(elsewhere, [], 'nothing written outside the data folder and the output');
  const inHome = changed.filter((f) => f.startsWith('home/'));
  const outsideSessions = inHome.filter((f) => !f.startsWith(`home/sessions/${id}/`) && !/^home\/reelforge\.db(-wal|-shm)?$/.test(f) && f !== 'home/cache/ffmpeg-capabilities.json');
  assert.deepEqual(outsideSessions, [], 'in the data folder, only the database, the FFmpeg capability cache and the session');
  // delivered to its output, the video is not kept a second time in the session (issue 23, #18)
  assert.ok(!inHome.some((f) => f.startsWith(`home/sessions/${id}/final/`)), 'no second copy in final/');
  assert.ok(inHome.includes(`home/sessions/${id}/logs/job.log`));
  assert.ok(Math.abs(probeDuration(output) - 1.5) < 0.2);
});
