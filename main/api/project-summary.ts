import type { ProjectDocument } from '../../preload/contract/project';
import type { ProjectSummary } from '../../preload/contract/studio-api';
import { estimateSeconds } from '../script/split-text';

export function projectSeconds(project: ProjectDocument): number {
  return project.scenes.reduce((t, s) => t + (typeof s.duration === 'number' ? s.duration : Math.max(1, estimateSeconds(s.narration, 165)) + s.padding), 0);
}

export function summarize(p: { id: string; document: ProjectDocument; createdAt: number; updatedAt: number }): ProjectSummary {
  return {
    id: p.id,
    title: p.document.title,
    template: p.document.template,
    sceneCount: p.document.scenes.length,
    durationSeconds: Math.round(projectSeconds(p.document) * 10) / 10,
    createdAt: new Date(p.createdAt).toISOString(),
    updatedAt: new Date(p.updatedAt).toISOString(),
  };
}
