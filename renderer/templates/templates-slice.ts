import type { FontLists } from './font-select';
import { templateAppliedWords } from '../state/editor-slice';
import type { UserFont } from '../../preload/contract/project';
import type { MediaSource, TemplateSummary } from '../../preload/contract/studio-api';
import type { Template } from '../../preload/contract/template';
import type { SliceContext } from '../state/types';
import { withSceneIds } from '../state/timeline-ops';

/** How long editing must pause before the preview frame is drawn again. */
export const TEMPLATE_PREVIEW_DELAY_MS = 350;

export type TemplateSource = TemplateSummary['source'];

export interface TemplateDraft {
  template: Template;
  source: TemplateSource;
  /** changed since it was opened or saved */
  dirty: boolean;
}

export interface DraftFrame {
  status: 'idle' | 'drawing' | 'ready' | 'failed';
  path?: string;
  message?: string;
}

export interface TemplateFileRef {
  path: string;
  fileName: string;
  /** the template's hash when the file was written: a newer edit needs a new file */
  hash: string;
}

export interface TemplatesSlice {
  templateDraft?: TemplateDraft;
  draftFrame: DraftFrame;
  fonts: FontLists;
  /** the last deleted user template, until Undo puts it back or another one is deleted */
  deletedTemplate?: Template;
  /** exported files, ready for a card to be dragged out to the desktop */
  templateFiles: Record<string, TemplateFileRef>;
  refreshTemplates(): Promise<void>;
  openTemplate(id: string): Promise<void>;
  closeTemplate(): void;
  changeDraft(change: (t: Template) => Template): void;
  saveDraft(): Promise<void>;
  duplicateTemplate(id: string, name?: string): Promise<void>;
  renameTemplate(id: string, name: string): Promise<void>;
  deleteTemplate(id: string): Promise<void>;
  undoDeleteTemplate(): Promise<void>;
  forgetDeletedTemplate(): void;
  saveProjectLook(name: string): Promise<void>;
  importTemplates(sources: MediaSource[]): Promise<void>;
  prepareTemplateFile(id: string): Promise<TemplateFileRef | undefined>;
  loadFonts(): Promise<void>;
  /** copies a font into the app's data and offers it to the draft (its style lists it) */
  addFont(source: MediaSource): Promise<UserFont | undefined>;
  /** restyles one scene of the open project with a template (a card dropped on a clip) */
  applyTemplateToScene(templateId: string, sceneIndex: number): Promise<void>;
}

const TEMPLATE_FILE = /\.(json|zip)$/i;

export function createTemplatesSlice({ set, get, api }: SliceContext): TemplatesSlice {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // each preview request is numbered: an answer to an older edit never replaces a newer one
  let drawn = 0;
  const guarded = async <T>(what: string, fn: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await fn();
    } catch (err) {
      get().reportError(err, what);
      return undefined;
    }
  };
  const drawPreview = async () => {
    const draft = get().templateDraft;
    if (!draft) return;
    const n = ++drawn;
    set({ draftFrame: { ...get().draftFrame, status: 'drawing' } });
    try {
      const { path } = await api.templatePreview(draft.template);
      if (n === drawn) set({ draftFrame: { status: 'ready', path } });
    } catch (err) {
      if (n === drawn) set({ draftFrame: { status: 'failed', path: get().draftFrame.path, message: err instanceof Error ? err.message : String(err) } });
    }
  };
  const schedulePreview = () => {
    // the frame on screen no longer shows the draft: an answer already on its way is dropped
    drawn++;
    if (get().draftFrame.status !== 'drawing') set({ draftFrame: { ...get().draftFrame, status: 'drawing' } });
    clearTimeout(timer);
    timer = setTimeout(() => void drawPreview(), TEMPLATE_PREVIEW_DELAY_MS);
  };
  const open = (template: Template, source: TemplateSource) => {
    set({ templateDraft: { template, source, dirty: false } });
    void drawPreview();
  };

  return {
    draftFrame: { status: 'idle' },
    fonts: { bundled: ['Inter'], looks: [], system: [], user: [] },
    templateFiles: {},
    refreshTemplates: async () => void (await guarded('Listing the templates', async () => set({ templates: await api.listTemplates() }))),
    openTemplate: (id) =>
      guarded('Opening the template', async () => {
        const e = await api.getTemplate(id);
        open(e.template, e.source);
      }).then(() => undefined),
    closeTemplate: () => {
      clearTimeout(timer);
      drawn++;
      set({ templateDraft: undefined, draftFrame: { status: 'idle' } });
    },
    changeDraft: (change) => {
      const draft = get().templateDraft;
      if (!draft || draft.source !== 'user') return;
      set({ templateDraft: { ...draft, template: change(draft.template), dirty: true } });
      schedulePreview();
    },
    saveDraft: () =>
      guarded('Saving the template', async () => {
        const draft = get().templateDraft;
        if (!draft) return;
        const saved = await api.saveTemplate(draft.template);
        set({ templateDraft: { ...draft, dirty: false } });
        await get().refreshTemplates();
        get().notify('info', `Template saved: ${saved.name}`);
      }),
    duplicateTemplate: (id, name) =>
      guarded('Duplicating the template', async () => {
        const copy = await api.duplicateTemplate(id, name);
        await get().refreshTemplates();
        await get().openTemplate(copy.id);
      }),
    renameTemplate: (id, name) =>
      guarded('Renaming the template', async () => {
        const renamed = await api.renameTemplate(id, name);
        const draft = get().templateDraft;
        if (draft?.template.id === id) set({ templateDraft: { ...draft, template: { ...draft.template, name: renamed.name } } });
        await get().refreshTemplates();
      }),
    deleteTemplate: (id) =>
      guarded('Deleting the template', async () => {
        const removed = await api.deleteTemplate(id);
        set({ deletedTemplate: removed });
        // the list first: the page then opens a template that still exists
        await get().refreshTemplates();
        if (get().templateDraft?.template.id === id) get().closeTemplate();
      }),
    undoDeleteTemplate: () =>
      guarded('Putting the template back', async () => {
        const t = get().deletedTemplate;
        if (!t) return;
        await api.saveTemplate(t);
        set({ deletedTemplate: undefined });
        await get().refreshTemplates();
      }),
    forgetDeletedTemplate: () => set({ deletedTemplate: undefined }),
    saveProjectLook: (name) =>
      guarded("Saving the project's look", async () => {
        const project = get().history?.present;
        if (!project) return;
        const made = await api.templateFromProject(project, name);
        await get().refreshTemplates();
        await get().openTemplate(made.id);
        get().notify('info', `Template made from "${project.title}": ${made.name}`);
      }),
    importTemplates: (sources) =>
      guarded('Importing templates', async () => {
        const wrong = sources.filter((s) => !TEMPLATE_FILE.test(s.name));
        if (wrong.length) {
          throw new Error(`${wrong.map((s) => `“${s.name}”`).join(', ')} ${wrong.length > 1 ? 'are not template files' : 'is not a template file'}: drop a .reelforge-template.json, or a .zip package with its fonts and music`);
        }
        const added: string[] = [];
        for (const s of sources) added.push((await api.importTemplate(s)).name);
        set({ deletedTemplate: undefined }); // an Undo from before would now mean another template
        await get().refreshTemplates();
        get().notify('info', `Imported: ${added.join(', ')}`);
      }).then(() => undefined),
    prepareTemplateFile: async (id) => {
      const t = get().templates.find((x) => x.id === id);
      const have = get().templateFiles[id];
      if (have && t && have.hash === t.hash) return have;
      try {
        const file = await api.exportTemplate(id);
        const ref = { ...file, hash: t?.hash ?? '' };
        set((s) => ({ templateFiles: { ...s.templateFiles, [id]: ref } }));
        return ref;
      } catch {
        return undefined; // the Export button reports why; a drag just does not carry a file
      }
    },
    loadFonts: () => guarded('Listing the fonts', async () => set({ fonts: await api.listFonts() })).then(() => undefined),
    addFont: (source) =>
      guarded('Adding the font', async () => {
        const font = await api.importFont(source);
        await get().loadFonts();
        get().changeDraft((t) => ({ ...t, style: { ...t.style, fonts: [...t.style.fonts.filter((f) => f.family !== font.family), font] } }));
        get().notify('info', `Font added: ${font.family}`);
        return font;
      }),
    applyTemplateToScene: (templateId, sceneIndex) =>
      guarded('Applying the template to the scene', async () => {
        const p = get().history?.present;
        if (!p) return;
        const r = await api.applyTemplate(p, templateId, sceneIndex);
        get().edit(() => withSceneIds(r.project));
        get().offer(templateAppliedWords(get().templates.find((t) => t.id === templateId)?.name ?? templateId, r), { label: 'Undo', run: () => get().undo() });
      }),
  };
}
