import { outputFormat, settingsSchema, type ProjectInput, type Pronunciation, type Visual } from '../../preload/contract/project';
import type { Script } from '../../preload/contract/script';
import { kenBurnsFor, type Template } from '../../preload/contract/template';
import { bestTextOn, contrastRatio } from '../captions/contrast';
import type { MediaKind } from '../media/media-library';
import type { VoicedText } from './voice-cache';
import { continuesList, designScenes } from '../design/design-scenes';
import { designedSceneStyle } from '../design/scene-caption';
import { EMOJI_CREDIT } from '../../preload/contract/credits';

/** A file chosen for a scene by the media stage. */
export interface SceneMedia {
  path: string;
  kind: MediaKind;
  /** author and page of stock media, carried into the scene for the credits */
  credit?: { provider: string; author: string; authorUrl?: string; pageUrl: string; license: string };
  /** the picture's size, when known: a picture far from the frame's shape is not cropped */
  width?: number;
  height?: number;
}

/**
 * How a picture fills the frame by default: cropped to cover it (`fill`) when its shape is near the
 * frame's, else whole over a blurred fill of itself (`blur-pad`): a landscape photo cropped to a
 * 9:16 frame keeps a third of its width and usually loses its subject. The user can switch.
 */
export function defaultFit(media: Pick<SceneMedia, 'width' | 'height'>, frame: { width: number; height: number }): 'fill' | 'blur-pad' {
  if (!media.width || !media.height) return 'fill';
  const mismatch = Math.abs(Math.log(media.width / media.height / (frame.width / frame.height)));
  // within about 1.5× of the frame's shape (4:5 in 9:16, 4:3 in 16:9) a crop keeps the subject
  return mismatch > Math.log(1.5) ? 'blur-pad' : 'fill';
}

export interface BuildOptions {
  script: Script;
  template: Template;
  /** one narration per script scene, as the voice stage made them */
  narration: Array<Pick<VoicedText, 'audioPath' | 'words'> & { voiceId?: string }>;
  /** one entry per script scene; null = no file fits, the scene is designed from its sentence */
  media: Array<SceneMedia | null>;
  music?: SceneMedia | null;
  /** overrides of the template's frame (the request's format, tests' small frames) */
  settings?: ProjectInput['settings'];
  /** burn captions into the video */
  captions?: boolean;
  title?: string;
  /** the request's speaking rate (1 = the template's own pace): the pauses follow it */
  speed?: number;
  /** the request's pronunciations, kept with the project so a re-voice says the words the same way */
  pronunciations?: Pronunciation[];
}

export interface BuiltProject {
  project: ProjectInput;
  /** index in project.scenes of each script scene (a title card shifts them) */
  sceneIndex: number[];
}

/**
 * The card for a scene no media matched, in the template's look. The one card builder: the make
 * pipeline and restyling a project with another template both use it. The scene's key phrase
 * stands on the lighter of the template's card colours, brightened (hue kept) until it is clearly
 * not black — a near-black card reads as a missing picture — in the template's text colour when
 * that reads well on it (WCAG ratio ≥ 4.5), else in black or white. The accent is not used: it is
 * often the caption highlight, which must stand out from the card.
 */
export function templateCard(template: Template, text: string | undefined): Visual {
  const c = template.cards;
  const hex = (rgb: number[]) => `#${rgb.map((v) => Math.round(Math.min(255, v)).toString(16).padStart(2, '0')).join('')}`.toUpperCase();
  const rgbOf = (x: string) => [1, 3, 5].map((i) => Number.parseInt(x.slice(i, i + 2), 16));
  const [light, dark] = [c.from, c.to].map((x) => x.slice(0, 7)).sort((a, b) => contrastRatio(b, '#000000') - contrastRatio(a, '#000000'));
  let rgb = rgbOf(light!);
  if (rgb.every((v) => v === 0)) rgb = rgbOf(template.style.colors.accent.slice(0, 7)).map((v) => v / 3);
  for (let k = 0; k < 40 && contrastRatio(hex(rgb), '#000000') < 2.5; k++) rgb = rgb.map((v) => Math.max(v * 1.08, v + 2));
  const background = hex(rgb);
  if (!text) return c.kind === 'color' ? { type: 'color', color: background } : { type: 'gradient', from: background, to: dark!, direction: c.direction };
  const own = template.style.colors.text.slice(0, 7);
  const color = contrastRatio(own, background) >= 4.5 ? own : bestTextOn(background);
  return { type: 'text', text, color, background, size: Math.min(template.layout.titleSize, 0.07) };
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** The narrator's voice: the one that spoke the scenes no speaker speaks (else the first scene's). */
function narrator(opts: BuildOptions): string | undefined {
  const i = opts.script.scenes.findIndex((s) => !s.speaker);
  return opts.narration[Math.max(i, 0)]?.voiceId;
}

/** A scene's key phrase for its card: its keywords, or the start of its narration. */
export function keyPhrase(keywords: string[], narration: string): string | undefined {
  return keywords.slice(0, 3).join(' · ') || narration.split(/\s+/).slice(0, 6).join(' ') || undefined;
}

/**
 * Script + template + voiced narration + chosen media → a project document: one scene per script
 * scene, lasting as long as its narration plus the template's padding (`fit`: the timeline's
 * rule, the only duration rule), with word timings for captions, and music by the template's mood.
 * Pure: every file it names was made or found by an earlier stage.
 */
export function buildProject(opts: BuildOptions): BuiltProject {
  const { script, template } = opts;
  const scenes: ProjectInput['scenes'] = [];
  const sceneIndex: number[] = [];
  const title = opts.title ?? (script.title || 'Untitled');
  const speed = opts.speed ?? 1;
  const speakers: Record<string, string> = {};
  if (template.layout.titleCard && title) {
    scenes.push({ narration: '', caption: '', duration: round3(1.5 / speed), visual: { type: 'designed', kind: 'title', text: title } });
  }
  // scenes no media fits are designed from their sentences (main/design), the whole script at
  // once: a list of steps spans scenes, the first and last scenes open and close the video
  const designed = designScenes(
    script.scenes.map((s, i) => ({ narration: s.narration, words: opts.narration[i]?.words, hasMedia: Boolean(opts.media[i]) })),
    { language: script.language, title: script.title || opts.title, titleCard: Boolean(template.layout.titleCard && title) },
  );
  const frame = outputFormat(settingsSchema.parse(opts.settings ?? { preset: template.preset }));
  script.scenes.forEach((s, i) => {
    const media = opts.media[i];
    const visual: Visual = media
      ? media.kind === 'video'
        ? { type: 'video', path: media.path, fit: defaultFit(media, frame), start: 0, loop: true, volume: 0 }
        : { type: 'image', path: media.path, fit: defaultFit(media, frame), ...kenBurnsFor(template.motion) }
      : designed[i]!;
    const own = designedSceneStyle(visual, { ...template.style, caption: { ...template.style.caption, enabled: opts.captions ?? true } });
    // the next step of a list on screen is a cut: the list stays still and only its highlight moves
    // (a dissolve or a wipe would show the list twice, its highlight half-moved)
    const listGoesOn = i > 0 && !opts.media[i - 1] && continuesList(designed[i - 1], visual);
    sceneIndex.push(scenes.length);
    const spokenBy = opts.narration[i]!.voiceId;
    if (s.speaker && spokenBy) speakers[s.speaker] = spokenBy;
    scenes.push({
      id: `scene-${i + 1}`,
      narration: s.narration,
      audio: opts.narration[i]!.audioPath,
      words: opts.narration[i]!.words,
      ...(opts.narration[i]!.voiceId ? { voice: opts.narration[i]!.voiceId } : {}),
      duration: 'fit',
      // the pause between scenes keeps pace with the voice
      padding: round3(template.pacing.scenePadding / speed),
      ...(s.speaker ? { speaker: s.speaker } : {}),
      visual,
      ...(listGoesOn ? { transition: { type: 'cut' as const, duration: 0 } } : {}),
      ...(own ? { style: own } : {}),
      ...(media?.credit ? { credit: media.credit } : {}),
      // an illustration is credited like stock media: in <video>.credits.txt beside the export
      ...(visual.type === 'designed' && visual.emoji ? { credit: { provider: EMOJI_CREDIT.name, author: EMOJI_CREDIT.author, pageUrl: EMOJI_CREDIT.url, license: EMOJI_CREDIT.license } } : {}),
    });
  });
  const captions = opts.captions ?? true;
  const project: ProjectInput = {
    version: 1,
    title,
    template: template.id,
    settings: opts.settings ?? { preset: template.preset },
    style: { ...template.style, caption: { ...template.style.caption, enabled: captions } },
    scenes,
    // the template's own music file when it names one, else what the media stage found by mood
    audio: {
      // the voice it was spoken with, so the editor re-voices a scene with the same one (cloud included)
      ...(narrator(opts) ? { voice: narrator(opts) } : {}),
      ...(speed !== 1 ? { speed } : {}),
      ...(Object.keys(speakers).length ? { speakers } : {}),
      ...(opts.pronunciations?.length ? { pronunciations: opts.pronunciations } : {}),
      ...(template.music.file ? { music: { path: template.music.file, volume: template.music.volume, ducking: true } } : opts.music ? { music: { path: opts.music.path, volume: template.music.volume, ducking: true } } : {}),
    },
  };
  return { project, sceneIndex };
}
