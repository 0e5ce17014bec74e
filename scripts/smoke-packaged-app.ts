// The release check: launches the packaged app (dist-app/*-unpacked, or the .app on macOS) with
// Playwright's Electron support and, through the studio's own window and IPC, makes a 3-second
// video from the example project the package carries. Run by .github/workflows/release.yml after
// `npm run dist`; it needs the Electron binary, so it cannot run on the build machines here.
//   node --import tsx scripts/smoke-packaged-app.ts [path to the packaged executable]
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { _electron as electron } from 'playwright-core';
import { packagedResources } from './packaging/check-resources';

type Envelope = { ok: true; value: unknown } | { ok: false; error: { message: string } };

function findExecutable(): string {
  const out = resolve('dist-app');
  if (process.platform === 'darwin') {
    const dir = readdirSync(out).find((d) => d.startsWith('mac') && existsSync(join(out, d, 'Reelforge.app')));
    if (dir) return join(out, dir, 'Reelforge.app', 'Contents', 'MacOS', 'Reelforge');
  } else if (process.platform === 'win32') {
    if (existsSync(join(out, 'win-unpacked', 'Reelforge.exe'))) return join(out, 'win-unpacked', 'Reelforge.exe');
  } else {
    const dir = readdirSync(out).find((d) => /^linux(-\w+)?-unpacked$/.test(d));
    if (dir) return join(out, dir, 'reelforge');
  }
  throw new Error(`no packaged app under ${out}: run npm run dist first`);
}

const executable = process.argv[2] ? resolve(process.argv[2]) : findExecutable();
const resourcesDir = process.platform === 'darwin' ? join(dirname(executable), '..', 'Resources') : join(dirname(executable), 'resources');
const res = packagedResources(resourcesDir, { platform: process.platform, arch: process.arch });
const example = join(res.examplesDir, 'demo');
const home = mkdtempSync(join(tmpdir(), 'reelforge-smoke-'));
const outDir = resolve('dist-app', 'smoke');
mkdirSync(outDir, { recursive: true });

const app = await electron.launch({ executablePath: executable, args: [], env: { ...process.env, REELFORGE_HOME: home } as Record<string, string> });
try {
  const page = await app.firstWindow();
  await page.waitForFunction(() => typeof (window as unknown as { studio?: unknown }).studio === 'object', null, { timeout: 60_000 });
  await page.screenshot({ path: join(outDir, 'studio.png') });

  const call = async (method: string, ...args: unknown[]): Promise<unknown> => {
    const r = (await page.evaluate(
      ([m, a]) => (window as unknown as { studio: Record<string, (...x: unknown[]) => Promise<unknown>> }).studio[m as string]!(...(a as unknown[])),
      [method, args] as const,
    )) as Envelope;
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.value;
  };

  // the example project's first two scenes, cut together, 1.5 s each, with its music under them
  const doc = JSON.parse(readFileSync(join(example, 'project.json'), 'utf8')) as {
    settings: object;
    style: object;
    scenes: Array<{ visual: { path?: string } & Record<string, unknown>; overlays?: unknown[] }>;
    audio: { music?: { path: string } & Record<string, unknown> };
  };
  const abs = (p: string) => join(example, p);
  const scenes = doc.scenes.slice(0, 2).map((s) => ({
    visual: s.visual.path ? { ...s.visual, path: abs(s.visual.path) } : s.visual,
    overlays: s.overlays ?? [],
    duration: 1.5,
    transition: { type: 'cut', duration: 0 },
  }));
  const created = (await call('createProject', { title: 'Release check', script: 'One. Two.', sceneSeconds: 1.5 })) as Record<string, unknown>;
  const project = {
    ...created,
    settings: { ...doc.settings, encoder: 'auto' },
    style: doc.style,
    scenes,
    audio: { ...doc.audio, music: doc.audio.music && { ...doc.audio.music, path: abs(doc.audio.music.path) } },
  };
  await call('saveProject', project);
  const job = (await call('enqueueRender', { projectId: created.id, outputDir: outDir })) as { id: string };

  let done: { state: string; output?: string; error?: { message: string } } | undefined;
  for (const started = Date.now(); Date.now() - started < 10 * 60_000; ) {
    const jobs = (await call('listJobs')) as Array<{ id: string; state: string; output?: string; error?: { message: string } }>;
    const j = jobs.find((x) => x.id === job.id);
    if (j && ['completed', 'failed', 'cancelled'].includes(j.state)) {
      done = j;
      break;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  if (done?.state !== 'completed' || !done.output) throw new Error(`the render did not complete: ${JSON.stringify(done)}`);
  // the packaged FFmpeg reads the result back: a 3-second video with sound
  let probe = '';
  try {
    execFileSync(res.ffmpegStatic, ['-hide_banner', '-i', done.output], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (err) {
    probe = String((err as { stderr?: string }).stderr ?? ''); // ffmpeg -i without an output exits 1 and prints the facts
  }
  const d = /Duration: (\d+):(\d+):([\d.]+)/.exec(probe);
  const seconds = d ? Number(d[1]) * 3600 + Number(d[2]) * 60 + Number(d[3]) : NaN;
  if (!(Math.abs(seconds - 3) < 0.15)) throw new Error(`expected a 3-second video, got ${seconds} s: ${probe.slice(-600)}`);
  if (!/Audio:/.test(probe)) throw new Error('the video has no sound');
  await page.screenshot({ path: join(outDir, 'after-render.png') });
  copyFileSync(done.output, join(outDir, 'release-check.mp4'));
  console.log(`release check passed: ${done.output} (${seconds.toFixed(2)} s, ${(statSync(done.output).size / 1e6).toFixed(1)} MB)`);
} finally {
  await app.close();
}
