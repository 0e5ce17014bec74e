import { InvalidInputError } from '../../preload/contract/errors';
import type { ProjectDocument, Scene, Style } from '../../preload/contract/project';
import { kenBurnsFor, type Template } from '../../preload/contract/template';
import { keyPhrase, templateCard } from '../make/build-project';
import { keywordsOf } from '../script/keywords';
import { designedSceneStyle } from '../design/scene-caption';
import { continuesList } from '../design/design-scenes';

/** What applying a template did, in words a creator reads: what took the new look, what was left as the user set it. */
export interface TemplateReport {
  changed: string[];
  kept: string[];
}

const DEFAULT_FRAMING = { zoom: [1, 1.12] as [number, number], pan: 'none' };

/**
 * A still's framing came from a template (or was never touched) when it is the schema's default or
 * what the previous template's motion gives; anything else was set by hand and is kept.
 */
export function framingIsHandSet(v: Extract<Scene['visual'], { type: 'image' }>, previous?: Template): boolean {
  if (v.kenBurns === false) return true;
  const same = (f: { zoom: readonly number[]; pan: string }) => f.pan === v.pan && f.zoom[0] === v.zoom[0] && f.zoom[1] === v.zoom[1];
  if (same(DEFAULT_FRAMING)) return false;
  return !(previous && same(kenBurnsFor(previous.motion)));
}

const framingWords = (v: Extract<Scene['visual'], { type: 'image' }>) =>
  v.kenBurns === false ? 'no motion' : `zoom ${v.zoom[0]}→${v.zoom[1]}${v.pan === 'none' ? '' : `, pan ${v.pan}`}`;

/**
 * One scene in a template's look: a card (a scene that shows no media) is drawn again in the
 * template's colours, a still takes its Ken Burns motion (unless its framing was set by hand),
 * overlays its layout. Narration, media, timing and captions' text stay the user's.
 */
function restyleScene(scene: Scene, template: Template, previous?: Template, report?: TemplateReport, index = 0): Scene {
  const v = scene.visual;
  const overlays = scene.overlays.map((o) => ({ ...o, position: template.layout.overlayPosition, size: template.layout.overlaySize }));
  let visual = v;
  // a text card keeps the user's words and takes the template's colours
  if (v.type === 'text') visual = { ...v, color: template.style.colors.text, background: template.cards.from };
  // a plain card takes the template's card; words appear on it only where the template's cards carry text
  else if (v.type === 'gradient' || v.type === 'color') {
    visual = templateCard(template, template.cards.kind === 'text' ? keyPhrase(keywordsOf(scene.narration, template.defaults.language), scene.narration) : undefined);
  }
  else if (v.type === 'image') {
    if (framingIsHandSet(v, previous)) report?.kept.push(`scene ${index + 1}: your framing (${framingWords(v)})`);
    else visual = { ...v, ...kenBurnsFor(template.motion) };
  }
  return { ...scene, visual, overlays };
}

/** Captions on or off is the project's choice (burned in, or sidecar only), whatever the template. */
const keepCaptionsChoice = (style: Style, enabled: boolean): Style => ({ ...style, caption: { ...style.caption, enabled } });

/**
 * The whole project in a template's look (a card dropped on the timeline): its style, every
 * scene's card, motion and overlays, the transitions between scenes, and the template's own music
 * file when it has one. What the user set on a scene stays: a hand-set framing, a scene's own look
 * (a template dropped on that scene) and its own transition. `previous` is the template the
 * project had, to tell its framing from the user's.
 */
export function applyTemplateToProject<P extends ProjectDocument>(project: P, template: Template, opts: { previous?: Template; report?: TemplateReport } = {}): P {
  const report = opts.report;
  const music = template.music.file ? { path: template.music.file, volume: template.music.volume, ducking: project.audio.music?.ducking ?? true } : project.audio.music;
  report?.changed.push('colours, fonts and caption style', 'transitions between scenes');
  if (template.music.file) report?.changed.push('music');
  const newStyle = keepCaptionsChoice(template.style, project.style.caption.enabled);
  const scenes = project.scenes.map((s, i) => {
    // a designed scene's look that the designer gave it (its captions as the main text, or moved
    // to the caption band) is not the user's: it is given again in the new look
    const auto = designedSceneStyle(s.visual, project.style);
    if (s.visual.type === 'designed' && !s.template && (!s.style || (auto && JSON.stringify(auto) === JSON.stringify(s.style)))) {
      const { style: _old, ...rest } = s;
      const own = designedSceneStyle(s.visual, newStyle);
      return restyleScene({ ...rest, ...(own ? { style: own } : {}) } as Scene, template, opts.previous, report, i);
    }
    if (s.style) report?.kept.push(`scene ${i + 1}: its own look${s.template ? ` (${s.template})` : ''}`);
    // (the cut between two steps of one list is the designer's, not the user's)
    if (s.transition && !(s.transition.type === 'cut' && continuesList(project.scenes[i - 1]?.visual, s.visual))) report?.kept.push(`scene ${i + 1}: its own transition (${s.transition.type})`);
    return restyleScene(s, template, opts.previous, report, i);
  });
  const cards = project.scenes.filter((s) => s.visual.type !== 'image' && s.visual.type !== 'video').length;
  const stills = scenes.filter((s, i) => s.visual !== project.scenes[i]!.visual && s.visual.type === 'image').length;
  if (cards) report?.changed.push(`${cards} designed scene${cards === 1 ? '' : 's'} redrawn`);
  if (stills) report?.changed.push(`motion of ${stills} picture${stills === 1 ? '' : 's'}`);
  return {
    ...project,
    template: template.id,
    style: keepCaptionsChoice(template.style, project.style.caption.enabled),
    scenes,
    audio: { ...project.audio, ...(music ? { music } : {}) },
  };
}

/**
 * One scene in a template's look (a card dropped on a scene): the scene carries the template's
 * style as its own (its captions, colours, fonts, Ken Burns) and the template's transition into
 * it; the other scenes and the project's music are left alone.
 */
export function applyTemplateToScene<P extends ProjectDocument>(project: P, sceneIndex: number, template: Template, opts: { previous?: Template; report?: TemplateReport } = {}): P {
  const scene = project.scenes[sceneIndex];
  if (!scene) throw new InvalidInputError(`there is no scene ${sceneIndex + 1} (the project has ${project.scenes.length})`);
  opts.report?.changed.push(`scene ${sceneIndex + 1}: its look and the transition into it`);
  const styled: Scene = {
    ...restyleScene(scene, template, opts.previous, opts.report, sceneIndex),
    style: designedSceneStyle(scene.visual, keepCaptionsChoice(template.style, project.style.caption.enabled)) ?? keepCaptionsChoice(template.style, project.style.caption.enabled),
    template: template.id,
    ...(sceneIndex > 0 ? { transition: template.style.transition } : {}),
  };
  return { ...project, scenes: project.scenes.map((s, i) => (i === sceneIndex ? styled : s)) };
}
