import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../providers/loopback';
import { openStudio } from './harness';

test('Settings → Providers: every provider with its status; a key pasted in is kept (never shown again) and Test connection makes a real call', async () => {
  const KEY = 'pexels-ui-secret-2718';
  const pexels = await startServer((req) =>
    req.headers.authorization === KEY
      ? { json: { page: 1, per_page: 1, photos: [{ id: 1, width: 10, height: 10, url: 'https://www.pexels.com/photo/x-1/', photographer: 'A', photographer_url: 'u', src: { original: 'o.jpg' } }] } }
      : { status: 401, json: { error: 'Authorization field missing' } },
  );
  // the studio passes its environment down to the providers
  const s = await openStudio({ worker: false, env: { REELFORGE_PEXELS_URL: pexels.url, REELFORGE_PEXELS_API_KEY: undefined } });
  try {
    const { page } = s;
    await page.getByTestId('tab-settings').click();
    await page.getByTestId('provider-table').waitFor();
    for (const id of ['os-voice', 'elevenlabs', 'pexels', 'pixabay', 'veo', 'heygen', 'd-id', 'anthropic', 'gemini', 'realesrgan']) await page.getByTestId(`provider-${id}`).waitFor();
    assert.match(await page.getByTestId('provider-status-pexels').innerText(), /not set up — no API key: set REELFORGE_PEXELS_API_KEY/);
    assert.match(await page.getByTestId('provider-status-template').innerText(), /ready — built in; works offline/);

    await page.getByTestId('provider-test-button-pexels').click();
    assert.match(await page.getByTestId('provider-test-pexels').innerText(), /✗ Pexels has no API key/);

    await page.getByTestId('provider-key-pexels').fill(KEY);
    await page.getByTestId('provider-pexels').getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('provider-status-pexels').getByText(/ready — API key from key file/).waitFor();
    assert.equal(await page.getByTestId('provider-key-pexels').inputValue(), '', 'the field is cleared once the key is kept');
    assert.equal(await page.getByTestId('provider-key-pexels').getAttribute('placeholder'), 'key set');

    await page.getByTestId('provider-test-button-pexels').click();
    await page.getByTestId('provider-test-pexels').getByText(/✓ search works/).waitFor();
    assert.ok(!(await page.content()).includes(KEY), 'the key is nowhere on the page');
    await s.screenshot('providers-settings');
    const keyFile = join(s.home, 'keys', 'pexels.key');
    assert.equal(readFileSync(keyFile, 'utf8').trim(), KEY);
    assert.equal(statSync(keyFile).mode & 0o777, 0o600);
    assert.deepEqual(s.consoleErrors, []);
  } finally {
    await s.close();
    await pexels.close();
  }
});
