// npm run bench:ui — StudioApi round trips over the WebSocket bridge and through the IPC handler
// path, and the main-thread time per frame while dragging a clip in a 300-scene project in Chromium.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { startBridgeServer } from '../../main/api/bridge-server';
import { createStudio } from '../../main/api/create-studio';
import { registerIpc } from '../../main/app/ipc';
import { channels } from '../../preload/contract/studio-api';
import { buildRenderer, launchChromium, rendererDir } from '../e2e/harness';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const fmt = (xs: number[]) => `p50 ${pct(xs, 50).toFixed(3)} ms  p95 ${pct(xs, 95).toFixed(3)} ms  p99 ${pct(xs, 99).toFixed(3)} ms  (n=${xs.length})`;

const home = mkdtempSync(join(tmpdir(), 'reelforge-bench-ui-'));
const studio = await createStudio({ home, transport: 'bridge', worker: false });
const server = await startBridgeServer({ dispatch: studio.dispatch, events: studio.events, staticDir: rendererDir, mediaRoots: studio.mediaRoots });
try {
  const script = Array.from({ length: 300 }, (_, i) => `Scene number ${i + 1} says something short.`).join('\n\n');
  const project = (await studio.dispatch('createProject', [{ title: 'Three hundred scenes', script, sceneSeconds: 1 }])) as { id: string };

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
    const frames = await page.evaluate(async () => {
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
  } finally {
    await browser.close();
  }
} finally {
  await server.close();
  await studio.close();
  rmSync(home, { recursive: true, force: true });
}
