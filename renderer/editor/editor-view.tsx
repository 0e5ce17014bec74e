import { useEffect } from 'react';
import { useStudio, useStudioStore } from '../app/studio-context';
import { EditorToolbar } from './editor-toolbar';
import { Inspector } from './inspector';
import { PreviewPanel } from './preview-panel';
import { TemplateGallery } from './template-gallery';
import { Timeline } from './timeline';
import { useEditorShortcuts } from './use-shortcuts';

/** Unsaved edits are saved a moment after the last change, so closing the window loses nothing. */
function useAutosave() {
  const { dirty, present, save } = useStudio((s) => ({ dirty: s.dirty, present: s.history?.present, save: s.saveProject }));
  useEffect(() => {
    if (!dirty) return;
    const t = setTimeout(() => void save(), 1500);
    return () => clearTimeout(t);
  }, [dirty, present, save]);
}

export function EditorView() {
  const store = useStudioStore();
  useEditorShortcuts(store);
  useAutosave();
  return (
    <div className="editor" data-testid="editor">
      <EditorToolbar />
      <div className="editor-main">
        <TemplateGallery />
        <PreviewPanel />
        <Inspector />
      </div>
      <Timeline />
    </div>
  );
}
