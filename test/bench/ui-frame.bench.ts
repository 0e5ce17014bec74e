// The editor's picture: the time from an edit to its frame on screen (drawn, and from the cache),
// from a scrub to its frame, and from "Play" to the preview playing. Run by `npm run bench:ui`
// (at its end), or alone: node --import tsx test/bench/ui-frame.bench.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startBridgeServer } from '../../main/api/http/bridge-server';
import { createStudio } from '../../main/api/create-studio';
import { projectSchema } from '../../preload/contract/project';
import { buildRenderer, launchChromium, rendererDir } from '../e2e/harness';
import { buildRuntimeConfig } from '../../main/config/runtime-config';
import { stillDocument } from '../../main/api/frame-preview';
import { renderStill } from '../../main/render/render-still';
import { WarmStills } from '../../main/render/warm-still';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms  min ${Math.min(...xs).toFixed(0)}  max ${Math.max(...xs).toFixed(0)}  (n=${xs.length})`;

export async function benchEditorFrames(): Promise<void> {
  const home = mkdtempSync(join(tmpdir(), 'reelforge-bench-frame-'));
  const studio = await createStudio({ home, transport: 'bridge' });
  const server = await startBridgeServer({ dispatch: studio.dispatch, events: studio.events, staticDir: rendererDir, mediaRoots: studio.mediaRoots });
  const browser = await launchChromium();
  try {
    const picture = join(home, 'picture.png');
    execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=1280x720', '-frames:v', '1', '-y', picture]);
    // a 30-second, 1080×1920 project like a real short: stills with Ken Burns, cards, captions
    const scenes = Array.from({ length: 6 }, (_, i) => ({
      narration: `Scene ${i + 1} has a sentence of about this length for its captions.`,
      visual: i % 2 ? { type: 'gradient', from: '#203040', to: '#D08040' } : { type: 'image', path: picture, zoom: [1, 1.3], pan: 'right' },
      duration: 5,
    }));
    await studio.dispatch('saveProject', [{ ...projectSchema.parse({ version: 1, title: 'Bench frames', scenes }), id: 'bench-frames' }]);
    await buildRenderer();
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.addInitScript('window.__name = (f) => f');
    await page.goto(server.pageUrl);
    const t0 = performance.now();
    await page.getByTestId('open-project').first().click();
    await page.waitForFunction(() => (document.querySelector('[data-testid="frame-image"]') as HTMLImageElement | null)?.naturalWidth, null, { timeout: 120_000 });
    console.log(`project opened → first frame on screen: ${(performance.now() - t0).toFixed(0)} ms`);

    /** runs `act` in the page, then waits for a frame other than the one shown to be on screen and loaded */
    const timeFrame = async (act: string) =>
      page.evaluate(async (code) => {
        const img = () => document.querySelector('[data-testid="frame-image"]') as HTMLImageElement;
        const before = img().dataset.path;
        const t = performance.now();
        new Function(code)();
        for (;;) {
          await new Promise((r) => requestAnimationFrame(r));
          const el = img();
          if (el.dataset.path !== before && el.complete && el.naturalWidth > 0) return performance.now() - t;
          if (performance.now() - t > 60_000) throw new Error('no new frame');
        }
      }, act);

    const studioJs = 'const s = window.__studio.getState();';
    const drawn: number[] = [];
    const cached: number[] = [];
    for (let i = 0; i < 8; i++) {
      // a new caption size each time: never drawn before
      drawn.push(await timeFrame(`${studioJs} s.edit((p) => ({ ...p, style: { ...p.style, caption: { ...p.style.caption, size: ${0.04 + i * 0.004} } } }));`));
      // undo: the frame before it, from the cache
      cached.push(await timeFrame(`${studioJs} s.undo();`));
    }
    console.log(`edit → its frame on screen (drawn by the render plan, 1080×1920 project, preview height): ${fmt(drawn)}`);
    console.log(`undo → its frame on screen (from the cache): ${fmt(cached)}`);
    // the same edit a second after the last frame, as a person edits: the spare FFmpeg is loaded by
    // then (sizes drawn by no frame before, the 4.5 % the project opened with included)
    const paused: number[] = [];
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      paused.push(await timeFrame(`${studioJs} s.edit((p) => ({ ...p, style: { ...p.style, caption: { ...p.style.caption, size: ${0.0425 + i * 0.004} } } }));`));
    }
    console.log(`edit a second after the last frame → its frame on screen: ${fmt(paused)}  target ~500 ms`);
    const scrub: number[] = [];
    for (let i = 0; i < 8; i++) scrub.push(await timeFrame(`window.__studio.setState({ playhead: ${1.3 + i * 3.4} });`));
    console.log(`scrub → the frame there on screen (Ken Burns and cards, not cached): ${fmt(scrub)}`);
    await benchStillStarts(picture, home);

    // "Play": before, the editor waited for the whole preview file (renderPreview, still in the
    // API); now it streams the render and plays its first fragment. Both on the same document, in turn.
    const whole: number[] = [];
    const play: number[] = [];
    const until: number[] = [];
    const answered: number[] = [];
    for (let i = 0; i < 3; i++) {
      // a changed document each time, so nothing is reused
      const doc = await page.evaluate((k) => {
        const st = (window as unknown as { __studio: { getState(): { edit(fn: (p: { title: string }) => unknown): void; history: { present: unknown } } } }).__studio.getState();
        st.edit((p) => ({ ...p, title: `Bench ${k}` }));
        return (window as unknown as { __studio: { getState(): { history: { present: unknown } } } }).__studio.getState().history.present;
      }, i);
      const w = performance.now();
      await studio.dispatch('renderPreview', [{ project: doc }]);
      whole.push(performance.now() - w);
      await page.evaluate((k) => (window as unknown as { __studio: { getState(): { edit(fn: (p: { title: string }) => unknown): void } } }).__studio.getState().edit((p) => ({ ...p, title: `Bench stream ${k}` })), i);
      await page.evaluate(() => (window as unknown as { __studio: { setState(s: unknown): void } }).__studio.setState({ playhead: 0 }));
      const ended = new Promise<void>((res) => {
        const off = studio.events.subscribe((event) => {
          if (event === 'previewStream') {
            off();
            res();
          }
        });
      });
      const t = performance.now();
      await page.getByTestId('preview-project').click();
      // the studio's answer: the first fragment is written (the rest is the player starting on it)
      await page.waitForFunction(() => (window as unknown as { __studio: { getState(): { preview: { status: string } } } }).__studio.getState().preview.status === 'ready', null, { timeout: 300_000, polling: 10 });
      answered.push(performance.now() - t);
      await page.waitForFunction(() => {
        const v = document.querySelector('[data-testid="preview-video"]') as HTMLVideoElement | null;
        return !!v && !v.paused && v.currentTime > 0;
      }, null, { timeout: 300_000 });
      play.push(performance.now() - t);
      await ended;
      until.push(performance.now() - t);
      await page.getByTestId('show-frame').click();
    }
    console.log(`before — the whole preview render (30 s video) that "Play" used to wait for: ${fmt(whole)}`);
    console.log(`now — "Play" (30 s video) → its first frame playing (streamed render): ${fmt(play)}  target ~2000 ms`);
    console.log(`      of which Play → the studio's answer (its first fragment written): ${fmt(answered)}`);
    console.log(`      (the same streamed render, Play → its last fragment written: ${fmt(until)})`);
  } finally {
    await browser.close();
    await server.close();
    await studio.close();
    rmSync(home, { recursive: true, force: true });
  }
}

/**
 * The still behind those figures, in turn in the same run: FFmpeg started for each frame and the
 * picture decoded and fitted in its graph, against the editor's way (a spare FFmpeg already
 * started, waiting for its graph; the fitted picture read from the cache). A pause before each,
 * as between two edits, lets the spare load.
 */
async function benchStillStarts(picture: string, home: string): Promise<void> {
  const config = buildRuntimeConfig({ env: process.env });
  const warm = new WarmStills(join(home, 'bench-stills'));
  const scenes = [0, 1, 2].map((i) => ({ narration: `Scene ${i + 1} has a sentence of about this length for its captions.`, visual: i === 1 ? { type: 'gradient', from: '#203040', to: '#D08040' } : { type: 'image', path: picture, zoom: [1, 1.3], pan: 'right' }, duration: 5 }));
  const project = { ...projectSchema.parse({ version: 1, title: 'Bench stills', scenes }), id: 'bench-stills' };
  const cold: number[] = [];
  const spare: number[] = [];
  for (let i = 0; i < 12; i++) {
    const edited = { ...project, style: { ...project.style, caption: { ...project.style.caption, size: 0.04 + i * 0.001 } } };
    const doc = stillDocument(edited, i % 3, 480);
    await new Promise((r) => setTimeout(r, 300));
    const t = performance.now();
    const fast = i % 2 === 1;
    await renderStill({ project: doc, at: (i % 4) * 1.1, output: join(home, 'bench-stills', `f${i}.png`), config, ...(fast ? { warm, fitCache: join(home, 'bench-fitted') } : {}) });
    (fast ? spare : cold).push(performance.now() - t);
  }
  warm.close();
  console.log(`a still (renderStill, 480 px high), FFmpeg started for it, the picture fitted in its graph: ${fmt(cold)}`);
  console.log(`      the same, on the spare FFmpeg with the fitted picture from the cache (the editor's way): ${fmt(spare)}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchEditorFrames();
