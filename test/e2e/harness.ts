import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startBridgeServer, type BridgeServer } from '../../main/api/http/bridge-server';
import { createStudio, type Studio } from '../../main/api/create-studio';
import { buildRuntimeConfig } from '../../main/config/runtime-config';
import type { VoiceModelSource } from '../../main/models/voice-model';

const root = fileURLToPath(new URL('../../', import.meta.url));
export const rendererDir = join(root, 'dist', 'renderer');
export const screenshotDir = join(root, 'test', 'e2e', 'screenshots');

let built: Promise<void> | undefined;

/**
 * Builds the renderer once per test process, with vite's own API (the build `npm run
 * build:renderer` makes, in 'test' mode so the page exposes its store to the tests). When the test
 * runner has already built it for every file (`RF_RENDERER_BUILT`, set by scripts/run-tests.js),
 * files running in parallel share that build instead of rewriting dist/renderer under each other.
 */
export function buildRenderer(): Promise<void> {
  built ??= process.env.RF_RENDERER_BUILT === '1' ? Promise.resolve() : buildTestRenderer(root);
  return built;
}

export async function buildTestRenderer(projectRoot: string): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: join(projectRoot, 'vite.config.ts'), mode: 'test', logLevel: 'error' });
}

export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.REELFORGE_CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs });
}

export interface Session {
  home: string;
  studio: Studio;
  server: BridgeServer;
  browser: Browser;
  page: Page;
  /** browser console errors, for a failing test's message */
  consoleErrors: string[];
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** A real backend in a fresh home, the built renderer served by the bridge, and Chromium on it. */
/**
 * env: what the studio's entry point would read (a loopback provider's URL and key), merged over this process's own;
 * voiceModel: where Natural voices downloads from (a loopback server)
 */
export async function openStudio(opts: { worker?: boolean; env?: Record<string, string | undefined>; voiceModel?: VoiceModelSource; farm?: string } = {}): Promise<Session> {
  await buildRenderer();
  const home = mkdtempSync(join(tmpdir(), 'reelforge-e2e-'));
  const config = { ...buildRuntimeConfig({ env: { ...process.env, ...opts.env }, home }), ...(opts.voiceModel ? { voiceModel: opts.voiceModel } : {}) };
  // farm: the render farm given where the studio starts, as `reelforge serve --farm` gives it
  const studio = await createStudio({ config, transport: 'bridge', worker: opts.worker, ...(opts.farm ? { farm: { url: opts.farm } } : {}) });
  const server = await startBridgeServer({ dispatch: studio.dispatch, events: studio.events, staticDir: rendererDir, mediaRoots: studio.mediaRoots, mediaFiles: studio.mediaFiles });
  const browser = await launchChromium();
  // the size the issue asks screenshots at: a common laptop screen
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.setDefaultTimeout(15_000);
  const consoleErrors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
  page.on('pageerror', (e) => consoleErrors.push(e.message));
  await page.goto(server.pageUrl);
  mkdirSync(screenshotDir, { recursive: true });
  return {
    home,
    studio,
    server,
    browser,
    page,
    consoleErrors,
    screenshot: async (name) => void (await page.screenshot({ path: join(screenshotDir, `${name}.png`) })),
    close: async () => {
      await browser.close();
      await server.close();
      await studio.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** A short script: one scene per paragraph. */
export const threeSceneScript = ['Octopuses have three hearts.', 'Their blood is blue.', 'They can taste with their arms.'].join('\n\n');

/**
 * Makes a voiced project through the New video form (the make pipeline up to the library, voiced
 * by espeak-ng) and waits for the editor to open it.
 */
export async function createProjectThroughUi(page: Page, title: string, script = threeSceneScript, opts: { voice?: string; templateId?: string } = {}): Promise<void> {
  await page.getByTestId('tab-create').click();
  await page.getByTestId('new-title').fill(title);
  await page.getByTestId('new-script').fill(script);
  if (opts.templateId) await page.locator(`[data-testid="template-option"][data-template-id="${opts.templateId}"]`).click();
  if (opts.voice) await page.getByTestId('new-voice-select').selectOption(opts.voice);
  await page.getByTestId('create-video').click();
  await page.getByTestId('editor').waitFor({ timeout: 120_000 });
}

/** The open project, read from the store (what the editor shows). */
export const openDocument = (page: Page) => page.evaluate(() => (window as unknown as { __studio: { getState(): { history: { present: unknown } } } }).__studio.getState().history.present) as Promise<import('../../preload/contract/studio-api').StoredProject>;
