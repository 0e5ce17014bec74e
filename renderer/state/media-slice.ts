import type { Scene } from '../../preload/contract/project';
import type { MediaItem, MediaSource } from '../../preload/contract/studio-api';
import { insertScenes, updateScene } from './timeline-ops';
import type { SliceContext } from './types';

export type DropTarget = { sceneId: string } | { index: number };

export interface MediaSlice {
  /** the media library, newest first */
  media: MediaItem[];
  mediaLoaded: boolean;
  loadMedia(): Promise<void>;
  /** copies files into the library; resolves with what was imported (empty when it failed) */
  importMedia(sources: MediaSource[]): Promise<MediaItem[]>;
  /** puts library items on a scene (the first replaces its picture, the rest follow it) or between scenes */
  placeMedia(items: MediaItem[], target: DropTarget): void;
  /** files dropped from the OS: imported, then placed */
  dropMedia(sources: MediaSource[], target: DropTarget): Promise<void>;
  /**
   * Files being added (read, sent, copied and probed: seconds for a song in the browser studio),
   * so the panel that started it shows what it is doing instead of nothing.
   */
  importing?: MediaImport;
  /** runs an import from the page's files, with `importing` set while it works */
  trackImport<T>(files: Array<{ name: string; size: number }>, where: MediaImport['where'], work: () => Promise<T>): Promise<T>;
}

export interface MediaImport {
  /** the panel that started it: the music lane or the media library */
  where: 'music' | 'media';
  names: string[];
  bytes: number;
  startedAt: number;
}

export function visualFor(item: MediaItem): Scene['visual'] | undefined {
  if (item.kind === 'image') return { type: 'image', path: item.path, fit: 'fill', zoom: [1, 1.12], pan: 'none' };
  if (item.kind === 'video') return { type: 'video', path: item.path, fit: 'fill', start: 0, loop: true, volume: 0 };
  return undefined;
}

export function createMediaSlice({ set, get, api }: SliceContext): MediaSlice {
  return {
    media: [],
    mediaLoaded: false,
    loadMedia: async () => {
      try {
        set({ media: await api.listMedia(), mediaLoaded: true });
      } catch (err) {
        set({ mediaLoaded: true });
        get().reportError(err, 'Listing the media library');
      }
    },
    importMedia: async (sources) => {
      try {
        const items = await api.importMedia(sources);
        const fresh = new Set(items.map((i) => i.path));
        set((s) => ({ media: [...items, ...s.media.filter((m) => !fresh.has(m.path))] }));
        return items;
      } catch (err) {
        get().reportError(err, 'Importing media');
        return [];
      }
    },
    placeMedia: (items, target) => {
      if (!get().history) return;
      const visuals = items.map(visualFor).filter((v): v is Scene['visual'] => v !== undefined);
      if (!visuals.length) {
        get().notify('error', 'Only pictures and video clips can go on the timeline; add sound as music below it.', 'INVALID_INPUT');
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
    trackImport: async (files, where, work) => {
      set({ importing: { where, names: files.map((f) => f.name), bytes: files.reduce((n, f) => n + f.size, 0), startedAt: Date.now() } });
      try {
        return await work();
      } finally {
        set({ importing: undefined });
      }
    },
    dropMedia: async (sources, target) => {
      if (!get().history) return;
      const items = await get().importMedia(sources);
      if (items.length) get().placeMedia(items, target);
    },
  };
}
