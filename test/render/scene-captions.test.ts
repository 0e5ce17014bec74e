import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { buildRuntimeConfig } from '../../main/config/runtime-config';
import { renderProject } from '../../main/render/render-project';
import { projectCaptionEvents } from '../../main/captions/project-captions';
import { computeTimeline } from '../../main/render/timeline';
import { smallProject, tempDir, tools } from './fixtures';

const dir = tempDir('reelforge-scene-captions-');
const config = buildRuntimeConfig({ env: process.env });

/** Share of near-white pixels (caption text) in the top, middle and bottom thirds of the frame at `at`. */
function captionInk(file: string, at: number): number[] {
  const w = 180;
  const h = 320;
  const raw = execFileSync(tools.ffmpeg.path, ['-v', 'error', '-ss', String(at), '-i', file, '-frames:v', '1', '-vf', `scale=${w}:${h},format=rgb24`, '-f', 'rawvideo', '-'], { maxBuffer: 1 << 22 });
  const thirds = [0, 0, 0];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = (y * w + x) * 3;
      if (raw[i]! > 200 && raw[i + 1]! > 200 && raw[i + 2]! > 200) thirds[Math.min(2, Math.floor((3 * y) / h))]!++;
    }
  }
  return thirds.map((n) => n / ((w * h) / 3));
}

test('a scene’s explicit caption changes are rendered: one scene’s captions at the top, one scene’s hidden, the others as the video says', async () => {
  const project = smallProject(
    {
      title: 'Scene captions',
      style: { transition: { type: 'cut', duration: 0 } },
      scenes: [
        { narration: 'Captions as the video has them.', visual: { type: 'color', color: '#203050' }, duration: 2 },
        { narration: 'These sit at the top.', visual: { type: 'color', color: '#203050' }, duration: 2, captionStyle: { position: 'top', margin: 0.12 } },
        { narration: 'Nobody reads these.', visual: { type: 'color', color: '#203050' }, duration: 2, captionStyle: { enabled: false } },
      ],
    },
    dir,
  );
  const out = join(dir, 'scene-captions.mp4');
  await renderProject({ project, output: out, config, encoder: 'libx264' });
  const [first, second, third] = [1, 3, 5].map((t) => captionInk(out, t));
  assert.ok(first![2]! > 0.004 && first![0]! < 0.001, `scene 1: the video's captions, at the bottom (${first})`);
  assert.ok(second![0]! > 0.004 && second![2]! < 0.001, `scene 2: its own position, the top (${second})`);
  assert.ok(third!.every((x) => x < 0.001), `scene 3: hidden (${third})`);

  // the sidecar files are made from the same pages: none for the hidden scene
  const events = projectCaptionEvents(project, computeTimeline(project, [undefined, undefined, undefined], 15));
  assert.ok(events.length >= 2);
  assert.ok(events.every((e) => e.end <= 4.01), 'no caption page while scene 3 plays');
  assert.equal(events.find((e) => e.start >= 2)?.style?.position, 'top');
});
