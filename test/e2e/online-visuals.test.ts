import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { getProject, listProjects } from '../../main/store/projects';
import { openHomeDatabase } from '../../main/store/open-database';
import { startServer, type Seen } from '../providers/loopback';
import { createProjectThroughUi, openStudio } from './harness';

const VEO = '/v1beta/models/veo-3.0-generate-001';

test('scene inspector: "Generate clip from prompt" with a Veo key set up; the avatar choice says what to set up; the render makes the clip once and the project learns it', async (t) => {
  const clipFile = join(process.env.TMPDIR ?? '/tmp', `rf-e2e-veo-${process.pid}.mp4`);
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=270x480:r=25:d=4', '-pix_fmt', 'yuv420p', clipFile]);
  const clip = readFileSync(clipFile);
  let base = '';
  const veo = await startServer((req: Seen) => {
    if (req.path === `${VEO}:predictLongRunning`) return { json: { name: 'models/veo-3.0-generate-001/operations/ui-1' } };
    if (req.path === `${VEO}/operations/ui-1`) return { json: { name: 'x', done: true, response: { generateVideoResponse: { generatedSamples: [{ video: { uri: `${base}/files/ui-1.mp4` } }] } } } };
    if (req.path === '/files/ui-1.mp4') return { file: clip };
    return { status: 404, json: {} };
  });
  base = veo.url;
  t.after(() => veo.close());
  // the studio hands its environment to the providers
  const s = await openStudio({ env: { REELFORGE_VEO_API_KEY: 'veo-ui-key-5550001', REELFORGE_VEO_URL: veo.url, REELFORGE_HEYGEN_API_KEY: undefined, REELFORGE_D_ID_API_KEY: undefined } });
  t.after(() => s.close());
  const { page } = s;
  await createProjectThroughUi(page, 'Lighthouse', 'The lighthouse at dawn.\n\nThe sea is calm.');
  await page.keyboard.press('Escape');
  for (const [k, v] of [['width', '270'], ['height', '480'], ['fps', '15']] as const) {
    await page.getByTestId(`project-${k}`).fill(v);
    await page.getByTestId(`project-${k}`).press('Enter');
  }
  await page.getByTestId('clip').nth(0).click({ position: { x: 10, y: 20 } });
  await page.getByTestId('scene-fit').uncheck();
  await page.getByTestId('scene-duration').fill('1.5');

  // what each choice needs is said before anything is asked of a service
  await page.getByTestId('clip-note').getByText(/Google Veo: made when the video is rendered, paid once — billed per second/).waitFor();
  assert.match(await page.getByTestId('avatar-note').innerText(), /No avatar service is set up \(HeyGen: no API key yet; D-ID: no API key yet\)\. Add a key in Settings → Providers/);
  assert.doesNotMatch(await page.getByTestId('avatar-note').innerText(), /REELFORGE_/, 'no environment variables in the studio');
  await page.getByTestId('avatar-id').fill('Angela-inTshirt');
  assert.equal(await page.getByTestId('use-avatar').isDisabled(), true, 'no avatar without a service');
  assert.equal(await page.getByTestId('generate-clip').isDisabled(), true, 'no clip without a prompt');

  await page.getByTestId('clip-prompt').fill('a lighthouse at dawn, slow aerial shot');
  await page.getByTestId('generate-clip').click();
  assert.equal(await page.getByTestId('visual-type').inputValue(), 'generated');
  assert.equal(await page.getByTestId('online-visual-state').getAttribute('data-state'), 'waiting');
  assert.equal(veo.seen.length, 0, 'choosing it sends nothing: the clip is made by the render');
  await s.screenshot('online-visual-inspector');

  await page.getByTestId('export').click();
  await page.getByTestId('export-start').click();
  await page.getByTestId('queue').waitFor();
  await page.waitForFunction(
    () => Object.values((window as any).__studio.getState().jobs as Record<string, { kind: string; state: string }>).some((j) => j.kind === 'render' && j.state === 'completed'), // eslint-disable-line @typescript-eslint/no-explicit-any
    null,
    { timeout: 180_000 },
  );
  // what the clip took and what it costs, in the queue
  await page.getByTestId('job-online').getByText(/scene 1: Google Veo clip ready in [\d.]+ s — submitted once \(models\/veo-3\.0-generate-001\/operations\/ui-1\); cost: billed per second/).waitFor();
  await s.screenshot('online-visual-queue');
  assert.equal(veo.seen.filter((r) => r.path.endsWith(':predictLongRunning')).length, 1);
  assert.equal(veo.seen.find((r) => r.path.endsWith(':predictLongRunning'))!.json.parameters.aspectRatio, '9:16', 'a portrait video asks for a portrait clip');

  const db = openHomeDatabase(s.home);
  try {
    const [project] = listProjects(db);
    const visual = getProject(db, project!.id)!.document.scenes[0]!.visual as { type: string; path?: string };
    assert.equal(visual.type, 'generated');
    assert.ok(visual.path && existsSync(visual.path), 'the library’s project points at the made clip');
  } finally {
    db.close();
  }
  assert.deepEqual(s.consoleErrors, []);
});
