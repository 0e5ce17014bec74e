import { isCancelled, StudioError } from '../../preload/contract/errors';
import type { SliceContext } from './types';

export type View = 'library' | 'editor' | 'queue' | 'settings';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  message: string;
  code?: string;
}

export interface UiSlice {
  view: View;
  notices: Notice[];
  setView(view: View): void;
  notify(kind: Notice['kind'], message: string, code?: string): void;
  /** shows a failure to the user; a cancellation is an outcome, not an error, and stays quiet */
  reportError(err: unknown, context?: string): void;
  dismissNotice(id: number): void;
}

let nextNotice = 1;

export function createUiSlice({ set, get }: SliceContext): UiSlice {
  return {
    view: 'library',
    notices: [],
    setView: (view) => set({ view }),
    notify: (kind, message, code) => {
      const id = nextNotice++;
      set((s) => ({ notices: [...s.notices.slice(-4), { id, kind, message, code }] }));
      // confirmations fade on their own; errors wait to be read and dismissed
      if (kind === 'info') setTimeout(() => get().dismissNotice(id), 4000);
    },
    reportError: (err, context) => {
      if (isCancelled(err)) return;
      const message = err instanceof Error ? err.message : String(err);
      get().notify('error', context ? `${context}: ${message}` : message, err instanceof StudioError ? err.code : undefined);
    },
    dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  };
}
