import type { Scene, Style } from '../../preload/contract/project';
import { captionsAreMainText, type DesignedVisual } from './design-scenes';

/**
 * The look of a designed scene whose main text is its own sentence (kinetic type, a quote): its
 * captions are that text, centred on the stage and larger, and the scene draws no words of its
 * own for the sentence — never the same words twice on screen. The agreed interface with the
 * captions: a scene style whose caption position is 'center'.
 */
export function mainTextStyle(style: Style): Style {
  return { ...style, caption: { ...style.caption, position: 'center', align: 'center', size: Math.min(0.2, Math.max(style.caption.size * 1.3, 0.06)) } };
}

/**
 * A scene's own style for its designed visual: the caption override where captions are the main
 * text; where the scene draws on the stage (a stat, steps, a title…) and the style's captions sit
 * elsewhere than the caption band, captions moved to the band (bottom) so the two never meet.
 */
export function designedSceneStyle(visual: Scene['visual'], projectStyle: Style): Style | undefined {
  if (visual.type !== 'designed') return undefined;
  if (captionsAreMainText(visual as DesignedVisual)) return mainTextStyle(projectStyle);
  if (projectStyle.caption.position !== 'bottom') return { ...projectStyle, caption: { ...projectStyle.caption, position: 'bottom' } };
  return undefined;
}
