import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportDocument, exportPath, outputFolder, postStages } from '../../main/api/export-job';
import { projectSchema } from '../../preload/contract/project';
import { studioSettingsSchema } from '../../preload/contract/settings';
import { StudioError } from '../../preload/contract/errors';

const doc = projectSchema.parse({
  version: 1,
  title: 'Octopus facts',
  settings: { preset: 'shorts-1080', width: 270, height: 480, fps: 15 },
  scenes: [{ narration: 'Hello.', visual: { type: 'color', color: '#000000' }, duration: 1 }],
});

test('the export dialog’s choices: a new format drops the old size, quality applies, captions burned or not', () => {
  const same = exportDocument(doc, { projectId: 'p', preset: 'shorts-1080', quality: 18 });
  assert.deepEqual([same.settings.width, same.settings.height, same.settings.quality], [270, 480, 18], 'the project’s own size is kept for its own format');
  const wide = exportDocument(doc, { projectId: 'p', preset: 'youtube-1080' });
  assert.deepEqual([wide.settings.preset, wide.settings.width, wide.settings.height, wide.settings.fps], ['youtube-1080', undefined, undefined, undefined]);
  assert.equal(exportDocument(doc, { projectId: 'p', captions: 'sidecar' }).style.caption.enabled, false, 'files only: nothing burned');
  assert.equal(exportDocument(doc, { projectId: 'p', captions: 'both' }).style.caption.enabled, true);
  assert.equal(doc.settings.width, 270, 'the stored project is not changed');
});

test('caption files and the upscaler come after the render, with the provider and model folder from Settings', () => {
  const settings = studioSettingsSchema.parse({ upscalerProvider: 'cpu', modelFolder: '/models/esrgan' });
  assert.deepEqual(postStages({ projectId: 'p' }, settings), []);
  assert.deepEqual(postStages({ projectId: 'p', captions: 'both', upscale: 2 }, settings), [
    { name: 'project-sidecars', options: {} },
    { name: 'upscale', options: { scale: 2, provider: 'cpu', modelsDir: '/models/esrgan' } },
  ]);
});

test('an export never overwrites a file, and the folder must be a full path', (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'reelforge-export-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const when = new Date('2026-03-01T10:20:30Z');
  const first = exportPath(dir, 'Octopus facts!', when);
  assert.equal(first, join(dir, 'octopus-facts-2026-03-01T10-20-30.mp4'));
  writeFileSync(first, 'the user’s earlier export');
  assert.equal(exportPath(dir, 'Octopus facts!', when), join(dir, 'octopus-facts-2026-03-01T10-20-30-2.mp4'));
  assert.equal(outputFolder({ projectId: 'p' }, '/home/renders'), '/home/renders');
  assert.throws(() => outputFolder({ projectId: 'p', outputDir: 'exports' }, '/home/renders'), (e: unknown) => e instanceof StudioError && /full path/.test(e.message));
});
