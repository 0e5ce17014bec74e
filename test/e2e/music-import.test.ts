import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { projectSchema } from '../../preload/contract/project';
import { openDocument, openStudio, type Session } from './harness';

let s: Session;
before(async () => {
  s = await openStudio({ worker: false });
});
after(async () => {
  await s?.close();
});

/** Records every text the element with `testId` shows while the page runs, however briefly it is there. */
const watch = (testId: string) =>
  s.page.evaluate((id) => {
    const seen: string[] = [];
    (window as unknown as Record<string, string[]>)[`seen-${id}`] = seen;
    new MutationObserver(() => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      if (el && seen.at(-1) !== el.textContent) seen.push(el.textContent ?? '');
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, testId);
const seen = (testId: string) => s.page.evaluate((id) => (window as unknown as Record<string, string[]>)[`seen-${id}`]!, testId);

test('adding music (or media) shows what is being added, its size and a busy bar until it is in', async () => {
  const { page } = s;
  const doc = projectSchema.parse({
    version: 1,
    title: 'With music',
    settings: { preset: 'shorts-1080', width: 180, height: 320, fps: 15 },
    scenes: [{ narration: 'Hello.', visual: { type: 'color', color: '#204060' }, duration: 1 }],
  });
  await s.studio.dispatch('saveProject', [{ ...doc, id: 'with-music' }]);
  await page.getByTestId('tab-library').click();
  await page.getByTestId('open-project').first().click();
  await page.getByTestId('editor').waitFor();

  // a song of a few MB: read, sent to the studio, copied and probed
  const song = join(s.home, 'Summer song.wav');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'sine=frequency=330:duration=40', '-ac', '2', '-ar', '44100', song]);
  await watch('music-importing');
  await page.getByTestId('music-file-input').setInputFiles(song);
  await page.getByTestId('music-importing').waitFor({ timeout: 10_000 }).then(() => s.screenshot('music-importing-1440')).catch(() => undefined);
  await page.locator('.music-name').waitFor({ timeout: 120_000 });
  const shown = await seen('music-importing');
  assert.ok(shown.length > 0, 'the music lane said something while the file was added');
  assert.match(shown[0]!, /^Adding “Summer song\.wav” \(6\.\d MB\)…/);
  assert.equal(await page.getByTestId('music-importing').count(), 0, 'gone once the music is in');
  assert.match((await openDocument(page)).audio.music!.path, /Summer-song\.wav$/);

  // the media library's Import says the same while it works
  await page.getByTestId('side-media').click().catch(() => undefined);
  await watch('media-importing');
  const clip = join(s.home, 'Beach.png');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=1920x1080', '-frames:v', '1', clip]);
  await page.getByTestId('media-file-input').setInputFiles(clip);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="media-panel"] img')].some((i) => (i as HTMLImageElement).alt === 'Beach.png'), null, { timeout: 60_000 });
  assert.match((await seen('media-importing'))[0]!, /^Adding “Beach\.png” \(\d+ kB\)…/);
  assert.deepEqual(s.consoleErrors, []);
});
