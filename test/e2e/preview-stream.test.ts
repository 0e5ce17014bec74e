import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { onRegister, runningProcesses, type RegisteredProcess } from '../../native/process-registry';
import { editorSession } from './editor-session';

const session = editorSession();

/** A minute of video: far more than is rendered before the gate below holds the render. */
async function seedProject(): Promise<void> {
  await session.save('streamed', {
    title: 'Streamed',
    scenes: [
      { narration: 'A red card.', visual: { type: 'color', color: '#D02020' }, duration: 20 },
      { narration: 'A green card.', visual: { type: 'color', color: '#20C040' }, duration: 20 },
      { narration: 'A blue card.', visual: { type: 'color', color: '#2040D0' }, duration: 20 },
    ],
  });
}

/** How many whole fragments (moof + mdat) a fragmented MP4 holds so far. */
function fragments(file: string): number {
  if (!existsSync(file)) return 0;
  const b = readFileSync(file);
  let pos = 0;
  let n = 0;
  while (pos + 8 <= b.length) {
    const size = b.readUInt32BE(pos);
    if (size < 8 || pos + size > b.length) break;
    if (b.toString('latin1', pos + 4, pos + 8) === 'mdat') n++;
    pos += size;
  }
  return n;
}

/**
 * The gate: the stream's FFmpeg is stopped (SIGSTOP) once it has written `count` fragments, so its
 * render cannot finish while the test looks at the player. Resolves with that process.
 */
function holdStreamAfter(count: number): Promise<RegisteredProcess> {
  return new Promise((resolve) => {
    const off = onRegister((p) => {
      if (!p.tag.startsWith('preview-stream:') || !p.commandLine.includes('frag_keyframe')) return;
      off();
      const output = p.child.spawnargs.at(-1)!;
      const poll = setInterval(() => {
        if (fragments(output) < count) return;
        clearInterval(poll);
        p.child.kill('SIGSTOP');
        resolve(p);
      }, 5);
    });
  });
}

const video = () => session.s.page.getByTestId('preview-video');
const currentTime = () => video().evaluate((v: HTMLVideoElement) => v.currentTime);
/** the colour in the middle of the picture the video shows now */
const videoRgb = () =>
  video().evaluate((v: HTMLVideoElement) => {
    const c = document.createElement('canvas');
    c.width = v.videoWidth;
    c.height = v.videoHeight;
    const g = c.getContext('2d')!;
    g.drawImage(v, 0, 0);
    return [...g.getImageData(Math.floor(c.width / 2), Math.floor(c.height / 4), 1, 1).data.slice(0, 3)];
  });

const colourOf = ([r, g, b]: number[]) => (r! > 150 && g! < 90 && b! < 90 ? 'red' : g! > 150 && r! < 90 && b! < 110 ? 'green' : `rgb(${r}, ${g}, ${b})`);

test('"Play" streams the render: the video plays while its render is still running, and stopping cancels that render', async () => {
  const { s } = session;
  const page = s.page;
  await seedProject();
  await session.openFirstProject();

  const held = holdStreamAfter(4);
  await page.getByTestId('preview-project').click();
  const ffmpeg = await held;
  const tag = ffmpeg.tag;
  try {
    // the render is held after two seconds of a minute: whatever plays now was streamed
    await video().waitFor({ timeout: 60_000 });
    await page.waitForFunction(() => ((document.querySelector('[data-testid="preview-video"]') as HTMLVideoElement | null)?.currentTime ?? 0) > 0.3, null, { timeout: 60_000 });
    assert.equal(ffmpeg.child.exitCode, null, 'the render has not finished');
    assert.equal(runningProcesses(tag).length, 1, 'its FFmpeg is still there');
    const state = await page.evaluate(() => (window as unknown as { __studio: { getState(): { preview: { status: string; stream?: { duration: number } } } } }).__studio.getState().preview);
    assert.equal(state.status, 'ready');
    // a minute of scenes less the two half-second crossfades: the length the render plan gives
    assert.ok(Math.abs(state.stream!.duration - 59) < 0.2, `the player knows the whole length (${state.stream!.duration} s)`);
    assert.equal(await video().evaluate((v: HTMLVideoElement) => v.paused), false, 'playing');
    assert.equal(colourOf(await videoRgb()), 'red', 'the first scene, the red card, drawn by the pipeline');
    // the playhead follows the video
    const at = Number(await page.getByTestId('playhead').getAttribute('data-seconds'));
    assert.ok(at > 0.2 && at < 3, `playhead at ${at}`);
    await s.screenshot('stream-01-playing-1440');
  } finally {
    ffmpeg.child.kill('SIGCONT');
  }

  // stopping ("Back to the frame") cancels the render and removes its file
  const file = await page.evaluate(() => (window as unknown as { __studio: { getState(): { preview: { path: string } } } }).__studio.getState().preview.path);
  await page.getByTestId('show-frame').click();
  await page.getByTestId('frame-image').waitFor();
  await waitUntil(() => runningProcesses(tag).length === 0, 'the stream render to stop');
  assert.notEqual(ffmpeg.child.signalCode ?? ffmpeg.child.exitCode, 0, 'stopped, not finished');
  await waitUntil(() => !existsSync(file), 'the stream file to be removed');
});

test('"Play" from the playhead starts there; an edit while it plays stops the stream', async () => {
  const { s } = session;
  const page = s.page;
  // the playhead in the second scene: the green card plays, from 25 s
  await session.setPlayhead(25);
  const held = holdStreamAfter(2);
  await page.getByTestId('preview-project').click();
  const ffmpeg = await held;
  try {
    await page.waitForFunction(() => ((document.querySelector('[data-testid="preview-video"]') as HTMLVideoElement | null)?.currentTime ?? 0) > 0.1, null, { timeout: 60_000 });
    const at = Number(await page.getByTestId('playhead').getAttribute('data-seconds'));
    assert.ok(at >= 25 && at < 28, `playhead at ${at}`);
    const state = await page.evaluate(() => (window as unknown as { __studio: { getState(): { preview: { stream: { duration: number; start: number } } } } }).__studio.getState().preview.stream);
    assert.equal(state.start, 25);
    assert.ok(Math.abs(state.duration - 34.5) < 0.2, `what is left of the video (${state.duration} s)`);
    assert.equal(colourOf(await videoRgb()), 'green', 'the second scene, the green card');
  } finally {
    ffmpeg.child.kill('SIGCONT');
  }
  // an edit: the stream is stale
  await page.evaluate(() => (window as unknown as { __studio: { getState(): { edit(fn: (p: { title: string }) => unknown): void } } }).__studio.getState().edit((p) => ({ ...p, title: 'Edited' })));
  await waitUntil(() => runningProcesses(ffmpeg.tag).length === 0, 'the stream render to stop after an edit');
  await page.getByTestId('frame-image').waitFor();
  assert.equal(await video().count(), 0, 'back to the frame');
});

async function waitUntil(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (ok()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}
