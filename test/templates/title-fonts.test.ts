import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectInput, Style } from '../../preload/contract/project';
import { renderProject } from '../../main/render/render-project';
import { resolveFont } from '../../main/fonts/find-font';
import { findTemplate } from '../../main/templates/load-templates';
import { packTemplate, unpackTemplate } from '../../main/templates/template-package';
import { readZip } from '../../main/templates/zip';
import { buildRuntimeConfig } from '../../main/config/runtime-config';
import { smallProject, tempDir, tools } from '../render/fixtures';

const testConfig = buildRuntimeConfig({ env: process.env });
const dir = tempDir('reelforge-title-fonts-');
const W = 360;
const H = 640;
const docu = findTemplate('docu-story');

/** One frame as grey levels. */
function grey(file: string, at: number): Uint8Array {
  return execFileSync(tools.ffmpeg.path, ['-v', 'error', '-ss', String(at), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'gray', '-'], { maxBuffer: 1 << 24 });
}
/** How many pixels two frames disagree on (by more than a compression wobble). */
function differing(a: Uint8Array, b: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i]! - b[i]!) > 48) n++;
  return n;
}

async function render(name: string, style: Partial<Style>, scenes: ProjectInput['scenes']): Promise<string> {
  const project = smallProject(
    { title: name, style: { ...docu.style, ...style, caption: { ...docu.style.caption, enabled: false } }, scenes, settings: { width: W, height: H, fps: 10, encoder: 'libx264', quality: 12 } },
    dir,
  );
  const out = join(dir, `${name}.mp4`);
  await renderProject({ config: testConfig, project, output: out, workDir: join(dir, `work-${name}`), tools });
  return out;
}

const title: ProjectInput['scenes'] = [{ narration: 'Cold brew at home', duration: 2, visual: { type: 'designed', kind: 'title', text: 'Cold brew at home' } }];
const card: ProjectInput['scenes'] = [{ narration: '', duration: 1, visual: { type: 'text', text: 'Quiet gems', color: '#FFFFFF', background: '#101018', size: 0.08 } }];

test('Docu Story draws its designed title in its own Noto Serif (from the system), not in Inter', async () => {
  assert.equal(resolveFont('Noto Serif', true).source, 'system', 'Noto Serif is installed here (fonts-noto-core)');
  const serif = grey(await render('title-serif', {}, title), 1.6);
  const inter = grey(await render('title-inter', { font: 'Inter' }, title), 1.6);
  // a family no one has is drawn in the bundled Inter, not in a stand-in the system picks
  const unknown = grey(await render('title-unknown', { font: 'No Such Family' }, title), 1.6);
  const apart = differing(serif, inter);
  assert.ok(apart > 400, `the serif title is not the Inter one (${apart} pixels differ)`);
  assert.ok(differing(unknown, inter) < apart / 20, `an unknown family draws as Inter (${differing(unknown, inter)} pixels differ)`);
});

test('a text card uses a system family chosen for titles and cards', async () => {
  const dejavu = grey(await render('card-dejavu', { font: 'DejaVu Serif' }, card), 0.5);
  const inter = grey(await render('card-inter', { font: 'Inter' }, card), 0.5);
  assert.ok(differing(dejavu, inter) > 200, `the card is in DejaVu Serif (${differing(dejavu, inter)} pixels differ from Inter)`);
});

test('an exported template carries the system fonts its looks use, and the importing machine uses those copies', () => {
  const pkg = packTemplate(docu);
  assert.match(pkg.fileName, /\.reelforge-template\.zip$/);
  const entries = readZip(pkg.bytes, pkg.fileName);
  const names = entries.map((e) => e.name).sort();
  assert.ok(names.includes('fonts/NotoSerif-Bold.ttf') && names.includes('fonts/NotoSerif-Regular.ttf'), `the package carries Noto Serif: ${names.join(', ')}`);
  const doc = JSON.parse(entries.find((e) => e.name === 'template.json')!.data.toString('utf8')) as { style: { fonts: Array<{ family: string; file: string }> } };
  assert.ok(doc.style.fonts.every((f) => f.family === 'Noto Serif' && f.file.startsWith('fonts/')), JSON.stringify(doc.style.fonts));

  const home = join(dir, 'other-machine');
  const imported = unpackTemplate(pkg.bytes, pkg.fileName, { home, library: join(home, 'media') });
  assert.equal(imported.style.font, 'Noto Serif');
  assert.ok(imported.style.fonts.length >= 2 && imported.style.fonts.every((f) => f.file.startsWith(join(home, 'fonts')) && existsSync(f.file)));
  const found = resolveFont('Noto Serif', true, imported.style.fonts);
  assert.equal(found.source, 'yours', 'the imported template draws from its own copy');
  assert.match(found.file, /Bold/, 'the bold copy for bold titles');

  // a look in the bundled Inter alone stays one JSON document
  assert.match(packTemplate(findTemplate('bold-shorts')).fileName, /\.reelforge-template\.json$/);
});
