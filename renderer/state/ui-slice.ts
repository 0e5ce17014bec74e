import { isCancelled } from '../../preload/contract/errors';
import { describeError } from '../app/describe-error';
import type { SliceContext } from './types';

export type View = 'library' | 'create' | 'editor' | 'templates' | 'queue' | 'settings';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  message: string;
  code?: string;
  /** paths, codes and command lines, behind a disclosure */
  details?: string;
  /** a button on the notice (Undo, Open…) */
  action?: { label: string; run(): void };
}

export interface UiSlice {
  view: View;
  notices: Notice[];
  setView(view: View): void;
  notify(kind: Notice['kind'], message: string, code?: string, details?: string): void;
  /** a confirmation with a button (Undo), shown long enough to be used */
  offer(message: string, action: { label: string; run(): void }, details?: string): void;
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
    notify: (kind, message, code, details) => {
      const id = nextNotice++;
      set((s) => ({ notices: [...s.notices.slice(-4), { id, kind, message, code, details }] }));
      // confirmations fade on their own; errors wait to be read and dismissed
      if (kind === 'info') setTimeout(() => get().dismissNotice(id), 4000);
    },
    offer: (message, action, details) => {
      const id = nextNotice++;
      set((s) => ({ notices: [...s.notices.slice(-4), { id, kind: 'info', message, details, action }] }));
      setTimeout(() => get().dismissNotice(id), 10_000);
    },
    reportError: (err, context) => {
      if (isCancelled(err)) return;
      const { summary, details } = describeError(err, context);
      get().notify('error', summary, (err as { code?: string })?.code, details);
    },
    dismissNotice: (id) => set((s) => ({ notices: s.notices.filter((n) => n.id !== id) })),
  };
}
