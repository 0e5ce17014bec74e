import { z } from 'zod';
import { presets, pronunciationSchema, styleSchema, type PresetName } from './project';
import { DEFAULT_WORDS_PER_MINUTE } from './narration-pace';

/**
 * A template is data (assets/templates/*.json, or a user's own file): the look (fonts, palette,
 * caption style, transitions), the pacing, the music mood, the layout of title and captions, and
 * the structure a script follows (hook, main points, call to action). Every phrase and number a
 * generated script uses comes from here or from the user's parameters, never from code.
 */
const hexColor = z.string().regex(/^#([0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/, 'a colour is #RRGGBB or #RRGGBBAA');

export const scriptParamsSchema = z.object({
  topic: z.string().max(500).default(''),
  audience: z.string().max(200).default('everyone'),
  tone: z.string().max(200).default('friendly'),
  /** target length of the video in seconds */
  lengthSeconds: z.number().min(5).max(600).default(45),
  /** BCP-47 tag of the narration language */
  language: z.string().max(20).default('en'),
});
export type ScriptParams = z.infer<typeof scriptParamsSchema>;

/** Phrases with {topic}, {audience}, {tone}, {point}, {n} placeholders, per language. */
const phrases = z.record(z.string().max(20), z.string().min(1).max(500, 'at most 500 characters in a phrase')).refine((r) => Object.keys(r).length <= 50, 'at most 50 languages of phrases');

export const structureSchema = z.object({
  hook: z.object({ share: z.number().min(0).max(1).default(0.15), phrase: phrases }),
  points: z.object({ count: z.number().int().min(1).max(12).default(3), share: z.number().min(0).max(1).default(0.7), phrase: phrases }),
  cta: z.object({ share: z.number().min(0).max(1).default(0.15), phrase: phrases }),
});
export type TemplateStructure = z.infer<typeof structureSchema>;

/**
 * The template format's version. A template written by a newer Reelforge may mean things this one
 * cannot draw, so it is refused with a message rather than read half-way; older ones (and the
 * files made before the field existed) read as they are.
 */
export const TEMPLATE_VERSION = 1;

export const kenBurnsDirections = ['in', 'out', 'left', 'right', 'up', 'down'] as const;
export type KenBurnsDirection = (typeof kenBurnsDirections)[number];

export const templateSchema = z.object({
  version: z
    .number()
    .int()
    .min(1)
    .max(TEMPLATE_VERSION, `this template was made by a newer Reelforge (this one reads template version ${TEMPLATE_VERSION}); update Reelforge to use it`)
    .default(TEMPLATE_VERSION),
  id: z.string().max(80).regex(/^[a-z0-9-]+$/, 'an id is lower-case letters, digits and dashes'),
  name: z.string().min(1).max(120, 'at most 120 characters in a template name'),
  description: z.string().max(2000, 'at most 2,000 characters in a description').default(''),
  preset: z.enum(Object.keys(presets) as [PresetName, ...PresetName[]]).default('shorts-1080'),
  style: styleSchema.prefault({}),
  pacing: z
    .object({
      /** narration speed relative to the voice's normal rate */
      voiceSpeed: z.number().min(0.5).max(2).default(1),
      /** a paragraph longer than this (seconds of narration) is split at sentences */
      targetSceneSeconds: z.number().min(1).max(60).default(6),
      /** silence after each scene's narration, seconds */
      scenePadding: z.number().min(0).max(5).default(0.4),
      /** speaking rate used to estimate scene lengths before synthesis */
      wordsPerMinute: z.number().min(60).max(300).default(DEFAULT_WORDS_PER_MINUTE),
    })
    .prefault({}),
  /** words every video of this template says this way (a brand, a name); a project's own list adds to it */
  pronunciations: z.array(pronunciationSchema).max(500).optional(),
  music: z
    .object({
      /** matched against music file names/tags in the media library */
      mood: z.string().max(100).default('calm'),
      volume: z.number().min(0).max(2).default(0.25),
      /** a music file to use instead of one chosen by mood: absolute, or relative to the template file */
      file: z.string().min(1).max(4096).optional(),
    })
    .prefault({}),
  layout: z
    .object({
      /** the title card at the start (text card over the template's gradient) */
      titleCard: z.boolean().default(false),
      titlePosition: z.enum(['top', 'center', 'bottom']).default('center'),
      titleSize: z.number().min(0.02).max(0.2).default(0.08),
      /** where scenes' overlay text sits, and its size (fraction of the height) */
      overlayPosition: z.enum(['top', 'center', 'bottom']).default('top'),
      overlaySize: z.number().min(0.01).max(0.3).default(0.05),
    })
    .prefault({}),
  /** Ken Burns on stills: how far the slow zoom goes (0.12 = 12 %), and which way it moves */
  motion: z
    .object({
      strength: z.number().min(0).max(0.5).default(0.12),
      direction: z.enum(kenBurnsDirections).default('in'),
    })
    .prefault({}),
  /** the colour card for scenes no media matched */
  cards: z
    .object({
      kind: z.enum(['gradient', 'color', 'text']).default('gradient'),
      from: hexColor.default('#1B1B3A'),
      to: hexColor.default('#693668'),
      direction: z.enum(['vertical', 'horizontal', 'diagonal']).default('diagonal'),
    })
    .prefault({}),
  defaults: scriptParamsSchema.prefault({}),
  structure: structureSchema,
});
export type Template = z.infer<typeof templateSchema>;
export type TemplateInput = z.input<typeof templateSchema>;

/** The zoom and pan a still gets from a template's motion (the image visual's own fields). */
export function kenBurnsFor(motion: Template['motion']): { zoom: [number, number]; pan: 'none' | 'left' | 'right' | 'up' | 'down' } {
  const end = Math.round((1 + motion.strength) * 1000) / 1000;
  if (motion.direction === 'in') return { zoom: [1, end], pan: 'none' };
  if (motion.direction === 'out') return { zoom: [end, 1], pan: 'none' };
  // a pan needs room: the still is held at the zoomed size and travels across it
  return { zoom: [end, end], pan: motion.direction };
}

/**
 * The version of a template document newer than this Reelforge reads, if it is one. Checked before
 * the shape, so such a template is refused for its version and not for fields this one does not know.
 */
export function newerTemplateVersion(data: unknown): number | undefined {
  if (!data || typeof data !== 'object' || !('version' in data)) return undefined;
  const v = (data as { version: unknown }).version;
  return typeof v === 'number' && v > TEMPLATE_VERSION ? v : undefined;
}
