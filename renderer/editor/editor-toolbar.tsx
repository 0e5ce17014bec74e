import { useEffect, useState } from 'react';
import { useStudio } from '../app/studio-context';
import { canRedo, canUndo } from '../state/history';
import type { SaveState } from '../state/editor-slice';

const ago = (t: number) => {
  const s = Math.round((Date.now() - t) / 1000);
  return s < 5 ? 'just now' : s < 60 ? `${s} s ago` : `at ${new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`;
};

/** Says what is true: saved (and when), saving, unsaved edits, or that saving failed. */
function SaveIndicator({ save }: { save: SaveState }) {
  const [, tick] = useState(0);
  useEffect(() => {
    if (save.status !== 'saved') return;
    const t = setInterval(() => tick((n) => n + 1), 10_000);
    return () => clearInterval(t);
  }, [save.status]);
  const text =
    save.status === 'saved' ? (save.at ? `Saved ${ago(save.at)}` : 'Saved') : save.status === 'saving' ? 'Saving…' : save.status === 'unsaved' ? 'Unsaved changes' : 'Not saved';
  return (
    <span className={`save-state ${save.status}`} title={save.status === 'failed' ? save.message : undefined} data-testid="save-state" data-state={save.status}>
      {text}
    </span>
  );
}

export function EditorToolbar({ onExport }: { onExport(): void }) {
  const s = useStudio((s) => ({
    title: s.history?.present.title ?? '',
    canUndo: s.history ? canUndo(s.history) : false,
    canRedo: s.history ? canRedo(s.history) : false,
    hasSelection: s.selection.length > 0,
    save: s.save,
    zoom: s.zoom,
    undo: s.undo,
    redo: s.redo,
    deleteSelected: s.deleteSelected,
    setZoom: s.setZoom,
    saveProject: s.saveProject,
  }));
  return (
    <div className="toolbar">
      <h2 className="project-title">{s.title}</h2>
      <SaveIndicator save={s.save} />
      <button onClick={s.undo} disabled={!s.canUndo} title="Undo (Ctrl+Z)" data-testid="undo">Undo</button>
      <button onClick={s.redo} disabled={!s.canRedo} title="Redo (Ctrl+Shift+Z)" data-testid="redo">Redo</button>
      <button onClick={s.deleteSelected} disabled={!s.hasSelection} title="Delete (Del)" data-testid="delete-scenes">Delete</button>
      <span className="zoom">
        <button onClick={() => s.setZoom(s.zoom / 1.25)} title="Zoom out (-)" aria-label="Zoom out">−</button>
        <span>{Math.round(s.zoom)} px/s</span>
        <button onClick={() => s.setZoom(s.zoom * 1.25)} title="Zoom in (+)" aria-label="Zoom in">+</button>
      </span>
      <span className="spacer" />
      <button onClick={() => void s.saveProject()} disabled={s.save.status === 'saved' || s.save.status === 'saving'} title="Save (Ctrl+S)" data-testid="save">Save</button>
      <button className="primary" onClick={onExport} data-testid="export">Export…</button>
    </div>
  );
}
