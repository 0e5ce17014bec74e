import { useEffect } from 'react';
import type { StudioStore } from '../state/types';

const typing = (t: EventTarget | null) => t instanceof HTMLElement && (t.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(t.tagName));

/** The editor's keyboard: undo/redo, select all, delete, zoom, save, Escape clears the selection. */
export function useEditorShortcuts(store: StudioStore) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typing(e.target)) return;
      const s = store.getState();
      const mod = e.ctrlKey || e.metaKey;
      const key = e.key.toLowerCase();
      let handled = true;
      if (mod && key === 'z' && !e.shiftKey) s.undo();
      else if (mod && (key === 'y' || (key === 'z' && e.shiftKey))) s.redo();
      else if (mod && key === 'a') s.selectAll();
      else if (mod && key === 's') void s.saveProject();
      else if (key === 'delete' || key === 'backspace') s.deleteSelected();
      else if (key === 'escape') s.clearSelection();
      else if (key === '+' || key === '=') s.setZoom(s.zoom * 1.25);
      else if (key === '-') s.setZoom(s.zoom / 1.25);
      else handled = false;
      if (handled) e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store]);
}
