import type { ProjectSummary, TemplateSummary } from '../../preload/contract/studio-api';
import type { SliceContext } from './types';

export interface LibrarySlice {
  projects: ProjectSummary[];
  templates: TemplateSummary[];
  libraryLoaded: boolean;
  loadLibrary(): Promise<void>;
  duplicateProject(id: string): Promise<void>;
  renameProject(id: string, title: string): Promise<void>;
  deleteProject(id: string): Promise<void>;
}

export function createLibrarySlice({ set, get, api }: SliceContext): LibrarySlice {
  const refresh = async () => set({ projects: await api.listProjects(), libraryLoaded: true });
  const guarded = (what: string, fn: () => Promise<void>) => fn().catch((err) => get().reportError(err, what));
  return {
    projects: [],
    templates: [],
    libraryLoaded: false,
    loadLibrary: () =>
      guarded('Loading the library', async () => {
        const [projects, templates] = await Promise.all([api.listProjects(), api.listTemplates()]);
        set({ projects, templates, libraryLoaded: true });
      }),
    duplicateProject: (id) => guarded('Duplicating', async () => void (await api.duplicateProject(id), await refresh())),
    renameProject: (id, title) => guarded('Renaming', async () => void (await api.renameProject(id, title), await refresh())),
    deleteProject: (id) =>
      guarded('Deleting', async () => {
        await api.deleteProject(id);
        if (get().history?.present.id === id) get().closeProject();
        await refresh();
      }),
  };
}
