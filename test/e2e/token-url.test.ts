import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openStudio } from './harness';

test('the bridge token leaves the address bar once the page has it and survives a reload', async (t) => {
  const s = await openStudio();
  t.after(() => s.close());
  const { page, server } = s;
  await page.getByTestId('tab-library').waitFor();
  assert.doesNotMatch(page.url(), /token/, 'no token in the page URL after load');
  assert.equal(await page.evaluate(() => location.href.includes('token')), false);

  // a reload keeps working from the tab's session storage
  await page.reload();
  await page.getByTestId('tab-library').waitFor();
  assert.doesNotMatch(page.url(), /token/);

  // nothing on the page shows the token (media URLs carry the derived media key; see bridge-hostile.test.ts)
  assert.ok(!(await page.content()).includes(server.token), 'the token appears nowhere in the page');
  assert.deepEqual(s.consoleErrors, []);
});
