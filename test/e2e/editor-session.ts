import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import { projectSchema, type ProjectInput } from '../../preload/contract/project';
import { openStudio, type Session } from './harness';

/**
 * What the editor's end-to-end tests share: one studio and page for the file (opened before its
 * first test, closed after its last), projects saved straight into the library, and the frame under
 * the playhead read from the page.
 */
export interface EditorSession {
  /** the studio and its page (from the first test on) */
  readonly s: Session;
  /** saves a small 9:16 project (see saveProject) */
  save(id: string, doc: Omit<ProjectInput, 'version'>): Promise<void>;
  openFirstProject(): Promise<void>;
  framePath(): Promise<string | null>;
  nextFrame(old: string | null): Promise<string>;
  currentFrame(): Promise<unknown>;
  setPlayhead(t: number): Promise<void>;
}

export function editorSession(): EditorSession {
  let opened: Session | undefined;
  before(async () => {
    opened = await openStudio();
  });
  after(async () => {
    await opened?.close();
  });
  const s = () => {
    if (!opened) throw new Error('the studio opens before the first test');
    return opened;
  };
  return {
    get s() {
      return s();
    },
    save: (id, doc) => saveProject(s(), id, doc),
    openFirstProject: () => openFirstProject(s().page),
    framePath: () => framePath(s().page),
    nextFrame: (old) => nextFrame(s().page, old),
    currentFrame: () => currentFrame(s().page),
    setPlayhead: (t) => setPlayhead(s().page, t),
  };
}

/** Saves a small 9:16 project (270×480, 15 fps unless `settings` says otherwise) under `id`. */
export async function saveProject(s: Session, id: string, doc: Omit<ProjectInput, 'version'>): Promise<void> {
  const project = projectSchema.parse({ version: 1, ...doc, settings: { preset: 'shorts-1080', width: 270, height: 480, fps: 15, ...doc.settings } });
  await s.studio.dispatch('saveProject', [{ ...project, id }]);
}

/** Opens the library's first project in the editor. */
export async function openFirstProject(page: Page): Promise<void> {
  await page.getByTestId('tab-library').click();
  await page.getByTestId('open-project').first().click();
  await page.getByTestId('editor').waitFor();
}

export const framePath = (page: Page) => page.getByTestId('frame-image').getAttribute('data-path');

/**
 * Waits until the frame on screen is the frame of the document and playhead now in the editor, and
 * is not `old`; its path. A change after a quiet moment draws its frame at once, so after two quick
 * changes (a click that moves the playhead, then an edit) the first one's frame shows first: a wait
 * for any new frame could read that one on a slow machine.
 */
export async function nextFrame(page: Page, old: string | null): Promise<string> {
  await page.waitForFunction(showsCurrentFrame, old, { timeout: 60_000 });
  return (await framePath(page))!;
}

/** Waits for the frame of the document and playhead now in the editor (whichever frame was there before). */
export const currentFrame = (page: Page) => page.waitForFunction(showsCurrentFrame, null, { timeout: 60_000 });

/** Runs in the page: the image on screen is loaded, is the store's frame, and that frame was drawn of the present document at the playhead. */
function showsCurrentFrame(old: string | null): boolean {
  type Frame = { status: string; of?: unknown; at?: number; path?: string };
  const st = (window as unknown as { __studio: { getState(): { frame: Frame; history?: { present: unknown }; playhead: number | null } } }).__studio.getState();
  const img = document.querySelector('[data-testid="frame-image"]') as HTMLImageElement | null;
  return (
    !!img &&
    st.frame.status === 'ready' &&
    st.frame.of === st.history?.present &&
    st.frame.at === (st.playhead ?? 0) &&
    img.dataset.path === st.frame.path &&
    img.dataset.path !== old &&
    img.complete &&
    img.naturalWidth > 0
  );
}

/** Moves the editor's playhead (seconds), as scrubbing does. */
export const setPlayhead = (page: Page, t: number): Promise<void> => page.evaluate((v) => (window as unknown as { __studio: { setState(x: unknown): void } }).__studio.setState({ playhead: v }), t);
