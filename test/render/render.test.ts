import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { renderProject, type RenderProgress } from '../../main/render/render-project';
import { runningProcesses } from '../../native/process-registry';
import { integratedLoudness, media, probeFile, regionColor, smallProject, tempDir } from './fixtures';
import { buildRuntimeConfig } from '../../main/config/runtime-config';

/** this test process's runtime configuration, from its environment, as an entry point builds one */
const testConfig = buildRuntimeConfig({ env: process.env });

const dir = tempDir();
const red = media.still(dir, 'red.png', '#ff0000');
const clip = media.clip(dir, 'clip.mp4', 1);
const voice = media.voice(dir, 'voice.m4a', 1.5);
const music = media.voice(dir, 'music.m4a', 2, 330);

test('a real render has the planned duration, size, frame rate and an audio track, and reports progress to 100%', async () => {
  const project = smallProject({
    scenes: [
      { visual: { type: 'image', path: red }, audio: voice, narration: 'First scene' },
      { visual: { type: 'video', path: clip }, duration: 1.5, transition: { type: 'wipeleft', duration: 0.4 } },
      { visual: { type: 'image', path: red, fit: 'blur-pad', kenBurns: false }, duration: 1.2, transition: { type: 'dissolve', duration: 0.4 } },
      { visual: { type: 'text', text: 'The end: 100% [done]' }, duration: 1, transition: { type: 'fade', duration: 0.4 } },
    ],
    audio: { music: { path: music, volume: 0.3 } },
  }, dir);
  const out = join(dir, 'full.mp4');
  const seen: RenderProgress[] = [];
  const result = await renderProject({ config: testConfig, project, output: out, onProgress: (p) => seen.push(p) });
  const info = probeFile(out);
  assert.equal(info.width, 180);
  assert.equal(info.height, 320);
  assert.equal(info.fps, 15);
  assert.ok(info.hasAudio);
  assert.equal(info.frames, result.frames);
  assert.ok(Math.abs(info.duration - result.durationSeconds) <= 1 / 15 + 0.03, `duration ${info.duration} vs ${result.durationSeconds}`);
  assert.equal(seen.at(-1)!.ratio, 1);
  assert.ok(seen.every((p, i) => i === 0 || p.ratio >= seen[i - 1]!.ratio), 'progress never goes backwards');
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.partial')), [], 'no partial file left');
});

test('the example project renders (at a small size) to the length its plan says', async () => {
  const { loadProjectFile } = await import('../../main/project/load-project');
  const { project } = loadProjectFile(new URL('../../assets/examples/demo/project.json', import.meta.url).pathname);
  project.settings = { ...project.settings, width: 144, height: 256, fps: 12 };
  const out = join(dir, 'demo.mp4');
  const result = await renderProject({ config: testConfig, project, output: out });
  const info = probeFile(out);
  assert.equal(info.frames, result.frames);
  assert.ok(info.hasAudio);
  assert.ok(Math.abs(info.duration - result.durationSeconds) <= 1 / 12 + 0.03, `duration ${info.duration} vs ${result.durationSeconds}`);
});

test('a caption really appears on screen, and a crossfade really blends the two scenes', async () => {
  const project = smallProject({
    scenes: [
      { visual: { type: 'color', color: '#FF0000' }, duration: 2, narration: '' },
      { visual: { type: 'color', color: '#0000FF' }, duration: 2, narration: 'CAPTION TEXT HERE', transition: { type: 'fade', duration: 1 } },
    ],
    style: { caption: { size: 0.08, color: '#FFFFFF', position: 'bottom', margin: 0.15 } },
  }, dir);
  const out = join(dir, 'blend.mp4');
  await renderProject({ config: testConfig, project, output: out });
  const whole = { x: 0, y: 0, w: 1, h: 0.5 };
  const [r0, , b0] = regionColor(out, 0.2, whole);
  assert.ok(r0 > 200 && b0 < 40, `scene 1 is red: ${r0},${b0}`);
  const [rm, , bm] = regionColor(out, 1.5, whole); // the transition runs from 1.0 to 2.0
  assert.ok(rm > 70 && rm < 190 && bm > 70 && bm < 190, `mid-transition is a blend: ${rm},${bm}`);
  const [r1, , b1] = regionColor(out, 2.8, whole);
  assert.ok(r1 < 40 && b1 > 200, `scene 2 is blue: ${r1},${b1}`);

  const band = { x: 0.05, y: 0.62, w: 0.9, h: 0.25 };
  const [cr, cg] = regionColor(out, 2.8, band);
  const [nr, ng] = regionColor(out, 0.2, band);
  assert.ok(cg > ng + 15 && cr > 15, `white caption text lifts the band's green/red: with ${cr},${cg} vs without ${nr},${ng}`);
});

test('the mix is normalised to the loudness target within 1 LU', async () => {
  const project = smallProject({
    scenes: [
      { visual: { type: 'color', color: '#000000' }, audio: voice, padding: 0.2 },
      { visual: { type: 'color', color: '#222222' }, audio: voice, padding: 0.2 },
      { visual: { type: 'color', color: '#444444' }, audio: voice, padding: 0.2 },
    ],
    audio: { music: { path: music, volume: 0.8 }, loudness: -16 },
  }, dir);
  const out = join(dir, 'loud.mp4');
  await renderProject({ config: testConfig, project, output: out });
  const lufs = integratedLoudness(out);
  assert.ok(Math.abs(lufs - -16) <= 1, `integrated loudness ${lufs} LUFS, target -16`);
});

test('cancel stops FFmpeg and leaves nothing at the output path', async () => {
  const project = smallProject({ scenes: [{ visual: { type: 'image', path: red }, duration: 120 }] }, dir);
  const out = join(dir, 'cancelled.mp4');
  const controller = new AbortController();
  const rendering = renderProject({ config: testConfig,
    project, output: out, signal: controller.signal, tag: 'cancel-test',
    onProgress: (p) => p.stage === 'render' && p.ratio > 0.05 && controller.abort(),
  });
  await assert.rejects(rendering, (err: Error) => err.name === 'CancelledError');
  assert.equal(existsSync(out), false);
  assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.partial')), []);
  assert.deepEqual(runningProcesses('cancel-test'), []);
});
