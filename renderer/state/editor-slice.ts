import type { Scene } from '../../preload/contract/project';
import type { StoredProject } from '../../preload/contract/studio-api';
import { canRedo, canUndo, commit, initHistory, redo, undo, type History } from './history';
import { sceneAt, sceneStarts } from './scene-time';
import { deleteScenes, moveScenes, sceneSeconds, trimScene, updateProject, updateScene, withSceneIds } from './timeline-ops';
import type { SliceContext } from './types';

export interface DragState {
  ids: string[];
  /** pointer offset from where the drag started, px */
  dx: number;
  /** insertion index the drop would use */
  targetIndex: number;
}

export interface PreviewState {
  /** rendering: asked for, nothing to play yet; ready: playing the stream while it is made */
  status: 'idle' | 'rendering' | 'ready';
  /** the streamed render's file (it grows while the render runs) */
  path?: string;
  scope?: 'scene' | 'project';
  /** the stream: its id (to stop it), what it holds, its length when whole, and where its 0 is on the timeline */
  stream?: { id: string; mime: string; duration: number; start: number };
}

/** The frame under the playhead, as the render pipeline draws it. */
export interface FrameState {
  status: 'idle' | 'drawing' | 'ready' | 'failed';
  /** the last frame drawn (kept on screen while the next one is drawn) */
  path?: string;
  /** the timeline position `path` shows, seconds */
  at?: number;
  /** where that frame's scene has its captions, as fractions of the frame (absent: none there) */
  captions?: { top: number; bottom: number; left: number; right: number; align: 'left' | 'center' | 'right' };
  /** the document `path` was drawn from (the history's entry itself: the frame is current while it is the present) */
  of?: StoredProject;
  message?: string;
}

/** What the toolbar says about saving: only `saved` means the library holds what is on screen. */
export type SaveState = { status: 'saved'; at?: number } | { status: 'unsaved' } | { status: 'saving' } | { status: 'failed'; message: string };

/** How long typing must pause before a scene's narration is spoken again. */
export const REVOICE_DELAY_MS = 700;

export interface EditorSlice {
  history?: History<StoredProject>;
  selection: string[];
  /** pixels per second on the timeline */
  zoom: number;
  drag: DragState | null;
  dirty: boolean;
  preview: PreviewState;
  save: SaveState;
  /** scenes whose narration is being spoken again */
  voicing: Record<string, true>;
  /** the project's voice is being changed: how many of its scenes are spoken with it so far */
  voiceChange?: { voice: string; done: number; total: number };
  /** seconds into the timeline: where the preview is playing, or the frame the editor shows */
  playhead: number | null;
  frame: FrameState;
  /** draws the frame under the playhead (the newest request wins; an unchanged one comes from the cache) */
  drawFrame(): Promise<void>;
  openProject(id: string): Promise<void>;
  openDocument(project: StoredProject): void;
  closeProject(): void;
  /** records an edit as one undo step (edits with the same mergeKey in a row merge) */
  edit(fn: (p: StoredProject) => StoredProject, mergeKey?: string): void;
  undo(): void;
  redo(): void;
  select(id: string, mode?: 'replace' | 'toggle' | 'range'): void;
  selectAll(): void;
  clearSelection(): void;
  deleteSelected(): void;
  moveSelected(toIndex: number): void;
  trim(id: string, seconds: number, mergeKey?: string): void;
  updateScene(id: string, patch: Partial<Scene>): void;
  updateProject(patch: Parameters<typeof updateProject>[1]): void;
  setZoom(zoom: number): void;
  setDrag(drag: DragState | null): void;
  applyTemplate(templateId: string): Promise<void>;
  /** edits a scene's narration; it is spoken again (with new captions) once typing pauses */
  setNarration(id: string, text: string): void;
  /** re-voices one scene now (with its own voice, when one is given); resolves when its new narration is in the document */
  revoiceScene(id: string, voice?: string): Promise<void>;
  /** the project's voice: every scene (but a speaker's) spoken with it, with progress, as one undo step */
  setVoice(voice: string): Promise<void>;
  setPlayhead(seconds: number | null): void;
  /** stops "Play": the streamed render is cancelled and the editor shows the frame again */
  stopPreview(): void;
  /** main says a streamed preview's render ended; a failure is told, with its reason */
  previewStreamEnded(e: { id: string; state: 'done' | 'failed' | 'cancelled'; message?: string }): void;
  renderPreview(scope: 'scene' | 'project'): Promise<void>;
  /** saves the open project; resolves with its id, or undefined when saving failed */
  saveProject(): Promise<string | undefined>;
}

/** "Template applied: X. Kept as you set it: …" — what the restyle changed and what it left alone. */
export function templateAppliedWords(name: string, r: { changed: string[]; kept: string[] }): string {
  const lines = [`Template applied: ${name}.`];
  if (r.changed.length) lines.push(`Changed: ${r.changed.join('; ')}.`);
  if (r.kept.length) lines.push(`Kept as you set it: ${r.kept.join('; ')}.`);
  return lines.join('\n');
}

export const MIN_ZOOM = 4;
export const MAX_ZOOM = 400;

export function createEditorSlice({ set, get, api }: SliceContext): EditorSlice {
  const present = () => get().history?.present;
  let frameSeq = 0;
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  const setVoicing = (id: string, on: boolean) =>
    set((s) => {
      const { [id]: _was, ...rest } = s.voicing;
      return { voicing: on ? { ...rest, [id]: true } : rest };
    });
  /**
   * Speaks one scene again. `mergeKey` says which undo step the new narration joins: the
   * narration edit it follows, the scene's voice change, or a whole-project voice change.
   */
  const revoice = async (id: string, voice: string | undefined, mergeKey = `scene:${id}:narration`) => {
    const p = present();
    const index = p?.scenes.findIndex((x) => x.id === id) ?? -1;
    if (!p || index < 0) return;
    const asked = p.scenes[index]!.narration;
    setVoicing(id, true);
    try {
      const voiced = await api.voiceScene({ project: p, sceneIndex: index, voice });
      const scene = voiced.scenes[index]!;
      const now = present();
      // typing went on while the voice spoke: the next pause re-voices the newer text
      if (!now || now.id !== p.id || now.scenes.find((x) => x.id === id)?.narration !== asked) return;
      // the scene records the voice it was spoken with, so a later edit speaks it the same way
      const patch: Partial<Scene> = { audio: scene.audio, words: scene.words, duration: scene.duration, voice: scene.voice };
      // merged into the edit's undo step: undo brings back the old words and their voice together
      get().edit((doc) => updateScene(doc, id, patch), mergeKey);
    } catch (err) {
      get().reportError(err, `Voicing scene ${index + 1}`);
    } finally {
      setVoicing(id, false);
    }
  };
  let voiceChanges = 0;
  return {
    selection: [],
    zoom: 40,
    drag: null,
    dirty: false,
    preview: { status: 'idle' },
    save: { status: 'saved' },
    voicing: {},
    playhead: null,
    frame: { status: 'idle' },
    openProject: async (id) => {
      try {
        get().openDocument(await api.getProject(id));
      } catch (err) {
        get().reportError(err, 'Opening the project');
      }
    },
    openDocument: (project) => {
      for (const t of timers.values()) clearTimeout(t);
      timers.clear();
      set({ history: initHistory(withSceneIds(project)), selection: [], drag: null, dirty: false, save: { status: 'saved' }, voicing: {}, voiceChange: undefined, playhead: 0, frame: { status: 'idle' }, preview: { status: 'idle' }, view: 'editor' });
    },
    closeProject: () => {
      get().stopPreview();
      set({ history: undefined, selection: [], drag: null, view: 'library' });
    },
    edit: (fn, mergeKey) => {
      const before = get().history;
      set((s) => {
        if (!s.history) return s;
        const next = commit(s.history, fn(s.history.present), mergeKey);
        return next === s.history ? s : { history: next, dirty: true, save: { status: 'unsaved' } };
      });
      // a preview of the old document is stale: its render stops and the editor goes back to the frame, drawn anew
      if (get().history !== before) get().stopPreview();
    },
    undo: () => set((s) => (s.history && canUndo(s.history) ? { history: undo(s.history), dirty: true, save: { status: 'unsaved' } } : s)),
    redo: () => set((s) => (s.history && canRedo(s.history) ? { history: redo(s.history), dirty: true, save: { status: 'unsaved' } } : s)),
    select: (id, mode = 'replace') =>
      set((s) => {
        if (mode === 'toggle') return { selection: s.selection.includes(id) ? s.selection.filter((x) => x !== id) : [...s.selection, id] };
        if (mode === 'range' && s.history && s.selection.length) {
          const ids = s.history.present.scenes.map((x) => x.id ?? '');
          const a = ids.indexOf(s.selection[s.selection.length - 1]!);
          const b = ids.indexOf(id);
          if (a >= 0 && b >= 0) return { selection: ids.slice(Math.min(a, b), Math.max(a, b) + 1) };
        }
        // a scene picked on its own brings the playhead to it, so the frame shows that scene
        const p = s.history?.present;
        const i = p ? p.scenes.findIndex((x) => x.id === id) : -1;
        if (!p || i < 0) return { selection: [id] };
        const start = sceneStarts(p.scenes)[i]!;
        const inside = s.playhead !== null && s.playhead >= start && s.playhead < start + sceneSeconds(p.scenes[i]!);
        return inside ? { selection: [id] } : { selection: [id], playhead: start };
      }),
    selectAll: () => set((s) => ({ selection: s.history ? s.history.present.scenes.map((x) => x.id ?? '') : [] })),
    clearSelection: () => set({ selection: [] }),
    deleteSelected: () => {
      const sel = get().selection;
      if (!sel.length) return;
      get().edit((p) => deleteScenes(p, sel));
      const p = present();
      set({ selection: sel.filter((id) => p?.scenes.some((s) => s.id === id)) });
    },
    moveSelected: (toIndex) => {
      const p = present();
      const sel = get().selection;
      if (!p || !sel.length) return;
      const ordered = p.scenes.map((s) => s.id ?? '').filter((id) => sel.includes(id));
      get().edit((doc) => moveScenes(doc, ordered, toIndex));
    },
    trim: (id, seconds, mergeKey) => get().edit((p) => trimScene(p, id, seconds), mergeKey),
    updateScene: (id, patch) => get().edit((p) => updateScene(p, id, patch), `scene:${id}:${Object.keys(patch).join(',')}`),
    updateProject: (patch) => get().edit((p) => updateProject(p, patch), `project:${Object.keys(patch).join(',')}`),
    setZoom: (zoom) => set({ zoom: Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, zoom)) }),
    setDrag: (drag) => set({ drag }),
    applyTemplate: async (templateId) => {
      const p = present();
      if (!p) return;
      try {
        const r = await api.applyTemplate(p, templateId);
        get().edit(() => withSceneIds(r.project));
        get().offer(templateAppliedWords(get().templates.find((t) => t.id === templateId)?.name ?? templateId, r), { label: 'Undo', run: () => get().undo() });
      } catch (err) {
        get().reportError(err, 'Applying the template');
      }
    },
    setNarration: (id, text) => {
      get().updateScene(id, { narration: text });
      clearTimeout(timers.get(id));
      timers.set(
        id,
        setTimeout(() => {
          timers.delete(id);
          void revoice(id, undefined);
        }, REVOICE_DELAY_MS),
      );
    },
    revoiceScene: (id, voice) => {
      clearTimeout(timers.get(id));
      timers.delete(id);
      return revoice(id, voice, voice ? `scene:${id}:voice` : undefined);
    },
    setVoice: async (voice) => {
      const p = present();
      if (!p) return;
      // the project's voice and every scene spoken with it are one undo step: one key for all of it
      const key = `voice:${++voiceChanges}`;
      get().edit((doc) => ({ ...doc, audio: { ...doc.audio, voice } }), key);
      // a scene a speaker says keeps the speaker's voice
      const speakers = p.audio.speakers ?? {};
      const ids = p.scenes.filter((x) => x.id && x.narration.trim() && !(x.speaker && speakers[x.speaker])).map((x) => x.id!);
      set({ voiceChange: { voice, done: 0, total: ids.length } });
      try {
        // one scene at a time: the voice engine is the slow part, and each result lands as it comes
        for (const [i, id] of ids.entries()) {
          await revoice(id, voice, key);
          set({ voiceChange: { voice, done: i + 1, total: ids.length } });
        }
      } finally {
        set({ voiceChange: undefined });
      }
    },
    setPlayhead: (seconds) => set({ playhead: seconds }),
    drawFrame: async () => {
      const p = present();
      if (!p || !p.scenes.length) return;
      const { sceneIndex, offset } = sceneAt(p.scenes, get().playhead ?? 0);
      const seq = ++frameSeq;
      const at = get().playhead ?? 0;
      set((s) => ({ frame: { ...s.frame, status: 'drawing' } }));
      try {
        const r = await api.renderFrame({ project: p, sceneIndex, offset });
        if (seq === frameSeq) set({ frame: { status: 'ready', path: r.path, at, captions: r.captions, of: p } });
      } catch (err) {
        // a newer position replaced this one (its drawing was stopped): not a failure
        if (seq !== frameSeq) return;
        set((s) => ({ frame: { ...s.frame, status: 'failed', message: err instanceof Error ? err.message : String(err) } }));
      }
    },
    renderPreview: async (scope) => {
      const p = present();
      if (!p) return;
      get().stopPreview();
      const sel = get().selection[0];
      // the whole video from the playhead, or the selected scene from its start
      const at = scope === 'scene' ? { sceneIndex: Math.max(0, p.scenes.findIndex((s) => s.id === sel)), offset: 0 } : sceneAt(p.scenes, get().playhead ?? 0);
      const start = sceneStarts(p.scenes)[at.sceneIndex]! + at.offset;
      const asked = { status: 'rendering' as const, scope };
      set({ preview: asked });
      try {
        const r = await api.streamPreview({ project: p, sceneIndex: at.sceneIndex, offset: at.offset, scope });
        // stopped, edited or asked again meanwhile: this stream is not wanted any more
        if (get().preview !== asked) return void api.stopPreviewStream({ id: r.id }).catch(() => undefined);
        set({ preview: { status: 'ready', path: r.path, scope, stream: { id: r.id, mime: r.mime, duration: r.durationSeconds, start } } });
      } catch (err) {
        if (get().preview !== asked) return;
        set({ preview: { status: 'idle' } });
        get().reportError(err, 'Preview');
      }
    },
    previewStreamEnded: (e) => {
      if (e.state !== 'failed' || get().preview.stream?.id !== e.id) return;
      set({ preview: { status: 'idle' } });
      get().reportError(new Error(e.message ?? 'the preview render failed'), 'Preview');
    },
    stopPreview: () => {
      const { preview } = get();
      if (preview.status === 'idle') return;
      set({ preview: { status: 'idle' } });
      if (preview.stream) void api.stopPreviewStream({ id: preview.stream.id }).catch(() => undefined);
    },
    saveProject: async () => {
      const p = present();
      if (!p) return undefined;
      set({ save: { status: 'saving' } });
      try {
        await api.saveProject(p);
        // an edit made while saving is still unsaved
        if (present() === p) set({ dirty: false, save: { status: 'saved', at: Date.now() } });
        else set({ save: { status: 'unsaved' } });
        return p.id;
      } catch (err) {
        set({ save: { status: 'failed', message: err instanceof Error ? err.message : String(err) } });
        get().reportError(err, 'Saving');
        return undefined;
      }
    },
  };
}
