import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStudio } from '../../main/api/create-studio';
import { locateTools } from '../../main/config/runtime-config';
import { locateFfmpeg } from '../../native/ffmpeg/locate';
import { projectSchema } from '../../preload/contract/project';
import type { JobView, StoredProject } from '../../preload/contract/studio-api';

const real = locateFfmpeg({ env: process.env });

/** An FFmpeg the user could pick in Settings: the real one behind a script that logs every run. */
function loggingFfmpeg(dir: string): { binary: string; runs: () => string[] } {
  const folder = join(dir, 'chosen');
  mkdirSync(folder);
  const log = join(dir, 'runs.log');
  const binary = join(folder, 'ffmpeg');
  writeFileSync(binary, `#!/bin/sh\nprintf '%s\\n' "$*" >> '${log}'\nexec '${real.ffmpeg.path}' "$@"\n`);
  chmodSync(binary, 0o755);
  symlinkSync(real.ffprobe.path, join(folder, 'ffprobe'));
  return { binary, runs: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []) };
}

test('the FFmpeg chosen in Settings runs both a preview and a queued render of one studio; cleared, neither uses it; the environment is never written', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reelforge-one-ffmpeg-'));
  const envBefore = { ...process.env };
  const chosen = loggingFfmpeg(dir);
  const studio = await createStudio({ home: join(dir, 'home'), transport: 'ipc', worker: true, chooseFile: async () => chosen.binary });
  t.after(async () => {
    await studio.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const api = <T>(m: string, ...args: unknown[]) => studio.dispatch(m as never, args as never) as Promise<T>;
  const encodes = () => chosen.runs().filter((line) => line.includes('-filter_complex_script'));

  assert.equal((await api<{ ffmpegPath: string }>('chooseFfmpeg')).ffmpegPath, chosen.binary);
  assert.deepEqual({ ...process.env }, envBefore, 'choosing FFmpeg writes no environment variable');
  assert.equal(locateTools(studio.config).ffmpeg.path, chosen.binary);

  const project: StoredProject = {
    ...projectSchema.parse({
      version: 1,
      title: 'Chosen FFmpeg',
      settings: { preset: 'shorts-720', width: 144, height: 256, fps: 12, encoder: 'libx264' },
      scenes: [{ visual: { type: 'color', color: '#203040' }, duration: 1 }],
    }),
    id: 'chosen-ffmpeg',
  };
  await api('saveProject', project);

  const preview = await api<{ path: string }>('renderPreview', { project, sceneIndex: 0 });
  assert.ok(existsSync(preview.path));
  const afterPreview = encodes();
  assert.ok(afterPreview.some((line) => line.includes(join(dir, 'home', 'previews'))), `the preview was encoded by the chosen binary (it ran: ${afterPreview.join(' | ')})`);

  const done = new Promise<JobView>((resolve) => {
    const off = studio.events.subscribe((event, payload) => {
      const job = payload as JobView;
      if (event === 'job' && ['completed', 'failed', 'cancelled'].includes(job.state)) {
        off();
        resolve(job);
      }
    });
  });
  await api('enqueueRender', { projectId: project.id, encoder: 'libx264' });
  const job = await done;
  assert.equal(job.state, 'completed', JSON.stringify(job.error));
  const afterRender = encodes().slice(afterPreview.length);
  assert.ok(afterRender.some((line) => line.includes(join(dir, 'home', 'sessions'))), `the queued render was encoded by the same binary (it ran: ${afterRender.join(' | ')})`);

  // cleared: the next preview finds FFmpeg by itself again, at once, without a restart
  await api('updateSettings', { ffmpegPath: '' });
  assert.notEqual(locateTools(studio.config).ffmpeg.path, chosen.binary);
  const runsBefore = chosen.runs().length;
  await api('renderPreview', { project, sceneIndex: 0 });
  assert.equal(chosen.runs().length, runsBefore, 'the cleared binary is not run again');
  assert.deepEqual({ ...process.env }, envBefore, 'clearing writes no environment variable either');
});
