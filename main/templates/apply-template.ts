import { InvalidInputError } from '../../preload/contract/errors';
import type { ProjectDocument, Scene, Style } from '../../preload/contract/project';
import { kenBurnsFor, type Template } from '../../preload/contract/template';
import { keyPhrase, templateCard } from '../make/build-project';
import { keywordsOf } from '../script/keywords';
import { designedSceneStyle } from '../design/scene-caption';

/**
 * One scene in a template's look: a card (a scene that shows no media) is drawn again in the
 * template's colours, a still takes its Ken Burns motion, overlays its layout. Narration, media,
 * timing and captions' text stay the user's.
 */
function restyleScene(scene: Scene, template: Template): Scene {
  const v = scene.visual;
  const overlays = scene.overlays.map((o) => ({ ...o, position: template.layout.overlayPosition, size: template.layout.overlaySize }));
  let visual = v;
  // a text card keeps the user's words and takes the template's colours
  if (v.type === 'text') visual = { ...v, color: template.style.colors.text, background: template.cards.from };
  // a plain card takes the template's card; words appear on it only where the template's cards carry text
  else if (v.type === 'gradient' || v.type === 'color') {
    visual = templateCard(template, template.cards.kind === 'text' ? keyPhrase(keywordsOf(scene.narration, template.defaults.language), scene.narration) : undefined);
  }
  else if (v.type === 'image') visual = { ...v, ...kenBurnsFor(template.motion) };
  return { ...scene, visual, overlays };
}

/** Captions on or off is the project's choice (burned in, or sidecar only), whatever the template. */
const keepCaptionsChoice = (style: Style, enabled: boolean): Style => ({ ...style, caption: { ...style.caption, enabled } });

/**
 * The whole project in a template's look (a card dropped on the timeline): its style, every
 * scene's card, motion and overlays, the transitions between scenes, and the template's own music
 * file when it has one. Looks given to single scenes are replaced: the project is one look again.
 */
export function applyTemplateToProject<P extends ProjectDocument>(project: P, template: Template): P {
  const music = template.music.file ? { path: template.music.file, volume: template.music.volume, ducking: project.audio.music?.ducking ?? true } : project.audio.music;
  return {
    ...project,
    template: template.id,
    style: keepCaptionsChoice(template.style, project.style.caption.enabled),
    scenes: project.scenes.map((s) => {
      const { style: _own, template: _from, transition: _t, ...rest } = s;
      // a designed scene whose captions are its main text keeps that, in the new look
      const own = designedSceneStyle(s.visual, keepCaptionsChoice(template.style, project.style.caption.enabled));
      return { ...restyleScene(rest as Scene, template), ...(own ? { style: own } : {}) };
    }),
    audio: { ...project.audio, ...(music ? { music } : {}) },
  };
}

/**
 * One scene in a template's look (a card dropped on a scene): the scene carries the template's
 * style as its own (its captions, colours, fonts, Ken Burns) and the template's transition into
 * it; the other scenes and the project's music are left alone.
 */
export function applyTemplateToScene<P extends ProjectDocument>(project: P, sceneIndex: number, template: Template): P {
  const scene = project.scenes[sceneIndex];
  if (!scene) throw new InvalidInputError(`there is no scene ${sceneIndex + 1} (the project has ${project.scenes.length})`);
  const styled: Scene = {
    ...restyleScene(scene, template),
    style: designedSceneStyle(scene.visual, keepCaptionsChoice(template.style, project.style.caption.enabled)) ?? keepCaptionsChoice(template.style, project.style.caption.enabled),
    template: template.id,
    ...(sceneIndex > 0 ? { transition: template.style.transition } : {}),
  };
  return { ...project, scenes: project.scenes.map((s, i) => (i === sceneIndex ? styled : s)) };
}
