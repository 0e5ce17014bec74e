import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { openDocument, openStudio, type Session } from './harness';
import { captionInk, spokenColour } from '../captions/highlight-pixels';

// The creator's whole path, through the UI only: script → voice and template → Create (a voiced
// project) → re-voice an edited scene → a picture from the media panel onto a scene → export;
// then the file is checked as a viewer would notice: loudness, length, captions on screen.

let s: Session;
before(async () => {
  s = await openStudio();
});
after(async () => {
  await s?.close();
});

const script = [
  'Octopuses have three hearts.',
  'Their blood is blue because it carries copper.',
  'They can taste with their arms.',
].join('\n\n');

const probeJson = (file: string) => JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', file]).toString());
const seconds = (file: string) => Number(probeJson(file).format.duration);

/** ffmpeg writes its log to stderr: run it and keep that. */
const stderrOf = (args: string[]) => spawnSync('ffmpeg', args, { encoding: 'utf8' }).stderr;

/** Integrated loudness by FFmpeg's EBU R128 meter. */
function lufs(file: string): number {
  const out = stderrOf(['-hide_banner', '-nostats', '-i', file, '-filter_complex', 'ebur128', '-f', 'null', '-']);
  return Number(/I:\s+(-?[\d.]+) LUFS/.exec(out.slice(out.lastIndexOf('Summary')))?.[1]);
}

/** RGB pixels of one frame at `t` seconds. */
function frameAt(file: string, t: number, w: number, h: number): Buffer {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-ss', String(t), '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-']);
  assert.equal(raw.length, w * h * 3);
  return raw;
}

test('script → voiced project → re-voiced edit → media onto a scene → export: loud, long and captioned as it should be', async () => {
  const page = s.page;
  await page.getByTestId('library').waitFor();
  await s.screenshot('10-projects-empty');

  // New video: the template cards show real rendered frames, not swatches
  await page.getByTestId('new-video-button').click();
  await page.getByTestId('new-video').waitFor();
  const templates = await page.getByTestId('template-option').count();
  assert.ok(templates >= 5, `${templates} templates`);
  await page.waitForFunction((n) => document.querySelectorAll('img[data-testid="template-frame"]').length === n, templates, { timeout: 60_000 });
  const frameWidth = await page.locator('img[data-testid="template-frame"]').first().evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth));
  assert.ok(frameWidth > 100, 'a rendered frame, served through the bridge');
  // New video starts in each template's own format, and every card shows its whole frame (a wide
  // or square frame in a tall box was cropped, its sample caption cut off)
  assert.equal(await page.getByTestId('format-template').getAttribute('aria-checked'), 'true', 'the template’s own format until the user picks one');
  const cards = await page.locator('[data-testid="template-option"]').evaluateAll((els) =>
    Promise.all(els.map(async (el) => {
      const img = el.querySelector('img') as HTMLImageElement;
      await img.decode();
      return { id: el.getAttribute('data-template-id'), frame: img.naturalWidth / img.naturalHeight, box: img.clientWidth / img.clientHeight, fit: getComputedStyle(img).objectFit };
    })));
  for (const c of cards) assert.ok(Math.abs(c.box / c.frame - 1) < 0.03 || c.fit === 'contain', `${c.id}: its ${c.frame.toFixed(2)}:1 frame is cropped to a ${c.box.toFixed(2)}:1 card`);
  const square = cards.find((c) => c.id === 'minimal-quote');
  assert.ok(square && Math.abs(square.frame - 1) < 0.01, `minimal-quote’s card is drawn in its own square format (${square?.frame})`);

  await page.getByTestId('new-script').fill(script);
  await page.locator('[data-testid="template-option"][data-template-id="bold-shorts"]').click();
  await page.getByTestId('new-voice-select').selectOption('espeak-ng:en-us');
  await page.getByTestId('new-voice-play').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="new-voice-play"]')?.getAttribute('data-state') !== 'loading');
  assert.ok(readdirSync(join(s.home, 'previews', 'voice-samples'), { recursive: true }).some((f) => String(f).endsWith('.wav')), 'the sample was spoken');
  await page.getByTestId('format-shorts').click();
  await s.screenshot('11-new-video');

  await page.getByTestId('create-video').click();
  await page.getByTestId('make-progress').waitFor();
  await s.screenshot('12-making');
  await page.getByTestId('editor').waitFor({ timeout: 120_000 });

  // every scene is voiced: narration audio, word timings, a length that fits it
  const made = await openDocument(page);
  assert.equal(made.scenes.length, 3);
  for (const scene of made.scenes) {
    assert.equal(scene.duration, 'fit');
    assert.ok(scene.audio && existsSync(scene.audio), `narration ${scene.audio}`);
    assert.ok((scene.words?.length ?? 0) >= 4);
  }
  assert.equal(made.template, 'bold-shorts');

  // small frames keep the export quick (the project's size overrides)
  await page.keyboard.press('Escape');
  for (const [k, v] of [['width', '270'], ['height', '480'], ['fps', '15']] as const) {
    await page.getByTestId(`project-${k}`).fill(v);
    await page.getByTestId(`project-${k}`).press('Enter');
  }

  // editing a scene's narration speaks it again, and the captions' words follow
  await page.getByTestId('clip').nth(1).click({ position: { x: 10, y: 20 } });
  await page.getByTestId('scene-narration').fill('Their blood is blue, and it carries copper instead of iron.');
  await page.waitForFunction(() => document.querySelector('[data-testid="voice-state"]')?.getAttribute('data-state') === 'voicing');
  await page.waitForFunction(() => document.querySelector('[data-testid="voice-state"]')?.getAttribute('data-state') === 'voiced', null, { timeout: 60_000 });
  const revoiced = (await openDocument(page)).scenes[1]!;
  assert.notEqual(revoiced.audio, made.scenes[1]!.audio, 'new narration audio');
  assert.deepEqual(revoiced.words!.map((w) => w.text.replace(/[^\w]/g, '')), ['Their', 'blood', 'is', 'blue', 'and', 'it', 'carries', 'copper', 'instead', 'of', 'iron']);
  assert.ok(seconds(revoiced.audio!) > seconds(made.scenes[1]!.audio!), 'the longer text is spoken for longer');

  // the scene's preview plays with its sound, and the playhead follows it along the timeline
  await page.getByTestId('preview-scene').click();
  const player = page.getByTestId('preview-video');
  await player.waitFor({ timeout: 60_000 });
  assert.equal(await player.evaluate((v: HTMLVideoElement) => v.muted), false);
  const previewPath = await page.evaluate(() => (window as unknown as { __studio: { getState(): { preview: { path: string } } } }).__studio.getState().preview.path);
  assert.ok(probeJson(previewPath).streams.some((x: { codec_type: string }) => x.codec_type === 'audio'), 'the preview has sound');
  const sceneStart = seconds(made.scenes[0]!.audio!) + made.scenes[0]!.padding;
  await page.waitForFunction((t) => Number(document.querySelector('[data-testid="playhead"]')?.getAttribute('data-seconds') ?? -1) > t, sceneStart + 0.3, { timeout: 30_000 });
  await s.screenshot('13-editor-revoiced');

  // a picture imported with the media panel's button, then dragged onto the first scene
  const png = join(s.home, 'reef.png');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'color=c=0x2080C0:s=320x240', '-frames:v', '1', '-y', png]);
  await page.getByTestId('media-file-input').setInputFiles(png);
  const tile = page.locator('[data-testid="media-item"][data-media-name="reef.png"]');
  await tile.waitFor();
  await tile.dragTo(page.getByTestId('clip').nth(0));
  await page.locator('[data-testid="clip"][data-index="0"] img.thumb').waitFor();
  const withPicture = await openDocument(page);
  assert.equal(withPicture.scenes[0]!.visual.type, 'image');
  assert.equal(withPicture.scenes.length, 3, 'dropped on the scene, not between scenes');
  await page.getByTestId('clip').nth(0).click({ position: { x: 10, y: 20 } });
  await page.getByTestId('visual-zoom-to').fill('1.3');
  await page.waitForFunction(() => document.querySelector('[data-testid="save-state"]')?.getAttribute('data-state') === 'saved', null, { timeout: 10_000 });
  await s.screenshot('14-editor-media');

  // export: captions burned and as files, libx264; in a browser it goes to the renders folder and downloads
  const folder = join(s.home, 'renders');
  await page.getByTestId('export').click();
  await page.getByTestId('export-dialog').waitFor();
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="export-encoder"] option')].some((o) => (o as HTMLOptionElement).value === 'libx264'), null, { timeout: 60_000 });
  await page.getByTestId('export-encoder').selectOption('libx264');
  await page.getByTestId('export-captions-both').check();
  await s.screenshot('15-export-dialog');
  await page.getByTestId('export-start').click();
  await page.getByTestId('queue').waitFor();
  const job = page.locator('[data-testid="job"][data-kind="render"]').first();
  await page.waitForFunction(() => document.querySelector('[data-testid="job"][data-kind="render"]')?.getAttribute('data-state') === 'completed', null, { timeout: 180_000 });
  // in a browser the finished video is a download (the app shows it in the file manager instead)
  await job.getByTestId('job-download').waitFor();
  assert.equal(await job.getByTestId('job-download').innerText(), 'Download');
  await page.waitForTimeout(300); // the progress bar's width transition, before the picture
  await s.screenshot('16-queue-done');

  const output = readdirSync(folder).find((f) => f.endsWith('.mp4'));
  assert.ok(output, `a video in ${folder}: ${readdirSync(folder).join(', ')}`);
  const file = join(folder, output);
  assert.ok(existsSync(file.replace(/\.mp4$/, '.srt')), 'caption file beside it');
  const probe = probeJson(file);
  const video = probe.streams.find((x: { codec_type: string }) => x.codec_type === 'video');
  assert.deepEqual([video.width, video.height], [270, 480]);
  assert.ok(probe.streams.some((x: { codec_type: string }) => x.codec_type === 'audio'), 'it has sound');

  // loudness: the −14 LUFS target of short-form platforms
  const loudness = lufs(file);
  assert.ok(Math.abs(loudness + 14) <= 1, `integrated loudness ${loudness} LUFS`);

  // length: each scene's narration plus its padding (transitions overlap exactly their halves)
  const doc = await openDocument(page);
  const narration = doc.scenes.reduce((t, sc) => t + seconds(sc.audio!) + sc.padding, 0);
  const length = Number(probe.format.duration);
  assert.ok(Math.abs(length - narration) < 0.25, `video ${length.toFixed(2)} s, narration with padding ${narration.toFixed(2)} s`);

  // a caption is on screen: mid-narration of the re-voiced scene, its spoken word in the project
  // style's highlight colour (bold-shorts' own), the rest of its page in the text colour beside it,
  // found by colour wherever the layout puts the caption
  const start = seconds(doc.scenes[0]!.audio!) + doc.scenes[0]!.padding;
  const mid = revoiced.words![4]!;
  const raw = frameAt(file, start + (mid.start + mid.end) / 2, 270, 480);
  const ink = captionInk(raw, 270, doc.style.caption);
  assert.ok(ink.rest > 150, `caption text in the frame (${ink.rest} pixels of ${doc.style.caption.color})`);
  assert.ok(ink.lit > 30, `the spoken word highlighted (${ink.lit} pixels of ${spokenColour(doc.style.caption)})`);
  assert.ok(stderrOf(['-v', 'error', '-i', file, '-f', 'null', '-']).trim() === '', 'the file decodes cleanly');
});

test('settings and projects screens', async () => {
  const page = s.page;
  await page.getByTestId('tab-settings').click();
  await page.getByTestId('ffmpeg-found').waitFor({ timeout: 60_000 });
  await s.screenshot('17-settings');
  await page.getByTestId('tab-library').click();
  await page.getByTestId('project-card').first().waitFor();
  await s.screenshot('18-projects');
  assert.deepEqual(s.consoleErrors, []);
});
