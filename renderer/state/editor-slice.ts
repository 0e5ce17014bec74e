import type { Scene } from '../../preload/contract/project';
import type { MediaItem, MediaSource, StoredProject } from '../../preload/contract/studio-api';
import { canRedo, canUndo, commit, initHistory, redo, undo, type History } from './history';
import { deleteScenes, insertScenes, moveScenes, trimScene, updateProject, updateScene, withSceneIds } from './timeline-ops';
import type { SliceContext } from './types';

export interface DragState {
  ids: string[];
  /** pointer offset from where the drag started, px */
  dx: number;
  /** insertion index the drop would use */
  targetIndex: number;
}

export interface PreviewState {
  status: 'idle' | 'rendering' | 'ready';
  path?: string;
  scope?: 'scene' | 'project';
}

export type DropTarget = { sceneId: string } | { index: number };

export interface EditorSlice {
  history?: History<StoredProject>;
  selection: string[];
  /** pixels per second on the timeline */
  zoom: number;
  drag: DragState | null;
  dirty: boolean;
  preview: PreviewState;
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
  dropMedia(sources: MediaSource[], target: DropTarget): Promise<void>;
  renderPreview(scope: 'scene' | 'project'): Promise<void>;
  /** saves the open project; resolves with its id, or undefined when saving failed */
  saveProject(): Promise<string | undefined>;
}

export const MIN_ZOOM = 4;
export const MAX_ZOOM = 400;

export function visualFor(item: MediaItem): Scene['visual'] | undefined {
  if (item.kind === 'image') return { type: 'image', path: item.path, fit: 'fill', zoom: [1, 1.12], pan: 'none' };
  if (item.kind === 'video') return { type: 'video', path: item.path, fit: 'fill', start: 0, loop: true, volume: 0 };
  return undefined;
}

export function createEditorSlice({ set, get, api }: SliceContext): EditorSlice {
  const present = () => get().history?.present;
  return {
    selection: [],
    zoom: 40,
    drag: null,
    dirty: false,
    preview: { status: 'idle' },
    openProject: async (id) => {
      try {
        get().openDocument(await api.getProject(id));
      } catch (err) {
        get().reportError(err, 'Opening the project');
      }
    },
    openDocument: (project) =>
      set({ history: initHistory(withSceneIds(project)), selection: [], drag: null, dirty: false, preview: { status: 'idle' }, view: 'editor' }),
    closeProject: () => set({ history: undefined, selection: [], drag: null, view: 'library' }),
    edit: (fn, mergeKey) =>
      set((s) => {
        if (!s.history) return s;
        const next = commit(s.history, fn(s.history.present), mergeKey);
        return next === s.history ? s : { history: next, dirty: true };
      }),
    undo: () => set((s) => (s.history && canUndo(s.history) ? { history: undo(s.history), dirty: true } : s)),
    redo: () => set((s) => (s.history && canRedo(s.history) ? { history: redo(s.history), dirty: true } : s)),
    select: (id, mode = 'replace') =>
      set((s) => {
        if (mode === 'toggle') return { selection: s.selection.includes(id) ? s.selection.filter((x) => x !== id) : [...s.selection, id] };
        if (mode === 'range' && s.history && s.selection.length) {
          const ids = s.history.present.scenes.map((x) => x.id ?? '');
          const a = ids.indexOf(s.selection[s.selection.length - 1]!);
          const b = ids.indexOf(id);
          if (a >= 0 && b >= 0) return { selection: ids.slice(Math.min(a, b), Math.max(a, b) + 1) };
        }
        return { selection: [id] };
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
        const restyled = withSceneIds(await api.applyTemplate(p, templateId));
        get().edit(() => restyled);
        get().notify('info', `Template applied: ${get().templates.find((t) => t.id === templateId)?.name ?? templateId}`);
      } catch (err) {
        get().reportError(err, 'Applying the template');
      }
    },
    dropMedia: async (sources, target) => {
      if (!present()) return;
      let items: MediaItem[];
      try {
        items = await api.importMedia(sources);
      } catch (err) {
        get().reportError(err, 'Importing media');
        return;
      }
      const visuals = items.map(visualFor).filter((v): v is Scene['visual'] => v !== undefined);
      if (!visuals.length) {
        get().notify('error', 'Only images and videos can be placed on the timeline.', 'INVALID_INPUT');
        return;
      }
      if ('sceneId' in target) {
        const [first, ...more] = visuals;
        get().edit((p) => {
          const withVisual = updateScene(p, target.sceneId, { visual: first! });
          const i = withVisual.scenes.findIndex((s) => s.id === target.sceneId);
          return more.length ? insertScenes(withVisual, i + 1, more) : withVisual;
        });
      } else {
        get().edit((p) => insertScenes(p, target.index, visuals));
      }
    },
    renderPreview: async (scope) => {
      const p = present();
      if (!p) return;
      const sel = get().selection[0];
      const sceneIndex = scope === 'scene' ? Math.max(0, p.scenes.findIndex((s) => s.id === sel)) : undefined;
      set({ preview: { status: 'rendering', scope } });
      try {
        const r = await api.renderPreview({ project: p, sceneIndex });
        set({ preview: { status: 'ready', path: r.path, scope } });
      } catch (err) {
        set({ preview: { status: 'idle' } });
        get().reportError(err, 'Preview');
      }
    },
    saveProject: async () => {
      const p = present();
      if (!p) return undefined;
      try {
        await api.saveProject(p);
        if (present() === p) set({ dirty: false });
        return p.id;
      } catch (err) {
        get().reportError(err, 'Saving');
        return undefined;
      }
    },
  };
}
