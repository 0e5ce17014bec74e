import { memo, useRef, useState } from 'react';
import { filesToSources } from '../api/file-sources';
import type { TemplateSummary } from '../../preload/contract/studio-api';
import { useConnection, useStudio, useStudioStore } from '../app/studio-context';
import { TemplateFrame } from '../create/template-picker';
import { carriesFiles, importDroppedTemplates, startCardDrag } from './template-files';

const sourceLabel = { 'built-in': 'built-in', file: 'file', user: 'yours' } as const;

const TemplateTile = memo(function TemplateTile({ t, open }: { t: TemplateSummary; open: boolean }) {
  const store = useStudioStore();
  const conn = useConnection();
  const { openTemplate, prepare } = useStudio((s) => ({ openTemplate: s.openTemplate, prepare: s.prepareTemplateFile }));
  return (
    <li
      className={open ? 'template-tile open' : 'template-tile'}
      draggable
      // the file is written before a drag can start, so that the drag can carry it out
      onPointerEnter={() => void prepare(t.id)}
      onDragStart={(e) => startCardDrag(e, t.id, store, conn)}
      onClick={() => void openTemplate(t.id)}
      title={`${t.description}\nClick to open in the editor. Drag out of the window to save it as a file.`}
      data-testid="template-tile"
      data-template-id={t.id}
      data-hash={t.hash}
    >
      <TemplateFrame t={t} />
      <span className="template-name">{t.name}</span>
      <span className={`source-badge ${t.source}`}>{sourceLabel[t.source]}</span>
    </li>
  );
});

/**
 * The template library: every template as a real rendered frame, the user's own marked; files
 * dropped here are imported, and a card dragged out of the window is exported.
 */
export function TemplateLibraryPanel() {
  const store = useStudioStore();
  const conn = useConnection();
  const { templates, openId, deleted, undo, forget, hasProject, saveLook, projectTitle } = useStudio((s) => ({
    templates: s.templates,
    openId: s.templateDraft?.template.id,
    deleted: s.deletedTemplate,
    undo: s.undoDeleteTemplate,
    forget: s.forgetDeletedTemplate,
    hasProject: s.history !== undefined,
    saveLook: s.saveProjectLook,
    projectTitle: s.history?.present.title,
  }));
  const [hover, setHover] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  return (
    <section
      className={hover ? 'template-library panel drop-hover' : 'template-library panel'}
      aria-label="Template library"
      data-testid="template-library"
      onDragOver={(e) => {
        if (!carriesFiles(e)) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setHover(true);
      }}
      onDragLeave={() => setHover(false)}
      onDrop={(e) => {
        setHover(false);
        if (carriesFiles(e)) void importDroppedTemplates(e, store, conn);
      }}
    >
      <div className="list-head">
        <h3>Templates</h3>
        <button disabled={!hasProject} onClick={() => void saveLook(`${projectTitle ?? 'Project'} look`)} title={hasProject ? `Make a template from "${projectTitle}"` : 'Open a project first'} data-testid="save-project-look">
          Save project's look
        </button>
      </div>
      {deleted ? (
        <div className="undo-bar" role="status">
          <span>Deleted “{deleted.name}”.</span>
          <button onClick={() => void undo()} data-testid="undo-delete-template">Undo</button>
          <button className="link" onClick={forget} aria-label="Dismiss">×</button>
        </div>
      ) : null}
      <ul className="template-grid">
        {templates.map((t) => (
          <TemplateTile key={t.id} t={t} open={t.id === openId} />
        ))}
      </ul>
      <div className="drop-hint">
        <button onClick={() => picker.current?.click()} data-testid="template-import">Import…</button>
        <span className="meta">or drop a .reelforge-template.json or a template .zip here.</span>
        <input
          ref={picker}
          type="file"
          accept=".json,.zip"
          multiple
          hidden
          onChange={(e) => {
            const files = [...(e.target.files ?? [])];
            e.target.value = '';
            if (files.length) void filesToSources(files, conn).then((sources) => store.getState().importTemplates(sources), (err) => store.getState().reportError(err, 'Importing the template'));
          }}
          data-testid="template-import-file"
        />
      </div>
      {hover ? <div className="template-drop-hint">Drop to import</div> : null}
    </section>
  );
}
