import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { projectSchema } from '../../preload/contract/project';
import { kenBurnsFor, templateSchema } from '../../preload/contract/template';
import { openHomeDatabase } from '../../main/store/open-database';
import { applyTemplateToProject, applyTemplateToScene } from '../../main/templates/apply-template';
import { findTemplate } from '../../main/templates/load-templates';
import { TemplateLibrary } from '../../main/templates/template-library';
import { tempDir } from '../render/fixtures';

const dir = tempDir('reelforge-apply-');
const project = projectSchema.parse({
  version: 1,
  title: 'Tides',
  settings: { preset: 'youtube-1080' },
  style: { caption: { enabled: false } },
  scenes: [
    { narration: 'Low tide uncovers the pools.', visual: { type: 'image', path: '/media/pool.jpg' }, overlays: [{ text: 'Tip', position: 'bottom', size: 0.1 }] },
    { narration: 'Crabs hide under rocks.', visual: { type: 'gradient', from: '#000000', to: '#FFFFFF' } },
  ],
});

test('a template on the whole project: its look, motion, overlay layout and music file; captions stay as the project chose', () => {
  const base = findTemplate('docu-story');
  const t = templateSchema.parse({ ...base, motion: { strength: 0.25, direction: 'left' }, layout: { ...base.layout, overlayPosition: 'top', overlaySize: 0.04 }, music: { ...base.music, file: '/media/theme.m4a', volume: 0.2 } });
  const withScene = applyTemplateToScene(project, 1, findTemplate('neon-night'));
  const out = applyTemplateToProject(withScene, t);
  assert.equal(out.template, 'docu-story');
  assert.equal(out.style.colors.accent, base.style.colors.accent);
  assert.equal(out.style.caption.enabled, false, 'burned captions stay off');
  const still = out.scenes[0]!.visual;
  assert.deepEqual(still.type === 'image' && [still.zoom, still.pan], [[1.25, 1.25], 'left']);
  assert.deepEqual(out.scenes[0]!.overlays.map((o) => [o.position, o.size]), [['top', 0.04]]);
  assert.equal(out.scenes[1]!.visual.type, 'gradient');
  assert.equal(out.scenes[1]!.template, 'neon-night', "a scene's own look, chosen for that scene, stays");
  assert.deepEqual(out.audio.music, { path: '/media/theme.m4a', volume: 0.2, ducking: true });
});

test('a template keeps a framing set by hand, says so, and still moves the stills the old template framed', () => {
  const old = findTemplate('bold-shorts');
  const styled = applyTemplateToProject(project, old);
  const framedByOld = styled.scenes[0]!.visual;
  const handSet = { ...styled.scenes[0]!, visual: { type: 'image' as const, path: '/media/rock.jpg', fit: 'fill' as const, zoom: [1, 1.3] as [number, number], pan: 'right' as const } };
  const doc = { ...styled, scenes: [styled.scenes[0]!, handSet, styled.scenes[1]!] };
  const report = { changed: [] as string[], kept: [] as string[] };
  const next = findTemplate('docu-story');
  const out = applyTemplateToProject(doc, next, { previous: old, report });
  const [a, b] = [out.scenes[0]!.visual, out.scenes[1]!.visual];
  assert.ok(a.type === 'image' && framedByOld.type === 'image');
  assert.deepEqual([a.zoom, a.pan], [kenBurnsFor(next.motion).zoom, kenBurnsFor(next.motion).pan], 'the still the old template framed takes the new motion');
  assert.deepEqual(b.type === 'image' && [b.zoom, b.pan], [[1, 1.3], 'right'], 'the hand-set zoom and pan stay');
  assert.ok(report.kept.some((k) => k.startsWith('scene 2: your framing (zoom 1→1.3, pan right)')), report.kept.join(' | '));
  assert.ok(report.changed.some((c) => c.includes('caption style')));
});

test("the project's look saved as a template keeps its style, frame, music and motion", () => {
  const db = openHomeDatabase(join(dir, 'home'));
  const lib = new TemplateLibrary({ db, home: join(dir, 'home') });
  const styled = { ...applyTemplateToProject(project, findTemplate('kids-fun')), audio: { ...project.audio, music: { path: '/media/song.m4a', volume: 0.4, ducking: true } } };
  const made = lib.fromProject({ ...styled, scenes: [{ ...styled.scenes[0]!, visual: { type: 'image', path: '/x.jpg', fit: 'fill', zoom: [1.3, 1], pan: 'none' } }, styled.scenes[1]!] }, 'Tide look');
  assert.equal(made.source, 'user');
  assert.equal(made.template.name, 'Tide look');
  assert.equal(made.template.preset, 'youtube-1080');
  assert.equal(made.template.style.colors.accent, findTemplate('kids-fun').style.colors.accent);
  assert.equal(made.template.style.caption.enabled, true);
  assert.deepEqual(made.template.motion, { strength: 0.3, direction: 'out' });
  assert.equal(made.template.music.file, '/media/song.m4a');
  assert.deepEqual(made.template.structure, findTemplate('kids-fun').structure, 'structure from the template the project was made with');
  db.close();
});
