import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../providers/loopback';
import { openStudio } from './harness';

test('Settings → Providers (its own tab): a key typed in its row is kept and never shown; a failed test stays failed after leaving the tab; offline built-ins have no Test button; no environment variables anywhere', async () => {
  const KEY = 'pexels-ui-secret-2718';
  const pexels = await startServer((req) =>
    req.headers.authorization === KEY
      ? { json: { page: 1, per_page: 1, photos: [{ id: 1, width: 10, height: 10, url: 'https://www.pexels.com/photo/x-1/', photographer: 'A', photographer_url: 'u', src: { original: 'o.jpg' } }] } }
      : { status: 401, json: { error: 'Invalid API key' } },
  );
  // the studio passes its environment down to the providers (the loopback server stands in for Pexels)
  const s = await openStudio({ worker: false, env: { REELFORGE_PEXELS_URL: pexels.url, REELFORGE_PEXELS_API_KEY: undefined } });
  try {
    const { page } = s;
    await page.getByTestId('tab-settings').click();
    // General first: providers are not at the bottom of it any more, they have their own tab
    await page.getByTestId('ffmpeg-section').waitFor();
    assert.equal(await page.getByTestId('provider-table').count(), 0);
    await page.getByTestId('settings-tab-providers').click();
    await page.getByTestId('provider-table').waitFor();
    for (const id of ['os-voice', 'elevenlabs', 'pexels', 'pixabay', 'veo', 'heygen', 'd-id', 'anthropic', 'gemini', 'realesrgan']) await page.getByTestId(`provider-${id}`).waitFor();
    const text = await page.getByTestId('providers').innerText();
    assert.doesNotMatch(text, /REELFORGE_|API_KEY|--key-file|environment variable/i, 'no environment-variable talk');
    assert.match(await page.getByTestId('provider-status-pexels').innerText(), /^Needs an API key/);
    assert.match(await page.getByTestId('provider-status-template').innerText(), /✓ Built in — works offline/);
    // nothing to connect to on this machine's own providers; the online ones and local servers can be tested
    for (const id of ['template', 'library', 'os-voice', 'neural', 'realesrgan']) assert.equal(await page.getByTestId(`provider-test-button-${id}`).count(), 0, `${id} has no Test button`);
    assert.equal(await page.getByTestId('provider-test-button-ollama').count(), 1, 'a local server can be tested');
    assert.equal(await page.getByTestId('provider-test-button-pexels').count(), 0, 'nothing to test before a key is given');

    // a wrong key, kept inline (Enter saves it), then a test the service refuses
    await page.getByTestId('provider-key-pexels').fill('wrong-key-1');
    await page.getByTestId('provider-key-pexels').press('Enter');
    await page.getByTestId('provider-status-pexels').getByText(/Key saved on this computer — not tested yet/).waitFor();
    assert.equal(await page.getByTestId('provider-key-pexels').inputValue(), '', 'the field is cleared once the key is kept');
    assert.equal(await page.getByTestId('provider-test-button-elevenlabs').count(), 0);
    await page.getByTestId('provider-test-button-pexels').click();
    await page.getByTestId('provider-status-pexels').getByText(/✗ Last test failed/).waitFor();
    assert.match(await page.getByTestId('provider-test-pexels').innerText(), /401/);
    await s.screenshot('settings-providers-failed-1440');

    // leaving the tab (and the Settings screen, and reloading the page) does not turn it into "ready"
    await page.getByTestId('settings-tab-general').click();
    await page.getByTestId('ffmpeg-section').waitFor();
    await page.getByTestId('settings-tab-providers').click();
    await page.getByTestId('provider-status-pexels').getByText(/✗ Last test failed/).waitFor();
    await page.getByTestId('tab-library').click();
    await page.getByTestId('tab-settings').click();
    await page.getByTestId('settings-tab-providers').click();
    await page.getByTestId('provider-status-pexels').getByText(/✗ Last test failed/).waitFor();
    await page.reload();
    await page.getByTestId('tab-settings').click();
    await page.getByTestId('settings-tab-providers').click();
    const after = await page.getByTestId('provider-status-pexels').innerText();
    assert.match(after, /✗ Last test failed/);
    assert.doesNotMatch(after, /ready|Works/i);

    // the right key replaces it: the old result is forgotten (it said nothing about this key), and its test passes
    await page.getByTestId('provider-key-pexels').fill(KEY);
    await page.getByTestId('provider-pexels').getByRole('button', { name: 'Save key' }).click();
    await page.getByTestId('provider-status-pexels').getByText(/not tested yet/).waitFor();
    await page.getByTestId('provider-test-button-pexels').click();
    await page.getByTestId('provider-status-pexels').getByText(/✓ Works — tested/).waitFor();
    assert.match(await page.getByTestId('provider-test-pexels').innerText(), /^ ?search works \(1 result/);
    assert.ok(!(await page.content()).includes(KEY), 'the key is nowhere on the page');
    await s.screenshot('settings-providers-1440');
    const keyFile = join(s.home, 'keys', 'pexels.key');
    assert.equal(readFileSync(keyFile, 'utf8').trim(), KEY);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.deepEqual(s.consoleErrors, []);
  } finally {
    await s.close();
    await pexels.close();
  }
});

test('Settings → General: encoders as plain choices, jobs at the same time explained, FFmpeg\'s own errors folded under Details', async () => {
  const s = await openStudio({ worker: false });
  try {
    const { page } = s;
    await page.getByTestId('tab-settings').click();
    await page.getByTestId('ffmpeg-found').waitFor({ timeout: 120_000 });
    assert.match(await page.getByTestId('ffmpeg-found').innerText(), /✓ Ready — FFmpeg \d+\.\d+.*Videos are made on the/);
    const options = await page.getByTestId('encoder-preference').locator('option').allInnerTexts();
    assert.match(options[0]!, /^Fastest/);
    assert.ok(options.some((o) => /^Most compatible \(processor\) ✓$/.test(o)), options.join(' | '));
    for (const o of options) assert.doesNotMatch(o, /libx26|nvenc|vaapi|qsv|software|hardware/, `no encoder jargon in "${o}"`);
    // the setting is still the encoder's name underneath (what the queue and the CLI take)
    await page.getByTestId('encoder-preference').selectOption({ label: 'Most compatible (processor) ✓' });
    await page.waitForFunction(() => (window as unknown as { __studio: { getState(): { settings?: { encoder: string } } } }).__studio.getState().settings?.encoder === 'libx264');

    const visible = await page.getByTestId('settings').innerText();
    assert.doesNotMatch(visible, /0x[0-9a-f]{6,}|Cannot load|AVHWDeviceContext|libx264/, 'FFmpeg\'s own words are not on screen until Details is opened');
    assert.doesNotMatch(visible, /At once|CPU renders|GPU renders/);
    assert.match(await page.getByTestId('concurrency-explained').innerText(), /side by side/);
    assert.match(await page.getByTestId('rendering-section').innerText(), /Exports on the processor[\s\S]*Exports on the graphics card[\s\S]*Upscales/);
    await s.screenshot('settings-general-1440');
    await page.getByTestId('ffmpeg-details').locator('summary').click();
    assert.match(await page.getByTestId('encoder-table').innerText(), /libx264\s+processor\s+yes/);
    await s.screenshot('settings-general-details-1440');
    assert.deepEqual(s.consoleErrors, []);
  } finally {
    await s.close();
  }
});
