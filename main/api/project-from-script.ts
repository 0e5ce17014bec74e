import { projectSchema, styleSchema, type ProjectDocument, type Scene } from '../../preload/contract/project';
import type { Template } from '../../preload/contract/template';
import { estimateSeconds, splitScript } from '../script/split-text';

export interface FromScriptOptions {
  title: string;
  script: string;
  template?: Template;
  /** a fixed length for every scene (tests, quick drafts); otherwise estimated from the narration */
  sceneSeconds?: number;
  settings?: ProjectDocument['settings'];
}

const DEFAULT_PACING = { targetSceneSeconds: 6, wordsPerMinute: 165, scenePadding: 0.4 };

/** The card a template shows where no media was chosen. */
export function templateCard(template: Template | undefined, narration: string): Scene['visual'] {
  const cards = template?.cards;
  if (!cards) return { type: 'gradient', from: '#1B1B3A', to: '#693668', direction: 'diagonal' };
  if (cards.kind === 'color') return { type: 'color', color: cards.from };
  if (cards.kind === 'text') return { type: 'text', text: narration.slice(0, 80) || ' ', background: cards.from, size: 0.07 };
  return { type: 'gradient', from: cards.from, to: cards.to, direction: cards.direction };
}

/**
 * A new project from the user's script: paragraphs become scenes (the script splitter's rules),
 * the template gives the look and the pacing. Scene lengths are numbers estimated from the
 * narration, because a `fit` scene needs narration audio that voice synthesis has not made yet.
 */
export function projectFromScript(opts: FromScriptOptions): ProjectDocument {
  const pacing = opts.template?.pacing ?? DEFAULT_PACING;
  const script = splitScript(opts.script, { targetSceneSeconds: pacing.targetSceneSeconds, wordsPerMinute: pacing.wordsPerMinute, language: opts.template?.defaults.language });
  const scenes = script.scenes.map((s) => ({
    narration: s.narration,
    visual: templateCard(opts.template, s.narration),
    duration: opts.sceneSeconds ?? Math.max(1.5, Math.round((estimateSeconds(s.narration, pacing.wordsPerMinute) + pacing.scenePadding) * 10) / 10),
  }));
  return projectSchema.parse({
    version: 1,
    title: opts.title,
    template: opts.template?.id,
    settings: opts.settings ?? { preset: opts.template?.preset ?? 'shorts-1080' },
    style: opts.template?.style ?? styleSchema.parse({}),
    scenes,
  });
}

/**
 * Restyles a project with a template: its look (fonts, colours, captions, transitions) and the
 * cards of scenes that show no media. Narration, media, timing and output size stay the user's.
 */
export function restyleProject<P extends ProjectDocument>(project: P, template: Template): P {
  return {
    ...project,
    template: template.id,
    style: template.style,
    scenes: project.scenes.map((s) =>
      s.visual.type === 'gradient' || s.visual.type === 'color' ? { ...s, visual: templateCard(template, s.narration) } : s,
    ),
  };
}
