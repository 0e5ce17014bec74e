import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectInput, Visual } from '../../preload/contract/project';
import type { Script } from '../../preload/contract/script';
import type { Template } from '../../preload/contract/template';
import type { Tts } from '../../native/tts/tts';
import type { SynthesisResult } from '../../native/tts/types';
import { bestTextOn, contrastRatio } from '../captions/contrast';
import { matchMedia, pickMusic } from '../media/match-media';
import type { MediaItem } from '../media/media-library';

export interface BuildOptions {
  script: Script;
  template: Template;
  tts: Tts;
  /** a voice spec (engine:name, a language, or none for the OS voice in the script's language) */
  voice?: string;
  media: MediaItem[];
  /** folder for the narration files; the project refers to them by absolute path */
  workDir: string;
  /** overrides of the template's frame (tests use small frames) */
  size?: { width: number; height: number };
  signal?: AbortSignal;
  tag?: string;
  onScene?: (index: number, total: number, result: SynthesisResult) => void;
}

export interface BuiltProject {
  project: ProjectInput;
  narration: SynthesisResult[];
  /** index in project.scenes of each script scene (a title card shifts them) */
  sceneIndex: number[];
}

/**
 * The card for a scene no media matched, in the template's look: the scene's key phrase on the
 * lighter of the template's card colours, brightened (hue kept) until it is clearly not black — a
 * near-black card reads as a missing picture. The phrase is in the template's text colour when that
 * reads well on it (WCAG ratio ≥ 4.5), else in black or white. The accent is not used: it is often
 * the caption highlight, which must stand out from the card.
 */
function card(template: Template, text: string | undefined): Visual {
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

/**
 * Script + template + voice + media library → a project document: one scene per script scene,
 * lasting as long as its narration plus the template's padding, with word timings for captions,
 * media matched in script order (cards where nothing matched), and music by the template's mood.
 */
export async function buildProject(opts: BuildOptions): Promise<BuiltProject> {
  const { script, template } = opts;
  const voiceDir = join(opts.workDir, 'voice');
  mkdirSync(voiceDir, { recursive: true });
  const voice = opts.voice ?? (script.language && script.language !== 'en' ? script.language : undefined);
  const narration: SynthesisResult[] = [];
  for (const [i, scene] of script.scenes.entries()) {
    const r = await opts.tts.synthesize(scene.narration, voice, {
      outDir: voiceDir,
      fileName: `scene-${String(i + 1).padStart(2, '0')}`,
      speed: template.pacing.voiceSpeed,
      signal: opts.signal,
      tag: opts.tag,
    });
    narration.push(r);
    opts.onScene?.(i, script.scenes.length, r);
  }
  const matched = matchMedia(script.scenes.map((s) => s.keywords), opts.media);
  const scenes: ProjectInput['scenes'] = [];
  const sceneIndex: number[] = [];
  if (template.layout.titleCard && script.title) {
    scenes.push({ narration: '', caption: '', duration: 1.5, visual: { type: 'text', text: script.title, color: template.style.colors.text, background: template.cards.from, size: template.layout.titleSize } });
  }
  script.scenes.forEach((s, i) => {
    const media = matched[i];
    const visual: Visual = media
      ? media.kind === 'video'
        ? { type: 'video', path: media.path, fit: 'fill', start: 0, loop: true, volume: 0 }
        : { type: 'image', path: media.path, fit: 'fill', zoom: [1, 1.12], pan: 'none' }
      : card(template, s.keywords.slice(0, 3).join(' · ') || undefined);
    sceneIndex.push(scenes.length);
    scenes.push({
      id: `scene-${i + 1}`,
      narration: s.narration,
      audio: narration[i]!.audioPath,
      words: narration[i]!.words,
      duration: 'fit',
      padding: template.pacing.scenePadding,
      visual,
    });
  });
  const music = pickMusic(template.music.mood, opts.media);
  const project: ProjectInput = {
    version: 1,
    title: script.title || 'Untitled',
    template: template.id,
    settings: { preset: template.preset, ...(opts.size ?? {}) },
    style: template.style,
    scenes,
    audio: music ? { music: { path: music.path, volume: template.music.volume, ducking: true } } : {},
  };
  return { project, narration, sceneIndex };
}
