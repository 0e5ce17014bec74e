import { useEffect, useState } from 'react';
import { useStudio, useStudioStore } from '../app/studio-context';
import { EditorToolbar } from './editor-toolbar';
import { ExportDialog } from './export-dialog';
import { Inspector } from './inspector';
import { MusicLane } from './music-lane';
import { PreviewPanel } from './preview-panel';
import { SidePanel } from './side-panel';
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
  const [exporting, setExporting] = useState(false);
  useEditorShortcuts(store);
  useAutosave();
  return (
    <div className="editor" data-testid="editor">
      <EditorToolbar onExport={() => setExporting(true)} />
      <div className="editor-main">
        <SidePanel />
        <PreviewPanel />
        <Inspector />
      </div>
      <div className="lanes">
        <Timeline />
        <MusicLane />
      </div>
      {exporting ? <ExportDialog onClose={() => setExporting(false)} /> : null}
    </div>
  );
}
