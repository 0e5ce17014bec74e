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
    dropMedia: async (sources, target) => {
      if (!get().history) return;
      const items = await get().importMedia(sources);
      if (items.length) get().placeMedia(items, target);
    },
  };
}
