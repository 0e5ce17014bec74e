import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runningProcesses } from '../../native/process-registry';
import { WarmStills } from '../../main/render/warm-still';
import { buildRuntimeConfig } from '../../main/config/runtime-config';
import { renderFramePreview } from '../../main/api/frame-preview';
import { renderPreview } from '../../main/api/preview';
import { media, smallProject, tempDir, tools } from './fixtures';

const dir = tempDir('reelforge-still-');
const config = buildRuntimeConfig({ env: process.env });
const still = media.still(dir, 'stripes.png', 'teal', '640x360');
const project = {
  ...smallProject(
    {
      title: 'Stills',
      scenes: [
        { narration: 'A teal picture that zooms.', visual: { type: 'image', path: still, zoom: [1, 2], pan: 'none' }, duration: 2 },
        { narration: 'A card.', visual: { type: 'gradient', from: '#102040', to: '#f0a030' }, duration: 1.5 },
      ],
    },
    dir,
  ),
  id: 'still-test',
};

/** Raw RGB of a picture (the first frame of a video, or a frame at `at`), scaled to 36×64. */
function rgb(file: string, at?: number): Buffer {
  return execFileSync(tools.ffmpeg.path, ['-v', 'error', ...(at !== undefined ? ['-ss', String(at)] : []), '-i', file, '-frames:v', '1', '-vf', 'scale=36:64:flags=area,format=rgb24', '-f', 'rawvideo', '-'], { maxBuffer: 1 << 20 });
}
const meanDiff = (a: Buffer, b: Buffer) => a.reduce((t, v, i) => t + Math.abs(v - b[i]!), 0) / a.length;
const size = (png: string) => execFileSync(tools.ffprobe.path, ['-v', 'error', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', png], { encoding: 'utf8' }).trim();

test('the frame under the playhead is the frame the render pipeline makes, at preview size, cached by content', async () => {
  const a = await renderFramePreview({ project, sceneIndex: 1, offset: 0.5, height: 320, dir: join(dir, 'previews'), config });
  assert.equal(a.cached, false);
  assert.equal(size(a.path), '180,320');
  // the same scene rendered as a video by the scene preview: its frame at 0.5 s is the still
  const video = await renderPreview({ project, sceneIndex: 1, height: 320, dir: join(dir, 'previews'), config, encoder: 'libx264', signal: new AbortController().signal });
  const d = meanDiff(rgb(a.path), rgb(video.path, 0.5));
  assert.ok(d < 6, `the still and the rendered video's frame differ by ${d.toFixed(1)} per channel`);

  const again = await renderFramePreview({ project, sceneIndex: 1, offset: 0.5, height: 320, dir: join(dir, 'previews'), config });
  assert.deepEqual(again, { path: a.path, cached: true, captions: a.captions }, 'an unchanged frame comes from the cache');
  // where the scene's captions are drawn (the editor's band to drag): in the lower part of the frame
  assert.ok(a.captions && a.captions.top > 0.5 && a.captions.bottom < 0.85 && a.captions.left < a.captions.right, JSON.stringify(a.captions));

  const edited = { ...project, scenes: project.scenes.map((s, i) => (i === 1 ? { ...s, visual: { type: 'gradient' as const, from: '#ff0000', to: '#ff0000', direction: 'vertical' as const } } : s)) };
  const b = await renderFramePreview({ project: edited, sceneIndex: 1, offset: 0.5, height: 320, dir: join(dir, 'previews'), config });
  assert.notEqual(b.path, a.path);
  assert.ok(meanDiff(rgb(a.path), rgb(b.path)) > 20, 'an edit shows in the next frame');
});

test('scrubbing through a Ken Burns scene shows it move; a time past the end shows the last frame', async () => {
  const early = await renderFramePreview({ project, sceneIndex: 0, offset: 0, height: 320, dir: join(dir, 'previews'), config });
  const late = await renderFramePreview({ project, sceneIndex: 0, offset: 1.9, height: 320, dir: join(dir, 'previews'), config });
  assert.notEqual(early.path, late.path);
  const past = await renderFramePreview({ project, sceneIndex: 0, offset: 30, height: 320, dir: join(dir, 'previews'), config });
  assert.equal(size(past.path), '180,320', 'still a frame, not an error');
});

test('the editor’s next frame runs on an FFmpeg started ahead and reads the picture fitted once; the frame is the same', async () => {
  const warm = new WarmStills(join(dir, 'previews', 'frames'));
  const fitted = join(dir, 'warm-previews', 'fitted');
  const opts = { project, sceneIndex: 0, height: 320, dir: join(dir, 'warm-previews'), config, warm };
  try {
    await renderFramePreview({ ...opts, offset: 0.4 });
    // the picture is fitted into the cache beside the frames once the first frame is out
    await until(() => existsSync(fitted) && readdirSync(fitted).some((n) => n.endsWith('.y4m')), 'the fitted still in the cache');
    const [spare] = runningProcesses('still');
    assert.ok(spare && spare.child.exitCode === null, 'an FFmpeg waits for the next frame');
    const next = await renderFramePreview({ ...opts, offset: 1.2 });
    assert.equal(spare.child.exitCode, 0, 'the waiting FFmpeg drew the frame');
    // the same frame drawn from scratch (no spare, the picture decoded and fitted in the graph)
    const plain = await renderFramePreview({ project, sceneIndex: 0, offset: 1.2, height: 320, dir: join(dir, 'plain-previews'), config });
    assert.equal(meanDiff(rgb(next.path), rgb(plain.path)), 0, 'the cached fitting gives the very same frame');
  } finally {
    warm.close();
  }
  await until(() => runningProcesses('still').length === 0, 'the spare to stop when the editor closes');
});

async function until(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600 && !ok(); i++) await new Promise((r) => setTimeout(r, 50));
  assert.ok(ok(), `waited for ${what}`);
}
