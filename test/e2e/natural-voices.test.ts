import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StoredProject, VoiceInfo } from '../../preload/contract/studio-api';
import { tinyKokoroModel } from '../tts/kokoro-test-model';
import { sha256Of, startModelServer, type ModelServer } from '../voices/model-server';
import { openDocument, openStudio, type Session } from './harness';

// The studio's "Natural voices" end to end, in Chromium against the real backend: the model comes
// from a loopback server standing in for its host (a stand-in Kokoro file with the same inputs and
// outputs, and its own SHA-256), then the natural voices are picked, sampled, and a project made
// with one is re-voiced from the editor.

const model = Buffer.from(tinyKokoroModel());
let server: ModelServer;
let s: Session;

before(async () => {
  server = await startModelServer(model, { chunks: 8, gapMs: 120 });
  s = await openStudio({ voiceModel: { url: server.url, sha256: sha256Of(model), bytes: model.length } });
});
after(async () => {
  await s?.close();
  await server?.close();
});

const store = <T>(fn: string) => s.page.evaluate(`(${fn})(window.__studio.getState())`) as Promise<T>;
const scenesVoices = (p: StoredProject) => p.scenes.map((x) => x.voice);

test('Natural voices: one click downloads them (progress, pause, resume), they come first with ▶ by that voice; a project made with one is shown and re-voiced from the editor as one undo step', async () => {
  const { page } = s;
  await page.getByTestId('library').waitFor();

  // Settings: the entry is there; a file that is not the model is refused by its name, no path
  await page.getByTestId('tab-settings').click();
  const settings = page.getByTestId('settings-natural');
  await settings.waitFor();
  assert.equal(await settings.getAttribute('data-phase'), 'absent');
  const junk = join(s.home, 'holiday.onnx');
  writeFileSync(junk, 'these are holiday photos, not a model');
  await page.getByTestId('settings-natural-file').setInputFiles(junk);
  const refusal = page.getByTestId('notice-error');
  await refusal.waitFor();
  const refused = await refusal.innerText();
  assert.match(refused, /“holiday\.onnx” is not the natural voices’ model: it does not open as an ONNX model\. Choose the Kokoro-82M v1\.0 \.onnx file\./);
  await settings.scrollIntoViewIfNeeded();
  await s.screenshot('natural-01-settings-absent');
  // the natural voice's row in Settings → Providers (its own tab) says the same, in the same words
  await page.getByTestId('settings-tab-providers').click();
  const row = await page.getByTestId('provider-status-neural').innerText();
  await page.getByTestId('settings-tab-general').click();
  const ui = `${await settings.innerText()}\n${refused}\n${row}`;
  assert.doesNotMatch(ui, /reelforge|models pull|\/tmp\/|\/home\/|\.imports/, `no terminal command and no path where the natural voices are spoken of: ${ui}`);
  await page.locator('.notice button').first().click();

  // New video: the picker offers the natural voices' download beside the voice
  await page.getByTestId('tab-create').click();
  const entry = page.getByTestId('new-voice-natural');
  await entry.waitFor();
  const half = Math.floor(model.length / 2);
  server.holdAt(half);
  await page.getByTestId('new-voice-natural-download').click();
  await page.waitForFunction((n) => document.querySelector('[data-testid="new-voice-natural"]')?.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow') === String(n), half);
  const during = await page.getByTestId('new-voice-natural-progress').innerText();
  assert.match(during, /^\d+ bytes of [\d.]+ KB · \d+ bytes\/s · about \d+ (s|min) left$/, `bytes, speed and time left: ${during}`);
  await s.screenshot('natural-02-downloading');

  await page.getByTestId('new-voice-natural-pause').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="new-voice-natural"]')?.getAttribute('data-phase') === 'paused');
  assert.match(await page.getByTestId('new-voice-natural-progress').innerText(), /^Paused at \d+ bytes of [\d.]+ KB$/);
  await s.screenshot('natural-03-paused');
  await page.getByTestId('new-voice-natural-resume').click();
  // installed: the entry goes away and the natural voices are offered, first
  await page.getByTestId('new-voice-natural').waitFor({ state: 'detached', timeout: 60_000 });
  // the picker lists the voices again as soon as the model is in
  await page.waitForFunction(() => (document.querySelector('[data-testid="new-voice-select"] optgroup option') as HTMLOptionElement | null)?.disabled === false);
  assert.deepEqual(server.log.at(-1), { range: `bytes=${half}-`, status: 206 }, 'resume fetched only the rest');
  const groups = await page.locator('[data-testid="new-voice-select"] optgroup').evaluateAll((gs) => gs.map((g) => ({ label: g.getAttribute('label'), disabled: (g.querySelector('option') as HTMLOptionElement).disabled })));
  assert.equal(groups[0]!.label, 'English (US) — Natural', JSON.stringify(groups));
  assert.equal(groups[0]!.disabled, false, 'offered now');
  await page.getByTestId('new-voice-select').selectOption('neural:af_heart');
  await page.getByTestId('new-voice-play').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="new-voice-play"]')?.getAttribute('data-state') !== 'loading');
  const samples = join(s.home, 'previews', 'voice-samples');
  const spoken = readdirSync(samples, { recursive: true }).map(String).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(join(samples, f), 'utf8')).voiceId as string);
  assert.deepEqual(spoken, ['neural:af_heart'], '▶ is spoken by Heart herself');
  await s.screenshot('natural-04-installed-picker');

  // a project made with Heart: the editor shows Heart as its voice, not "Best voice…"
  await page.getByTestId('new-title').fill('Octopus facts');
  await page.getByTestId('new-script').fill(['Octopuses have three hearts.', 'Their blood is blue.', 'They can taste with their arms.'].join('\n\n'));
  await page.getByTestId('create-video').click();
  await page.getByTestId('editor').waitFor({ timeout: 120_000 });
  const made = await openDocument(page);
  assert.equal(made.audio.voice, 'neural:af_heart');
  assert.deepEqual(scenesVoices(made), ['neural:af_heart', 'neural:af_heart', 'neural:af_heart'], 'the project records each scene’s voice');
  await page.keyboard.press('Escape');
  const projectVoice = page.getByTestId('project-voice-select');
  assert.equal(await projectVoice.inputValue(), 'neural:af_heart');
  assert.match(await projectVoice.locator('option:checked').innerText(), /^Heart/);
  await s.screenshot('natural-05-editor-voice');

  // another voice for the video: every scene spoken again with progress, one undo brings Heart back
  const voices = await store<VoiceInfo[]>('(st) => st.voices');
  const other = voices.find((v) => v.kind === 'robotic' && v.id !== 'espeak-ng:en-us' && /^en/.test(v.language))!.id;
  await projectVoice.selectOption('espeak-ng:en-us');
  await page.getByTestId('project-voice-progress').waitFor();
  await s.screenshot('natural-06-revoicing');
  await page.getByTestId('project-voice-progress').waitFor({ state: 'detached', timeout: 60_000 });
  const revoiced = await openDocument(page);
  assert.equal(revoiced.audio.voice, 'espeak-ng:en-us');
  assert.deepEqual(scenesVoices(revoiced), ['espeak-ng:en-us', 'espeak-ng:en-us', 'espeak-ng:en-us']);
  for (const [i, scene] of revoiced.scenes.entries()) assert.notEqual(scene.audio, made.scenes[i]!.audio, `scene ${i + 1} spoken again`);
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.press('Control+z');
  const undone = await openDocument(page);
  assert.equal(undone.audio.voice, 'neural:af_heart', 'one undo: the old voice');
  assert.deepEqual(undone.scenes.map((x) => x.audio), made.scenes.map((x) => x.audio), 'and every scene’s old narration, in the same step');
  await page.keyboard.press('Control+Shift+z');

  // one scene in another voice, from the scene inspector: only that scene changes
  await page.getByTestId('clip').nth(1).click({ position: { x: 10, y: 20 } });
  const sceneVoice = page.getByTestId('scene-voice-select');
  assert.equal(await sceneVoice.inputValue(), 'espeak-ng:en-us', 'the scene shows the voice it was spoken with');
  await sceneVoice.selectOption(other);
  await page.waitForFunction((v) => (window as unknown as { __studio: { getState(): { history: { present: StoredProject } } } }).__studio.getState().history.present.scenes[1]!.voice === v, other, { timeout: 60_000 });
  const mixed = await openDocument(page);
  assert.deepEqual(scenesVoices(mixed), ['espeak-ng:en-us', other, 'espeak-ng:en-us']);
  assert.equal(mixed.audio.voice, 'espeak-ng:en-us', 'the video’s voice stays');
  assert.notEqual(mixed.scenes[1]!.audio, revoiced.scenes[1]!.audio);
  assert.equal(mixed.scenes[0]!.audio, revoiced.scenes[0]!.audio, 'the other scenes are not spoken again');
  await s.screenshot('natural-07-scene-voice');

  // Settings says the natural voices are installed
  await page.getByTestId('tab-settings').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="settings-natural"]')?.getAttribute('data-phase') === 'installed');
  assert.match(await page.getByTestId('settings-natural').innerText(), /Natural voices are installed on this computer \(downloaded/);
  await page.getByTestId('settings-natural').scrollIntoViewIfNeeded();
  await s.screenshot('natural-08-settings-installed');
  assert.deepEqual(s.consoleErrors.filter((e) => !/Failed to load resource/.test(e)), []);
});
