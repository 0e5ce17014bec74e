import type { ProjectDocument } from '../../preload/contract/project';
import type { Template } from '../../preload/contract/template';
import { keywordsOf } from '../script/keywords';
import { keyPhrase, templateCard } from './build-project';

/**
 * Restyles a project with a template: its look (fonts, colours, captions, transitions) and the
 * cards of scenes that show no media, drawn by the same card builder and key phrase `make` uses.
 * Narration, media, timing and output size stay the user's.
 */
export function restyleProject<P extends ProjectDocument>(project: P, template: Template): P {
  return {
    ...project,
    template: template.id,
    style: template.style,
    scenes: project.scenes.map((s) => {
      const v = s.visual;
      // a text card keeps the user's words and takes the template's colours
      if (v.type === 'text') return { ...s, visual: { ...v, color: template.style.colors.text, background: template.cards.from } };
      if (v.type !== 'gradient' && v.type !== 'color') return s;
      return { ...s, visual: templateCard(template, keyPhrase(keywordsOf(s.narration, template.defaults.language), s.narration)) };
    }),
  };
}
