// npm run bench:ui — the editor's frame after an edit and "Play" to playing (ui-frame.bench.ts), StudioApi round trips over the WebSocket bridge and through the IPC handler
// path, the main-thread time per frame while dragging a clip in a 300-scene project in Chromium
// (alone, and while a render runs), and the time from "Create" to a voiced 150-word project.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { startBridgeServer } from '../../main/api/http/bridge-server';
import { createStudio } from '../../main/api/create-studio';
import { registerIpc } from '../../main/app/ipc';
import { projectSchema } from '../../preload/contract/project';
import { channels, type JobView } from '../../preload/contract/studio-api';
import type { Page } from 'playwright-core';
import { buildRenderer, launchChromium, rendererDir } from '../e2e/harness';
import { benchEditorFrames } from './ui-frame.bench';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(3)} ms  p95 ${pct(xs, 95).toFixed(3)} ms  p99 ${pct(xs, 99).toFixed(3)} ms  (n=${xs.length})`;

/** Main-thread time per pointer move while dragging a clip (event → React commit → layout). */
function dragFrames(page: Page): Promise<number[]> {
  return page.evaluate(async () => {
    const track = document.querySelector('[data-testid="timeline"]') as HTMLElement;
    const clip = document.querySelector('[data-testid="clip"][data-index="3"]') as HTMLElement;
    const r = clip.getBoundingClientRect();
    const y = r.top + 30;
    const fire = (type: string, x: number) => track.dispatchEvent(new PointerEvent(type, { bubbles: true, clientX: x, clientY: y, pointerId: 1, button: 0, buttons: 1, isPrimary: true }));
    const channel = new MessageChannel();
    const yieldTask = () => new Promise<void>((res) => { channel.port1.onmessage = () => res(); channel.port2.postMessage(0); });
    clip.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, clientX: r.left + 10, clientY: y, pointerId: 1, button: 0, buttons: 1, isPrimary: true }));
    const times: number[] = [];
    for (let i = 1; i <= 240; i++) {
      const t0 = performance.now();
      fire('pointermove', r.left + 10 + i * 4);
      await yieldTask(); // React renders continuous-priority updates in a scheduler task
      document.body.getBoundingClientRect(); // style + layout of the commit
      times.push(performance.now() - t0);
      await new Promise((res) => requestAnimationFrame(() => res(null)));
    }
    fire('pointerup', r.left + 10 + 240 * 4);
    return times;
  });
}

const jobs = async () => (await studio.dispatch('listJobs', [])) as JobView[];
async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 300_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const home = mkdtempSync(join(tmpdir(), 'reelforge-bench-ui-'));
// with a worker: one measure drags while a render runs, another waits for a make job
const studio = await createStudio({ home, transport: 'bridge', worker: true });
const server = await startBridgeServer({ dispatch: studio.dispatch, events: studio.events, staticDir: rendererDir, mediaRoots: studio.mediaRoots });
try {
  const scenes = Array.from({ length: 300 }, (_, i) => ({ narration: `Scene number ${i + 1} says something short.`, visual: { type: 'color', color: '#203040' }, duration: 1 }));
  const project = { ...projectSchema.parse({ version: 1, title: 'Three hundred scenes', scenes }), id: 'bench-300' };
  await studio.dispatch('saveProject', [project]);

  // 1. bridge round trips, from a Node WebSocket client (JSON both ways, args parsed by zod)
  const ws = new WebSocket(server.wsUrl);
  await new Promise((r) => ws.once('open', r));
  let id = 0;
  const call = (method: string, args: unknown[]) =>
    new Promise<void>((resolve) => {
      const my = ++id;
      const onMsg = (d: Buffer) => {
        if ((JSON.parse(String(d)) as { id?: number }).id === my) {
          ws.off('message', onMsg);
          resolve();
        }
      };
      ws.on('message', onMsg);
      ws.send(JSON.stringify({ id: my, method, args }));
    });
  for (const [label, method, args, n] of [
    ['getAppInfo (tiny)', 'getAppInfo', [], 2000],
    ['getProject (300 scenes, ~60 kB)', 'getProject', [project.id], 300],
  ] as const) {
    for (let i = 0; i < 50; i++) await call(method, [...args]);
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await call(method, [...args]);
      times.push(performance.now() - t);
    }
    console.log(`bridge round trip, ${label}: ${fmt(times)}`);
  }
  ws.close();

  // 2. the IPC handler path (channel → parse → implementation → envelope), without Electron's own hop
  const handlers = new Map<string, (e: unknown, ...a: unknown[]) => Promise<unknown>>();
  registerIpc({ handle: (c, fn) => void handlers.set(c, fn as never), removeHandler: () => {}, on: () => {} }, studio.dispatch, studio.events, () => true);
  for (const [label, channel, args, n] of [
    ['getAppInfo', channels.getAppInfo, [], 5000],
    ['getProject (300 scenes)', channels.getProject, [project.id], 500],
  ] as const) {
    const fn = handlers.get(channel)!;
    for (let i = 0; i < 100; i++) await fn({ sender: {} }, ...args);
    const times: number[] = [];
    for (let i = 0; i < n; i++) {
      const t = performance.now();
      await fn({ sender: {} }, ...args);
      times.push(performance.now() - t);
    }
    console.log(`IPC handler path (in main, no Electron hop), ${label}: ${fmt(times)}`);
  }

  // 3. dragging a clip across a 300-scene timeline in Chromium
  await buildRenderer();
  const browser = await launchChromium();
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    // tsx keeps function names with a helper the page doesn't have; give it one
    await page.addInitScript('window.__name = (f) => f');
    await page.goto(server.pageUrl);
    await page.getByTestId('open-project').first().click();
    await page.getByTestId('editor').waitFor();
    if ((await page.getByTestId('clip').count()) !== 300) throw new Error('expected 300 clips');
    const frames = await dragFrames(page);
    console.log(`drag frame in a 300-scene project (event → React commit → layout): ${fmt(frames)}  target p95 < 16 ms`);

    // and with real mouse input: intervals between animation frames while the mouse drags
    const box = (await page.locator('[data-testid="clip"][data-index="10"]').boundingBox())!;
    await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __stop: boolean };
      w.__frames = [];
      w.__stop = false;
      let last = performance.now();
      const tick = (t: number) => {
        w.__frames.push(t - last);
        last = t;
        if (!w.__stop) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.mouse.move(box.x + 10, box.y + 30);
    await page.mouse.down();
    await page.mouse.move(box.x + 900, box.y + 30, { steps: 150 });
    await page.mouse.up();
    const raf = await page.evaluate(() => {
      const w = window as unknown as { __frames: number[]; __stop: boolean };
      w.__stop = true;
      return w.__frames.slice(2);
    });
    console.log(`animation-frame interval during a real mouse drag (headless, vsync-paced): ${fmt(raf)}`);

    // 4. the same drag while the queue renders a video (FFmpeg busy on the same two cores)
    const long = { ...projectSchema.parse({ version: 1, title: 'Long render', settings: { preset: 'shorts-720' }, scenes: [{ narration: 'A long scene.', visual: { type: 'gradient', from: '#203040', to: '#804020' }, duration: 600 }] }), id: 'bench-long' };
    await studio.dispatch('saveProject', [long]);
    const render = (await studio.dispatch('enqueueRender', [{ projectId: long.id, encoder: 'libx264' }])) as JobView;
    await until('the render to start encoding', async () => ((await jobs()).find((j) => j.id === render.id && j.state === 'active' && j.stage === 'render' && j.progress > 0.05) ? true : undefined));
    const busy = await dragFrames(page);
    const stillRunning = (await jobs()).find((j) => j.id === render.id)?.state === 'active';
    console.log(`drag frame in a 300-scene project while a render runs${stillRunning ? '' : ' (the render ended during the drag!)'}: ${fmt(busy)}  target p95 < 16 ms`);
    await studio.dispatch('cancelJob', [render.id]);
    await until('the render to stop', async () => ((await jobs()).find((j) => j.id === render.id)?.state === 'cancelled' ? true : undefined));

    // 5. "Create" → a voiced project in the editor, for a 150-word script, through the UI
    const sentences = ['Octopuses have three hearts and blue blood.', 'Two hearts pump blood through the gills, and one pumps it to the rest of the body.', 'Their blood is blue because it carries copper instead of iron.', 'Each arm has its own cluster of neurons and can taste what it touches.', 'They change colour in a fraction of a second to hide or to signal.', 'Most species live only one or two years.', 'They solve puzzles, open jars and remember the people they meet.', 'Some carry coconut shells to build shelters wherever they go.', 'So next time you see one, remember how much is going on inside.'];
    const words150: string[] = [];
    for (let i = 0; words150.length < 150; i++) words150.push(...sentences[i % sentences.length]!.split(' '));
    const script150 = words150.slice(0, 150).join(' ').replace(/([.]) /g, '$1\n\n');
    await page.getByTestId('tab-create').click();
    await page.waitForFunction(() => document.querySelectorAll('img[data-testid="template-frame"]').length === document.querySelectorAll('[data-testid="template-option"]').length, null, { timeout: 120_000 });
    await page.getByTestId('new-script').fill(script150);
    await page.getByTestId('new-voice-select').selectOption('espeak-ng:en-us');
    const t0 = performance.now();
    await page.getByTestId('create-video').click();
    await page.getByTestId('editor').waitFor({ timeout: 600_000 });
    const createMs = performance.now() - t0;
    const made = await page.evaluate(() => (window as unknown as { __studio: { getState(): { history: { present: { scenes: Array<{ audio?: string }> } } } } }).__studio.getState().history.present.scenes);
    console.log(`Create → voiced project in the editor, 150-word script (${made.length} scenes, ${made.filter((x) => x.audio).length} voiced, espeak-ng): ${(createMs / 1000).toFixed(2)} s`);
  } finally {
    await browser.close();
  }
} finally {
  await server.close();
  await studio.close();
  rmSync(home, { recursive: true, force: true });
}

// 6. the editor's picture: frame after an edit, after a scrub, and "Play" to playing
await benchEditorFrames();
