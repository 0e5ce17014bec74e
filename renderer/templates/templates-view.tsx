import { useEffect } from 'react';
import { useStudio } from '../app/studio-context';
import { TemplateEditor, TemplatePreviewFrame } from './template-editor';
import { TemplateLibraryPanel } from './template-library-panel';

/** The Templates page: the library on the left, the open template's editor and live frame beside it. */
export function TemplatesView() {
  const { open, templates, openTemplate, refresh } = useStudio((s) => ({ open: s.templateDraft !== undefined, templates: s.templates, openTemplate: s.openTemplate, refresh: s.refreshTemplates }));
  useEffect(() => void refresh(), [refresh]);
  // open the first user template (or the first of all) so the page never starts empty
  useEffect(() => {
    if (!open && templates.length) void openTemplate((templates.find((t) => t.source === 'user') ?? templates[0]!).id);
  }, [open, templates, openTemplate]);
  return (
    <div className="templates-view" data-testid="templates-view">
      <TemplateLibraryPanel />
      {open ? <TemplateEditor /> : <section className="template-editor panel" />}
      {open ? <TemplatePreviewFrame /> : <section className="template-live panel" />}
    </div>
  );
}
