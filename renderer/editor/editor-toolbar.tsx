import { useStudio } from '../app/studio-context';
import { canRedo, canUndo } from '../state/history';

export function EditorToolbar() {
  const s = useStudio((s) => ({
    title: s.history?.present.title ?? '',
    canUndo: s.history ? canUndo(s.history) : false,
    canRedo: s.history ? canRedo(s.history) : false,
    hasSelection: s.selection.length > 0,
    dirty: s.dirty,
    zoom: s.zoom,
    undo: s.undo,
    redo: s.redo,
    deleteSelected: s.deleteSelected,
    setZoom: s.setZoom,
    save: s.saveProject,
    render: s.enqueueRender,
  }));
  return (
    <div className="toolbar">
      <h2 className="project-title">{s.title}{s.dirty ? ' •' : ''}</h2>
      <button onClick={s.undo} disabled={!s.canUndo} title="Undo (Ctrl+Z)" data-testid="undo">Undo</button>
      <button onClick={s.redo} disabled={!s.canRedo} title="Redo (Ctrl+Shift+Z)" data-testid="redo">Redo</button>
      <button onClick={s.deleteSelected} disabled={!s.hasSelection} title="Delete (Del)" data-testid="delete-scenes">Delete</button>
      <span className="zoom">
        <button onClick={() => s.setZoom(s.zoom / 1.25)} title="Zoom out (-)" aria-label="Zoom out">−</button>
        <span>{Math.round(s.zoom)} px/s</span>
        <button onClick={() => s.setZoom(s.zoom * 1.25)} title="Zoom in (+)" aria-label="Zoom in">+</button>
      </span>
      <span className="spacer" />
      <button onClick={() => void s.save()} disabled={!s.dirty} title="Save (Ctrl+S)" data-testid="save">Save</button>
      <button className="primary" onClick={() => void s.render()} data-testid="render">Render video</button>
    </div>
  );
}
