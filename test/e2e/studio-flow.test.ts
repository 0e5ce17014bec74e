import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dropFiles, pointerDrag } from './dom-drop';
import { createProjectThroughUi, openStudio, type Session } from './harness';

let s: Session;
before(async () => {
  s = await openStudio();
});
after(async () => {
  await s?.close();
});

const clipTexts = () => s.page.locator('[data-testid="clip"] .clip-text').allInnerTexts();

function tinyPng(): string {
  const out = join(s.home, 'red.png');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'color=c=red:s=64x64', '-frames:v', '1', '-y', out]);
  return readFileSync(out).toString('base64');
}

async function shrinkProject() {
  const page = s.page;
  // nothing selected: the inspector shows the project, where the size overrides live
  await page.keyboard.press('Escape');
  for (const [k, v] of [['width', '270'], ['height', '480'], ['fps', '15']] as const) {
    await page.getByTestId(`project-${k}`).fill(v);
    await page.getByTestId(`project-${k}`).press('Enter');
  }
  const n = await page.getByTestId('clip').count();
  // the voiced scenes fit their narration; fixed one-second scenes keep the renders below quick
  for (let i = 0; i < n; i++) {
    await page.getByTestId('clip').nth(i).click({ position: { x: 10, y: 20 } });
    await page.getByTestId('scene-fit').uncheck();
    await page.getByTestId('scene-duration').fill('1');
  }
  await page.keyboard.press('Escape');
}

test('make a project from a script, reorder by dragging, undo/redo, drop a template and media', async () => {
  const page = s.page;
  await page.getByTestId('library').waitFor();
  await s.screenshot('01-library-empty');
  await createProjectThroughUi(page, 'Octopus facts');
  assert.deepEqual(await clipTexts(), ['Octopuses have three hearts.', 'Their blood is blue.', 'They can taste with their arms.']);
  await shrinkProject();

  // drag the first clip past the middle of the second
  const first = (await page.getByTestId('clip').nth(0).boundingBox())!;
  const second = (await page.getByTestId('clip').nth(1).boundingBox())!;
  await pointerDrag(page, { x: first.x + first.width / 2, y: first.y + 30 }, { x: second.x + second.width * 0.9, y: second.y + 30 });
  assert.deepEqual(await clipTexts(), ['Their blood is blue.', 'Octopuses have three hearts.', 'They can taste with their arms.']);

  await page.keyboard.press('Control+z');
  assert.equal((await clipTexts())[0], 'Octopuses have three hearts.');
  await page.keyboard.press('Control+Shift+z');
  assert.equal((await clipTexts())[0], 'Their blood is blue.');

  // trim by dragging the right edge of the last clip
  const last = page.getByTestId('clip').nth(2);
  const box = (await last.boundingBox())!;
  // one second's worth of pixels at the timeline's zoom
  const zoom = await page.evaluate(() => (window as any).__studio.getState().zoom as number);
  await pointerDrag(page, { x: box.x + box.width - 3, y: box.y + 20 }, { x: box.x + box.width - 3 + zoom, y: box.y + 20 }, 5);
  const trimmed = await page.evaluate(() => (window as any).__studio.getState().history.present.scenes[2].duration);
  assert.ok(trimmed > 1.5 && trimmed < 2.5, `trimmed to ${trimmed}`);
  await page.getByTestId('scene-duration').fill('1');

  // drop a template from the gallery onto the timeline
  await page.getByTestId('side-templates').click();
  await page.locator('[data-template-id="neon-night"]').dragTo(page.getByTestId('timeline'));
  await page.getByText('Template applied: Neon Night').waitFor();
  assert.equal(await page.evaluate(() => (window as any).__studio.getState().history.present.template), 'neon-night');

  // a picture dropped from the OS onto the second scene becomes its visual
  await dropFiles(page, '[data-testid="clip"][data-index="1"]', [{ name: 'red.png', mime: 'image/png', base64: tinyPng() }]);
  await page.locator('[data-testid="clip"][data-index="1"] img.thumb').waitFor();
  const naturalWidth = await page.locator('[data-testid="clip"][data-index="1"] img.thumb').evaluate((img: HTMLImageElement) => img.decode().then(() => img.naturalWidth));
  assert.equal(naturalWidth, 64, 'the thumbnail is served through the bridge');
  // ... and dropped at the left edge of a clip, inserts a new scene before it
  await dropFiles(page, '[data-testid="clip"][data-index="0"]', [{ name: 'red-again.png', mime: 'image/png', base64: tinyPng() }], 'left-edge');
  await page.getByTestId('clip').nth(3).waitFor();
  assert.equal(await page.getByTestId('clip').count(), 4);
  await page.keyboard.press('Control+z');
  assert.equal(await page.getByTestId('clip').count(), 3);
  await page.getByTestId('clip').nth(1).click({ position: { x: 10, y: 20 } });
  await s.screenshot('02-editor');
});

test('a bad media file shows a clear message', async () => {
  const page = s.page;
  await dropFiles(page, '[data-testid="clip"][data-index="0"]', [{ name: 'holiday.png', mime: 'image/png', base64: Buffer.from('this is not a picture at all').toString('base64') }]);
  const alert = page.getByTestId('notice-error');
  await alert.waitFor();
  const text = await alert.innerText();
  assert.match(text, /holiday\.png/);
  assert.match(text, /not an image, video or sound file/);
  await s.screenshot('03-bad-media');
  await alert.getByRole('button', { name: 'Dismiss' }).click();
});

test('preview the selected scene through the real pipeline', async () => {
  const page = s.page;
  await page.getByTestId('clip').nth(0).click({ position: { x: 10, y: 20 } });
  await page.getByTestId('preview-scene').click();
  const video = page.getByTestId('preview-video');
  await video.waitFor({ timeout: 60_000 });
  const duration = await video.evaluate((v: HTMLVideoElement) =>
    v.readyState >= 1 ? v.duration : new Promise<number>((res, rej) => { v.onloadedmetadata = () => res(v.duration); v.onerror = () => rej(new Error(`video error ${v.error?.code}`)); }),
  );
  assert.ok(duration > 0.5 && duration < 2, `preview lasts ${duration} s`);
  await s.screenshot('04-preview');
});

test('render: the progress bar reaches 100 % and ffprobe accepts the output', async () => {
  const page = s.page;
  await page.getByTestId('export').click();
  await page.getByTestId('export-start').click();
  await page.getByTestId('queue').waitFor();
  const job = page.getByTestId('job').first();
  await job.waitFor();
  // a failed render ends the wait too, and its message is the assertion's
  await page.waitForFunction(() => ['completed', 'failed'].includes(document.querySelector('[data-testid="job"]')?.getAttribute('data-state') ?? ''), null, { timeout: 120_000 });
  assert.equal(await job.getAttribute('data-state'), 'completed', await job.innerText());
  assert.equal(await job.getByTestId('job-progress').getAttribute('aria-valuenow'), '100');
  await page.waitForTimeout(300); // let the bar's width transition finish before the picture
  await s.screenshot('05-queue-done');
  const jobs = await page.evaluate(() => Object.values((window as any).__studio.getState().jobs) as Array<{ kind: string; output?: string }>);
  const output = jobs.find((j) => j.kind === 'render')?.output;
  assert.ok(output && existsSync(output), `output ${output} exists`);
  const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', output]).toString());
  const v = probe.streams.find((x: { codec_type: string }) => x.codec_type === 'video');
  assert.equal(v.width, 270);
  assert.equal(v.height, 480);
  // three 1 s scenes, overlapped by the template's crossfades
  const d = Number(probe.format.duration);
  assert.ok(d > 1.5 && d <= 3.1, `duration ${d}`);
});

test('cancel a render: it ends cancelled, with no error shown', async () => {
  const page = s.page;
  await page.getByTestId('tab-editor').click();
  // a long first scene, so the render is still running when Cancel is pressed
  await page.getByTestId('clip').nth(0).click({ position: { x: 10, y: 20 } });
  await page.getByTestId('scene-duration').fill('120');
  await page.getByTestId('export').click();
  await page.getByTestId('export-start').click();
  await page.getByTestId('queue').waitFor();
  const job = page.locator('[data-testid="job"]').first();
  await page.waitForFunction(() => document.querySelector('[data-testid="job"]')?.getAttribute('data-state') === 'active', null, { timeout: 60_000 });
  await job.getByTestId('job-cancel').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="job"]')?.getAttribute('data-state') === 'cancelled', null, { timeout: 30_000 });
  assert.equal(await page.getByTestId('notice-error').count(), 0);
  await job.getByTestId('job-retry').waitFor();
  await s.screenshot('06-queue-cancelled');
});

test('settings show the detected FFmpeg and its encoders', async () => {
  const page = s.page;
  await page.getByTestId('tab-settings').click();
  await page.getByTestId('ffmpeg-found').waitFor({ timeout: 60_000 });
  assert.match(await page.getByTestId('ffmpeg-found').innerText(), /Videos are made on the/);
  // the encoder table is FFmpeg's own words: folded under Details
  await page.getByTestId('ffmpeg-details').locator('summary').click();
  assert.match(await page.getByTestId('encoder-table').innerText(), /libx264/);
  await s.screenshot('07-settings');
  assert.deepEqual(s.consoleErrors, []);
});
