import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredProject } from '../../preload/contract/studio-api';
import { readZip } from '../../main/templates/zip';
import { distinctFont } from '../templates/font-fixture';
import { dropFiles } from './dom-drop';
import { createProjectThroughUi, openDocument, openStudio, type Session } from './harness';

// A creator makes a template of their own through the UI: duplicates a built-in one, changes its
// colours, caption highlight and font while the live frame follows, saves it, drops it on a
// project, renders, and finds the template's caption colours in the video; then carries the
// template out of the app as a file (with its font) and back in.

let s: Session;
before(async () => {
  s = await openStudio();
});
after(async () => {
  await s?.close();
});

const probe = (file: string) => JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file]).toString());

/** RGB pixels of an image or of one video frame. */
function pixels(file: string, at?: number): { rgb: Buffer; width: number; height: number } {
  const v = probe(file).streams.find((x: { codec_type: string }) => x.codec_type === 'video');
  const rgb = execFileSync('ffmpeg', ['-v', 'error', ...(at === undefined ? [] : ['-ss', String(at)]), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 26 });
  return { rgb, width: v.width, height: v.height };
}

type Rgb = (r: number, g: number, b: number) => boolean;
/** How many pixels have a colour (the caption's text or its spoken word); thin strokes lose some saturation to 4:2:0 video. */
function near(img: { rgb: Buffer }, is: Rgb): number {
  let n = 0;
  for (let i = 0; i < img.rgb.length; i += 3) if (is(img.rgb[i]!, img.rgb[i + 1]!, img.rgb[i + 2]!)) n++;
  return n;
}

const MAGENTA: Rgb = (r, g, b) => r > 150 && b > 150 && g < 100;
const GREEN: Rgb = (r, g, b) => g > 150 && r < 120 && b < 120;
const state = <T>(fn: string) => s.page.evaluate(`(${fn})((window).__studio.getState())`) as Promise<T>;

test('edit a template with a live frame, save it, drop it on a project, render: the video shows its caption colours', async () => {
  const page = s.page;
  await createProjectThroughUi(page, 'Octopus facts');

  await page.getByTestId('tab-templates').click();
  await page.getByTestId('templates-view').waitFor();
  const builtIns = await page.getByTestId('template-tile').count();
  assert.ok(builtIns >= 7, `${builtIns} templates in the library`);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid="template-tile"] img[data-testid="template-frame"]').length === n, builtIns, { timeout: 90_000 });
  await page.locator('[data-testid="template-tile"][data-template-id="bold-shorts"]').click();
  await page.getByTestId('template-preview-frame').waitFor({ timeout: 30_000 });
  assert.equal(await page.getByTestId('template-save').count(), 0, 'a built-in template has nothing to save: it is read-only');
  await s.screenshot('20-templates-built-in');

  // Duplicate to edit: the copy opens in the editor, with its own live frame
  await page.getByTestId('template-duplicate').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="template-editor"]')?.getAttribute('data-template-id') !== 'bold-shorts');
  const id = (await page.getByTestId('template-editor').getAttribute('data-template-id'))!;
  await page.getByTestId('template-name').fill('Octopus channel');
  await page.getByTestId('template-name').press('Enter');
  await page.locator(`[data-testid="template-tile"][data-template-id="${id}"] .template-name`).filter({ hasText: 'Octopus channel' }).waitFor();
  const framePath = () => page.getByTestId('template-preview-frame').getAttribute('data-path');
  await page.waitForFunction(() => !!document.querySelector('[data-testid="template-preview-frame"]'));
  const before = (await framePath())!;
  const first = pixels(before);
  assert.equal(near(first, GREEN), 0, 'no green in bold-shorts');
  assert.equal(near(first, MAGENTA), 0, 'no magenta in bold-shorts');

  // colours and the caption highlight; the live frame is drawn again by the pipeline
  await page.getByTestId('tpl-caption-color').fill('#ff00ff');
  await page.getByTestId('tpl-caption-highlight').selectOption('color');
  await page.getByTestId('tpl-caption-highlight-color').fill('#00ff00');
  await page.getByTestId('tpl-card-from').fill('#102040');
  await page.getByTestId('tpl-card-to').fill('#204060');
  // a font of the user's: copied into the app, then used for the captions
  const fontFile = distinctFont(s.home);
  await page.getByTestId('tpl-font-file').setInputFiles(fontFile);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="tpl-caption-font"] option')].some((o) => (o as HTMLOptionElement).value === 'Reel Serif'));
  await page.getByTestId('tpl-caption-font').selectOption('Reel Serif');
  await page.waitForFunction(
    (old) => {
      const img = document.querySelector('[data-testid="template-preview-frame"]');
      return img && img.getAttribute('data-path') !== old && !document.querySelector('[data-testid="template-live"] h3 .meta')?.textContent?.includes('drawing');
    },
    before,
    { timeout: 30_000 },
  );
  const after = (await framePath())!;
  const edited = pixels(after);

  assert.ok(near(edited, MAGENTA) > 100, `the caption text is magenta in the live frame (${near(edited, MAGENTA)} px)`);
  assert.ok(near(edited, GREEN) > 30, `the word being spoken is green in the live frame (${near(edited, GREEN)} px)`);
  await page.getByTestId('template-editor').evaluate((el) => el.scrollTo(0, 0));
  await s.screenshot('21-template-edited');

  await page.getByTestId('template-save').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="template-save"]')?.textContent === 'Saved');
  const saved = await s.studio.dispatch('getTemplate', [id]) as { template: { style: { caption: { color: string; highlightColor: string; font: string }; fonts: Array<{ family: string; file: string }> } } };
  assert.equal(saved.template.style.caption.color, '#FF00FF');
  assert.equal(saved.template.style.caption.highlightColor, '#00FF00');
  assert.equal(saved.template.style.caption.font, 'Reel Serif');
  assert.ok(saved.template.style.fonts[0]!.file.startsWith(join(s.home, 'fonts')), 'the font was copied into the app data');

  // into the editor: one card on a scene (that scene only), ours on the timeline past the scenes (the whole project)
  await page.getByTestId('tab-editor').click();
  await page.getByTestId('side-templates').click();
  await page.locator('[data-testid="template-card"][data-template-id="docu-story"]').dragTo(page.locator('[data-testid="clip"][data-index="2"]'));
  await page.waitForFunction(() => (window as any).__studio.getState().history.present.scenes[2].template === 'docu-story');
  let doc: StoredProject = await openDocument(page);
  assert.equal(doc.scenes[0]!.style, undefined, 'the other scenes keep the project look');
  assert.ok(doc.scenes[2]!.style, 'scene 3 carries a look of its own');
  await page.locator('[data-testid="clip"][data-index="2"] [data-testid="clip-template"]').waitFor();
  const timeline = page.getByTestId('timeline');
  const box = (await timeline.boundingBox())!;
  const lastClip = (await page.locator('[data-testid="clip"]').last().boundingBox())!;
  assert.ok(lastClip.x + lastClip.width < box.x + box.width - 30, 'the track has room past its scenes');
  await page.locator(`[data-testid="template-card"][data-template-id="${id}"]`).dragTo(timeline, { targetPosition: { x: box.width - 15, y: box.height / 2 } });
  await page.waitForFunction((tid) => (window as any).__studio.getState().history.present.template === tid, id);
  doc = await openDocument(page);
  assert.equal(doc.style.caption.color, '#FF00FF', "the project's captions take the template's colour");
  assert.ok(doc.scenes.every((sc, i) => i === 2 || sc.style === undefined), 'the other scenes follow the project look');
  // the look the user gave scene 3 by hand is kept, and the notice says what changed and what was kept
  assert.equal(doc.scenes[2]!.template, 'docu-story', 'scene 3 keeps the look dropped on it');
  assert.ok(doc.scenes[2]!.style && doc.scenes[2]!.style.caption.color !== '#FF00FF', "scene 3's captions keep docu-story's colours");
  const applied = page.getByTestId('notice-info').filter({ hasText: 'Template applied: Octopus channel' });
  await applied.waitFor();
  const words = (await applied.textContent())!;
  assert.match(words, /Changed: colours, fonts and caption style/);
  assert.match(words, /Kept as you set it: scene 3: its own look/);
  // undoable: Undo gives the project its previous look back, then redo applies ours again
  const previousTemplate = await state<string>('(s) => s.history.past.at(-1).template');
  await applied.getByTestId('notice-action').click();
  await page.waitForFunction((t) => (window as any).__studio.getState().history.present.template === t, previousTemplate);
  assert.notEqual((await openDocument(page)).style.caption.color, '#FF00FF', 'undo takes the magenta captions away');
  await page.keyboard.press('Control+Shift+Z');
  await page.waitForFunction((tid) => (window as any).__studio.getState().history.present.template === tid, id);
  await page.waitForFunction(() => document.querySelector('[data-testid="save-state"]')?.getAttribute('data-state') === 'saved', null, { timeout: 10_000 });
  await s.screenshot('22-template-on-project');

  // render it, and look at the video as a viewer would: in a browser the finished video downloads
  await page.getByTestId('export').click();
  await page.getByTestId('export-dialog').waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="export-encoder"] option')].some((o) => (o as HTMLOptionElement).value === 'libx264'), null, { timeout: 60_000 });
  await page.getByTestId('export-encoder').selectOption('libx264');
  const download = page.waitForEvent('download', { timeout: 180_000 });
  await page.getByTestId('export-start').click();
  const file = join(s.home, 'octopus.mp4');
  await (await download).saveAs(file);
  doc = await openDocument(page);
  const dur = (p: string) => Number(probe(p).format.duration);
  // mid-word in scene 1: the template's magenta text with the spoken word in green
  const w = doc.scenes[0]!.words![1]!;
  const inFirst = pixels(file, (w.start + w.end) / 2);
  assert.ok(near(inFirst, MAGENTA) > 50, `scene 1's caption is magenta in the video (${near(inFirst, MAGENTA)} px)`);
  assert.ok(near(inFirst, GREEN) > 20, `scene 1's spoken word is green in the video (${near(inFirst, GREEN)} px)`);
  // in scene 3, dropped on alone: docu-story's captions (cream, the spoken word amber), none of ours
  const start3 = doc.scenes.slice(0, 2).reduce((t, sc) => t + dur(sc.audio!) + sc.padding, 0);
  const w3 = doc.scenes[2]!.words![1]!;
  const inThird = pixels(file, start3 + (w3.start + w3.end) / 2);
  assert.equal(near(inThird, MAGENTA), 0, "scene 3 does not have the project's magenta captions");
  assert.equal(near(inThird, GREEN), 0);
  const AMBER: Rgb = (r, g, b) => r > 200 && g > 150 && g < 215 && b > 80 && b < 160;
  assert.ok(near(inThird, AMBER) > 20, `scene 3's spoken word is in docu-story's amber (${near(inThird, AMBER)} px)`);
});

test('a template with a font goes out as a file named for it by dragging its card, and comes back in through the Import button', async () => {
  const page = s.page;
  await page.getByTestId('tab-templates').click();
  const id = (await state<Array<{ id: string; source: string }>>('(s) => s.templates')).find((t) => t.source === 'user')!.id;
  const tile = page.locator(`[data-testid="template-tile"][data-template-id="${id}"]`);
  await tile.hover(); // writes the file the drag will carry
  await page.waitForFunction((tid) => !!(window as any).__studio.getState().templateFiles[tid], id);
  // the drag a desktop sees: Chromium saves the DownloadURL's file where the card is dropped
  const download = await tile.evaluate((el) => {
    const dt = new DataTransfer();
    el.dispatchEvent(new DragEvent('dragstart', { bubbles: true, cancelable: true, dataTransfer: dt }));
    return dt.getData('DownloadURL');
  });
  const [mime, fileName, ...rest] = download.split(':');
  assert.equal(mime, 'application/zip');
  assert.equal(fileName, 'Octopus channel.reelforge-template.zip', 'the file is named for the template, not its id');
  const base64 = await page.evaluate(async (url) => {
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    let bin = '';
    for (const b of bytes) bin += String.fromCharCode(b);
    return btoa(bin);
  }, rest.join(':'));
  const zip = Buffer.from(base64, 'base64');
  const entries = readZip(zip, fileName!);
  const font = entries.find((e) => e.name.startsWith('fonts/'));
  assert.ok(font, `the package carries the font: ${entries.map((e) => e.name).join(', ')}`);
  assert.ok(font.data.equals(readFileSync(distinctFont(join(s.home)))), 'byte for byte');

  // delete it (with undo), then delete it for good and bring it back from the file
  await tile.click();
  await page.getByTestId('template-delete').click();
  await page.getByTestId('undo-delete-template').click();
  await tile.waitFor();
  await tile.click();
  await page.getByTestId('template-delete').click();
  await tile.waitFor({ state: 'detached' });
  // a file that is not a template is refused with its name
  await dropFiles(page, '[data-testid="template-library"]', [{ name: 'notes.txt', mime: 'text/plain', base64: Buffer.from('hello').toString('base64') }]);
  await page.getByTestId('notice-error').filter({ hasText: '“notes.txt” is not a template file' }).waitFor();
  // the Import button beside the drop area takes the file back
  await page.getByTestId('template-import-file').setInputFiles({ name: fileName!, mimeType: 'application/zip', buffer: zip });
  await tile.waitFor({ timeout: 30_000 });
  const back = await s.studio.dispatch('getTemplate', [id]) as { template: { name: string; style: { caption: { color: string; font: string }; fonts: Array<{ family: string; file: string }> } } };
  assert.equal(back.template.name, 'Octopus channel');
  assert.equal(back.template.style.caption.color, '#FF00FF');
  assert.equal(back.template.style.fonts[0]!.family, 'Reel Serif');
  assert.ok(existsSync(back.template.style.fonts[0]!.file));
  await tile.locator('img[data-testid="template-frame"]').waitFor({ timeout: 30_000 });
  await tile.click();
  await page.getByTestId('template-preview-frame').waitFor({ timeout: 30_000 });
  await s.screenshot('23-template-imported');
  assert.equal(await page.getByTestId('notice-error').filter({ hasText: 'Opening the template' }).count(), 0, 'nothing tried to open the deleted template');
  assert.equal(await page.getByTestId('template-editor').getAttribute('data-template-id'), id, 'the imported template is open');
  assert.deepEqual(s.consoleErrors.filter((e) => !/Failed to load resource/.test(e)), []);
});
