import { z } from 'zod';
import { pronunciationSchema, settingsSchema, speedSchema, type PresetName } from './project';

/**
 * A request to make a video from a script: what the CLI's `make` and `batch`, the studio's "New
 * video", the bridge and the agent servers all send. Every door enqueues the same `make` job with
 * this document as its input, so they cannot disagree about what a script becomes.
 */

/** The formats a creator picks from, and the preset each one renders at. */
export const videoFormats = {
  shorts: 'shorts-1080',
  reels: 'reels-1080',
  youtube: 'youtube-1080',
  square: 'square-1080',
} as const satisfies Record<string, PresetName>;
export type VideoFormat = keyof typeof videoFormats;

export const captionModes = ['burn', 'sidecar', 'both', 'none'] as const;
export type CaptionMode = (typeof captionModes)[number];

/** An LLM over an OpenAI-compatible API; absent = the one configured in Settings (if any). */
export const llmEndpointSchema = z.object({
  baseUrl: z.string().url('the LLM address is a URL such as http://127.0.0.1:11434/v1'),
  model: z.string().trim().min(1, 'name the LLM model'),
  apiKey: z.string().optional(),
});

export const makeRequestSchema = z
  .object({
    /** the project's and the video's title; absent = the script's own (first line / LLM title) */
    title: z.string().trim().min(1).max(200).optional(),
    /** a script typed or pasted by the user */
    script: z.string().trim().min(1, 'write or paste a script first').max(100_000).optional(),
    /** a topic: written by the LLM when one is configured, otherwise from the template's structure */
    topic: z.string().trim().min(1).max(500).optional(),
    /** main points for the template's structure (hook, points, call to action) */
    points: z.array(z.string().trim().min(1).max(500)).max(20).default([]),
    llm: llmEndpointSchema.optional(),
    audience: z.string().trim().max(200).optional(),
    tone: z.string().trim().max(200).optional(),
    lengthSeconds: z.number().min(5).max(600).optional(),
    templateId: z.string().trim().min(1).max(200).default('bold-shorts'),
    /** engine:name as listVoices gives it, or a language; absent = the best voice for the language */
    voice: z.string().trim().min(1).max(200).optional(),
    language: z.string().trim().min(2).max(20).optional(),
    /** the narration's speaking rate, 0.75–1.5 (1 = the voice's own); captions and pauses follow */
    speed: speedSchema.optional(),
    /** a voice for each speaker of `NAME: text` lines (engine:name); other lines use `voice` */
    speakers: z.record(z.string().trim().min(1).max(60), z.string().trim().min(1).max(200)).optional(),
    /** words to say another way: a plain respelling ("Reelforge" → "reel forge") */
    pronunciations: z.array(pronunciationSchema).max(500).optional(),
    format: z.enum(Object.keys(videoFormats) as [VideoFormat, ...VideoFormat[]]).optional(),
    /**
     * overrides of the frame (tests and quick drafts use small sizes). The bare settings schema: the
     * project's field is prefaulted, and zod applies that default through `.optional()`, which
     * gave every request the 9:16 default instead of its template's own format.
     */
    settings: settingsSchema.optional(),
    /** folders whose images and videos are matched to scenes (absolute paths) */
    mediaFolders: z.array(z.string().min(1)).max(20).default([]),
    /** match the studio's media library too */
    matchLibrary: z.boolean().default(false),
    /** fill scenes no local file fits with stock media, when a stock provider (a key) is set up */
    stock: z.boolean().default(true),
    captions: z.enum(captionModes).default('burn'),
    upscale: z.union([z.literal(2), z.literal(4)]).optional(),
    /** false: stop when the voiced project is in the library (the studio's "Create") */
    render: z.boolean().default(true),
    /** where the video goes (absolute); absent = the home's renders folder */
    output: z.string().min(1).optional(),
    encoder: z.string().trim().min(1).optional(),
    /**
     * Scenes whose picture a clip provider generates from a prompt (scene numbers from 1, in the
     * script's order). Made by the job's `clips` stage when it renders; each clip is paid once.
     */
    clips: z
      .array(
        z.object({
          scene: z.number().int().min(1, 'scenes are numbered from 1'),
          prompt: z.string().trim().min(1, 'describe the clip to generate').max(2000),
          /** a clip provider id (veo); absent = the best ready one */
          provider: z.string().trim().min(1).optional(),
          seconds: z.number().min(1).max(60).optional(),
        }),
      )
      .max(100)
      .default([]),
    /** a talking avatar for some or all scenes, lip-synced to their narration (the `avatars` stage) */
    avatar: z
      .object({
        avatarId: z.string().trim().min(1, 'choose an avatar').max(2000),
        /** an avatar provider id (heygen, d-id); absent = the best ready one */
        provider: z.string().trim().min(1).optional(),
        voiceId: z.string().trim().min(1).max(200).optional(),
        /** scene numbers from 1; absent = every scene without a generated clip */
        scenes: z.array(z.number().int().min(1, 'scenes are numbered from 1')).max(100).optional(),
      })
      .optional(),
    /** the id the project gets in the library; absent = a new one */
    projectId: z.string().min(1).max(200).optional(),
  })
  .refine((r) => [r.script, r.topic].filter((x) => x !== undefined).length === 1, {
    message: 'give a script or a topic (one of them)',
    path: ['script'],
  })
  .refine((r) => new Set(r.clips.map((c) => c.scene)).size === r.clips.length, {
    message: 'a scene can have one generated clip: each scene number appears once',
    path: ['clips'],
  });
export type MakeRequest = z.output<typeof makeRequestSchema>;
export type MakeRequestInput = z.input<typeof makeRequestSchema>;
