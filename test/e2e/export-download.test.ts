import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { projectSchema } from '../../preload/contract/project';
import { openStudio, type Session } from './harness';

let s: Session;
before(async () => {
  s = await openStudio({ worker: true });
});
after(async () => {
  await s?.close();
});

test('export in a browser: a file name, an estimate, then the video downloads; the queue shows it with a thumbnail, its length and size, and plays it', async () => {
  const page = s.page;
  const doc = projectSchema.parse({
    version: 1,
    title: 'Coffee: the whole story?',
    settings: { preset: 'shorts-1080', width: 180, height: 320, fps: 15 },
    scenes: [
      { narration: 'Coffee first.', visual: { type: 'gradient', from: '#3A2418', to: '#D9A066' }, duration: 1 },
      { narration: 'Then the rest.', visual: { type: 'color', color: '#204060' }, duration: 1 },
    ],
  });
  await s.studio.dispatch('saveProject', [{ ...doc, id: 'coffee' }]);
  await page.getByTestId('tab-library').click();
  await page.getByTestId('open-project').first().click();
  await page.getByTestId('editor').waitFor();
  await page.getByTestId('export').click();
  await page.getByTestId('export-dialog').waitFor();
  // the title, made a file name: the characters file systems refuse are gone
  assert.equal(await page.getByTestId('export-name').inputValue(), 'Coffee the whole story');
  assert.match(await page.getByTestId('export-size').innerText(), /^\d+(\.\d)? (kB|MB)$/);
  assert.match(await page.getByTestId('export-download-note').innerText(), /downloads to this computer/);
  assert.equal(await page.getByTestId('export-browse').count(), 0, 'no Browse in a browser: there is no folder dialog');
  await page.getByTestId('export-name').fill('bad/name');
  assert.equal(await page.getByTestId('export-start').isDisabled(), true, 'a name with a slash is refused before anything is queued');
  await page.getByTestId('export-name').fill('My first video');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="export-encoder"] option')].some((o) => (o as HTMLOptionElement).value === 'libx264'), null, { timeout: 60_000 });
  await page.getByTestId('export-encoder').selectOption('libx264');
  await s.screenshot('export-01-dialog-1440');
  await page.setViewportSize({ width: 1280, height: 720 });
  await s.screenshot('export-02-dialog-1280');
  await page.setViewportSize({ width: 1440, height: 900 });

  const download = page.waitForEvent('download', { timeout: 180_000 });
  await page.getByTestId('export-start').click();
  const file = await download;
  assert.equal(file.suggestedFilename(), 'My first video.mp4');
  const saved = join(s.home, 'downloaded.mp4');
  await file.saveAs(saved);
  const probe = JSON.parse(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,width,height:format=duration', '-of', 'json', saved], { encoding: 'utf8' }));
  assert.deepEqual(probe.streams.find((x: { codec_type: string }) => x.codec_type === 'video') && [probe.streams[0].width, probe.streams[0].height], [180, 320]);
  // two one-second scenes, the transition between them overlapping
  assert.ok(Number(probe.format.duration) > 1.2 && Number(probe.format.duration) <= 2.1, `the downloaded video lasts ${probe.format.duration} s`);

  // the queue: the file under its name, a thumbnail, its length and size
  const row = page.locator('[data-testid="job"][data-kind="render"]').first();
  assert.equal(await row.getByTestId('job-file-name').innerText(), 'My first video.mp4');
  // a browser gets the file as a download: the queue names it, the folder it sits in on the studio's machine is only a tooltip
  assert.doesNotMatch(await row.innerText(), /[\\/][^\s]*[\\/]My first video\.mp4/, 'no absolute path in the browser queue');
  assert.match((await row.getByTestId('job-file-name').getAttribute('title'))!, /^\/.*\/My first video\.mp4$/);
  await page.waitForFunction(() => {
    const img = document.querySelector('[data-testid="job-thumb"] img') as HTMLImageElement | null;
    return !!img && img.complete && img.naturalWidth > 0;
  }, null, { timeout: 30_000 });
  assert.match(await row.getByTestId('job-output-facts').innerText(), /^1\.[45] s · \d+(\.\d)? kB · 180×320$/);
  assert.equal(await row.getByTestId('job-download').getAttribute('download'), 'My first video.mp4');
  await page.waitForTimeout(300); // the progress bar's transition, before the picture
  await s.screenshot('export-03-queue-1440');
  await page.setViewportSize({ width: 1280, height: 720 });
  await s.screenshot('export-04-queue-1280');
  await page.setViewportSize({ width: 1440, height: 900 });

  // Play: the studio's own player
  await row.getByTestId('job-play').click();
  await page.waitForFunction(() => {
    const v = document.querySelector('[data-testid="player-video"]') as HTMLVideoElement | null;
    return !!v && v.readyState >= 1 && v.duration > 1.2;
  }, null, { timeout: 30_000 });
  await s.screenshot('export-05-player-1440');
  await page.getByTestId('player-close').click();
  assert.equal(await page.getByTestId('player').count(), 0);

  // the next export's time is estimated from this one
  await page.getByTestId('tab-editor').click();
  await page.getByTestId('export').click();
  await page.waitForFunction(() => /^\d+(\.\d)? s$|min/.test(document.querySelector('[data-testid="export-time"]')?.textContent ?? ''), null, { timeout: 30_000 });
  await page.getByTestId('export-cancel').click();
});
