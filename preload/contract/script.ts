import { z } from 'zod';

/**
 * A script: the narration of a video, scene by scene, with the visual keywords that pick media
 * for each scene. It is what the text splitter, the template structure and the LLM all produce,
 * and what an LLM's JSON answer is validated against.
 */
export const scriptSceneSchema = z.object({
  narration: z.string().trim().min(1, 'a scene needs narration'),
  /** words describing what to show, matched against media file names and tags */
  keywords: z.array(z.string().trim().min(1)).max(12).default([]),
  role: z.enum(['hook', 'point', 'cta', 'body']).default('body'),
  /** who speaks it: the NAME of a `NAME: text` line, the tag already taken off the narration */
  speaker: z.string().trim().min(1).max(60).optional(),
});
export type ScriptScene = z.infer<typeof scriptSceneSchema>;

export const scriptSchema = z.object({
  title: z.string().trim().default(''),
  language: z.string().default('en'),
  scenes: z.array(scriptSceneSchema).min(1, 'a script needs at least one scene').max(60),
});
export type Script = z.infer<typeof scriptSchema>;
