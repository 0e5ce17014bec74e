import { z } from 'zod';

/**
 * The project document, version 1: everything needed to render a video, as JSON. Media paths are
 * relative to the project file's folder (or absolute). Defaults are filled in by the schema, so a
 * hand-written project can be short; a parsed document is always complete.
 */
export const PROJECT_VERSION = 1;

/**
 * Bounds no real project reaches, so that a runaway document (a megabyte overlay, 100,000 scenes)
 * is refused with a message instead of driving FFmpeg or the voice into gigabytes.
 */
export const limits = {
  scenes: 500,
  textChars: 1000,
  narrationChars: 10_000,
  overlays: 10,
  words: 5000,
  /** seconds of video, summed over scenes with a set duration */
  totalSeconds: 3 * 3600,
  /** width × height × fps: 8K at 30 fps */
  pixelsPerSecond: 7680 * 4320 * 30,
} as const;

/**
 * A font family name: it is written into the ASS style line, where a comma ends the field and
 * braces or a backslash start override tags, so only name characters are allowed.
 */
export const fontName = z
  .string()
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} ._&'+-]{0,63}$/u, "a font name is letters, digits, spaces and . _ & ' + - (at most 64)");

const hexColor = z
  .string()
  .regex(/^#([0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/, 'a colour is #RRGGBB or #RRGGBBAA');

export const presets = {
  'shorts-1080': { width: 1080, height: 1920, fps: 30, aspect: '9:16' },
  'reels-1080': { width: 1080, height: 1920, fps: 30, aspect: '9:16' },
  'shorts-720': { width: 720, height: 1280, fps: 30, aspect: '9:16' },
  'youtube-1080': { width: 1920, height: 1080, fps: 30, aspect: '16:9' },
  'youtube-720': { width: 1280, height: 720, fps: 30, aspect: '16:9' },
  'square-1080': { width: 1080, height: 1080, fps: 30, aspect: '1:1' },
  'portrait-1080': { width: 1080, height: 1350, fps: 30, aspect: '4:5' },
} as const;
export type PresetName = keyof typeof presets;
export const aspects = ['9:16', '16:9', '1:1', '4:5'] as const;
export type Aspect = (typeof aspects)[number];

/** xfade's transition names that read well in short videos, plus `cut` (no transition). */
export const transitionTypes = [
  'cut', 'fade', 'fadeblack', 'fadewhite', 'dissolve', 'wipeleft', 'wiperight', 'wipeup', 'wipedown',
  'slideleft', 'slideright', 'slideup', 'slidedown', 'circleopen', 'circleclose', 'radial',
  'smoothleft', 'smoothright', 'zoomin', 'distance', 'pixelize',
] as const;

export const transitionSchema = z.object({
  type: z.enum(transitionTypes).default('fade'),
  duration: z.number().min(0).max(5).default(0.5),
});
export type Transition = z.infer<typeof transitionSchema>;

export const captionStyleSchema = z.object({
  enabled: z.boolean().default(true),
  font: fontName.default('Inter'),
  /** font size as a fraction of the video height, so one style fits every resolution */
  size: z.number().min(0.01).max(0.2).default(0.045),
  bold: z.boolean().default(true),
  color: hexColor.default('#FFFFFF'),
  /** colour of the word being spoken, when word timings are known */
  highlightColor: hexColor.default('#FFD400'),
  outlineColor: hexColor.default('#000000'),
  /** outline width as a fraction of the font size */
  outline: z.number().min(0).max(0.5).default(0.08),
  box: z.boolean().default(false),
  boxColor: hexColor.default('#000000A0'),
  position: z.enum(['top', 'center', 'bottom']).default('bottom'),
  /** across the frame: centred on the whole safe width, or set to its left or right side (lines aligned to that edge) */
  align: z.enum(['left', 'center', 'right']).default('center'),
  /** distance from the edge as a fraction of the height (keeps captions clear of platform UI) */
  margin: z.number().min(0).max(0.45).default(0.18),
  uppercase: z.boolean().default(false),
  // Paging and highlight (issue 4): a narration is shown a page at a time, never as one block.
  /** characters per line; unset = as many as fit the width at this font size */
  maxCharsPerLine: z.number().int().min(4).max(120).optional(),
  maxLines: z.number().int().min(1).max(5).default(2),
  /** seconds a page stays at least / at most (a longer stretch of speech is split) */
  minPageDuration: z.number().min(0.2).max(10).default(0.8),
  maxPageDuration: z.number().min(0.5).max(20).default(4),
  /**
   * how the word being spoken stands out: its colour, a box behind it, a karaoke fill that sweeps
   * through each word as it is spoken (spoken words stay filled), or not at all
   */
  highlight: z.enum(['color', 'box', 'karaoke', 'none']).default('color'),
  /** the spoken word's colour on its box; 'auto' = black or white, whichever reads better on the box */
  highlightTextColor: z.union([hexColor, z.literal('auto')]).default('auto'),
  /** word pop: the spoken word scales in from (1 − wordPop) of its size to full size; 0 = off */
  wordPop: z.number().min(0).max(0.5).default(0),
});
export type CaptionStyle = z.infer<typeof captionStyleSchema>;

/**
 * A font file the user added (copied into the app's data by the font store), by the family name
 * its file declares: libass finds it by that name in the render's fonts folder, and drawtext is
 * handed the file. The path is absolute, or relative to the document's folder.
 */
export const userFontSchema = z.object({
  // written into ASS style lines, where a comma ends the field and braces start override tags
  family: z.string().regex(/^[\p{L}\p{N}][\p{L}\p{N} ._&'+-]{0,63}$/u, "a font family is letters, digits, spaces and . _ & ' + - (at most 64)"),
  file: z.string().min(1, 'a font needs its file'),
});
export type UserFont = z.infer<typeof userFontSchema>;

/**
 * How a scene with no media is drawn (issue 21): the moving background, the type scale, where its
 * text sits and how things arrive. Part of a style, so a template carries it and a project (or a
 * scene with a template of its own) renders it without the template file.
 */
export const backgroundKinds = ['blobs', 'aurora', 'particles', 'stripes'] as const;
export const designStyleSchema = z.object({
  background: z
    .object({
      /** blobs: soft shapes drifting; aurora: wide bands of colour; particles: dots rising; stripes: diagonal bands sliding */
      kind: z.enum(backgroundKinds).default('blobs'),
      /** the base gradient (2 colours) and the moving shapes' colours; absent = from the style's colours */
      base: z.tuple([hexColor, hexColor]).optional(),
      shapes: z.array(hexColor).min(1).max(4).optional(),
      /** how fast things drift, 1 = the calm default */
      speed: z.number().min(0).max(4).default(1),
      /** how strongly the shapes show over the base, 0–1 */
      intensity: z.number().min(0).max(1).default(0.5),
    })
    .prefault({}),
  /** the designed scenes' type, relative to the default sizes */
  typeScale: z.number().min(0.5).max(1.6).default(1),
  /** text centred, or ranged left on the stage */
  align: z.enum(['center', 'left']).default('center'),
  /** how a designed scene's elements arrive: scale pop, rise from below, or fade */
  enter: z.enum(['pop', 'rise', 'fade']).default('rise'),
  /** text set in capitals */
  uppercase: z.boolean().default(false),
});
export type DesignStyle = z.infer<typeof designStyleSchema>;

export const styleSchema = z.object({
  font: fontName.default('Inter'),
  colors: z
    .object({
      background: hexColor.default('#101018'),
      text: hexColor.default('#FFFFFF'),
      accent: hexColor.default('#FF3D6E'),
    })
    .prefault({}),
  caption: captionStyleSchema.prefault({}),
  transition: transitionSchema.prefault({}),
  /** a slow zoom on stills unless a scene says otherwise */
  kenBurns: z.boolean().default(true),
  /** the user's own fonts this style names (the bundled Inter needs no entry) */
  fonts: z.array(userFontSchema).max(20).default([]),
  /** designed scenes: background, type scale, layout, motion */
  design: designStyleSchema.prefault({}),
});
export type Style = z.infer<typeof styleSchema>;

const mediaPath = z.string().min(1, 'a path is required');

export const fitModes = ['fill', 'fit', 'blur-pad'] as const;

/** What a designed scene shows (see main/design/design-scenes.ts for how one is chosen). */
export const designKinds = ['title', 'stat', 'illustrated', 'steps', 'quote', 'cta', 'kinetic'] as const;
export type DesignKind = (typeof designKinds)[number];

export const visualSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('image'),
    path: mediaPath,
    fit: z.enum(fitModes).default('fill'),
    /** Ken Burns: zoom from → to over the scene; defaults from style.kenBurns */
    kenBurns: z.boolean().optional(),
    zoom: z.tuple([z.number().min(1).max(3), z.number().min(1).max(3)]).default([1, 1.12]),
    pan: z.enum(['none', 'left', 'right', 'up', 'down']).default('none'),
  }),
  z.object({
    type: z.literal('video'),
    path: mediaPath,
    fit: z.enum(fitModes).default('fill'),
    /** where to start in the clip, seconds */
    start: z.number().min(0).default(0),
    /** loop a clip shorter than the scene (otherwise its last frame is held) */
    loop: z.boolean().default(true),
    /** the clip's own sound, 0 = muted */
    volume: z.number().min(0).max(2).default(0),
  }),
  z.object({ type: z.literal('color'), color: hexColor }),
  z.object({
    type: z.literal('gradient'),
    from: hexColor,
    to: hexColor,
    direction: z.enum(['vertical', 'horizontal', 'diagonal']).default('vertical'),
  }),
  z.object({
    type: z.literal('text'),
    text: z.string().min(1).max(limits.textChars, `at most ${limits.textChars} characters on a text card`),
    color: hexColor.optional(),
    background: hexColor.optional(),
    /** fraction of the video height */
    size: z.number().min(0.01).max(0.3).default(0.07),
  }),
  // A scene designed from its sentence when no media fits (issue 21), by main/design: what the
  // designer chose is kept here so the studio shows and edits it and a render reproduces it.
  z.object({
    type: z.literal('designed'),
    kind: z.enum(designKinds),
    /** the scene's own text: the title, the call to action, a step, the key phrase; '' for none */
    text: z.string().max(limits.textChars, `at most ${limits.textChars} characters on a designed scene`).default(''),
    /** a stat's short label, or a quote's source */
    label: z.string().max(200).optional(),
    /** a stat's figure as shown ("87%", "$20", "2 billion"), counted up to `value` when `count` is set */
    figure: z
      .object({
        text: z.string().min(1).max(40),
        value: z.number().optional(),
        prefix: z.string().max(8).default(''),
        suffix: z.string().max(24).default(''),
        decimals: z.number().int().min(0).max(3).default(0),
        count: z.boolean().default(false),
      })
      .optional(),
    /** seconds into the scene's narration when the figure (or the scene's element) is spoken */
    at: z.number().min(0).max(3600).default(0),
    /** an illustration: an emoji of the bundled set, by its character and icon name */
    emoji: z.object({ char: z.string().min(1).max(24), icon: z.string().regex(/^[a-z0-9-]+$/).max(80) }).optional(),
    /** numbered steps: every step's short text, and which one this scene is */
    steps: z.object({ items: z.array(z.string().min(1).max(120)).min(1).max(8), current: z.number().int().min(0).max(7) }).optional(),
  }),
  // Made by an online provider (issue 13). Both are asked for in the document and made by a job's
  // `clips` or `avatars` stage, which fills in `path`; once made they render like a video clip.
  z.object({
    type: z.literal('generated'),
    /** what the clip shows, in words a clip service understands */
    prompt: z.string().trim().min(1, 'describe the clip to generate').max(2000),
    /** a clip provider id (veo); absent = the best ready one */
    provider: z.string().min(1).optional(),
    /** the clip's length, seconds; absent = the provider's default */
    seconds: z.number().min(1).max(60).optional(),
    /** the made clip, once downloaded (into <home>/library/generated) */
    path: mediaPath.optional(),
    fit: z.enum(fitModes).default('fill'),
  }),
  z.object({
    type: z.literal('avatar'),
    /** the service's avatar (HeyGen: an avatar id; D-ID: a portrait image URL) */
    avatarId: z.string().trim().min(1, 'choose an avatar').max(2000),
    /** an avatar provider id (heygen, d-id); absent = the best ready one */
    provider: z.string().min(1).optional(),
    /**
     * The service's voice, used when the scene has no narration audio: the avatar then speaks the
     * narration text with it and the clip's own sound is the scene's voice. A scene with narration
     * audio is lip-synced to that audio instead, so its timing and captions stay exact.
     */
    voiceId: z.string().trim().min(1).max(200).optional(),
    /** the made video, once downloaded (into <home>/library/generated) */
    path: mediaPath.optional(),
    fit: z.enum(fitModes).default('fill'),
  }),
]);
export type Visual = z.infer<typeof visualSchema>;

export const wordSchema = z.object({
  text: z.string(),
  start: z.number().min(0),
  end: z.number().min(0),
});
export type WordTiming = z.infer<typeof wordSchema>;

export const overlaySchema = z.object({
  text: z.string().min(1).max(limits.textChars, `at most ${limits.textChars} characters in an overlay`),
  position: z.enum(['top', 'center', 'bottom']).default('top'),
  size: z.number().min(0.01).max(0.3).default(0.05),
  color: hexColor.optional(),
});

/** a speaking rate: 0.75 (slower) to 1.5 (faster), 1 = the voice's own */
export const speedSchema = z.number().min(0.75, 'speed is 0.75 to 1.5').max(1.5, 'speed is 0.75 to 1.5');

/**
 * A scene's explicit changes to the video's captions (the caption panel edits the whole video's):
 * hidden in this scene, or placed and sized otherwise. An absent field follows the video.
 */
export const sceneCaptionSchema = z.object({
  /**
   * false: no captions while this scene plays (a designed scene then shows its own key phrase);
   * true: captions in this scene even when the whole video has them off
   */
  enabled: z.boolean().optional(),
  position: z.enum(['top', 'center', 'bottom']).optional(),
  align: z.enum(['left', 'center', 'right']).optional(),
  margin: z.number().min(0).max(0.45).optional(),
  size: z.number().min(0.01).max(0.2).optional(),
});
export type SceneCaption = z.infer<typeof sceneCaptionSchema>;

export const sceneSchema = z.object({
  id: z.string().optional(),
  narration: z.string().max(limits.narrationChars, `at most ${limits.narrationChars} characters of narration per scene; split it into more scenes`).default(''),
  /** the caption text, when it should differ from the narration; '' for no caption */
  caption: z.string().max(limits.narrationChars, `at most ${limits.narrationChars} characters of caption per scene`).optional(),
  visual: visualSchema,
  /** seconds, or 'fit' to last as long as the scene's narration audio plus padding */
  duration: z.union([z.number().positive('must be more than 0 seconds').max(3600), z.literal('fit')]).default('fit'),
  /** seconds of silence after the narration when the duration fits the audio */
  padding: z.number().min(0).max(10).default(0.4),
  /** the transition into this scene (ignored on the first); defaults to style.transition */
  transition: transitionSchema.optional(),
  /** this scene's own changes to the captions (hidden, position, size); absent = as the whole video */
  captionStyle: sceneCaptionSchema.optional(),
  /** this scene's narration audio */
  audio: mediaPath.optional(),
  /** word timings of the narration, seconds from the start of `audio` */
  words: z.array(wordSchema).max(limits.words).optional(),
  /** the voice this scene was spoken with (engine:name); absent = the project's */
  voice: z.string().min(1).max(200).optional(),
  /** who speaks it (the NAME of a `NAME: text` script line); their voice is in audio.speakers */
  speaker: z.string().trim().min(1).max(60).optional(),
  /** this scene's speaking rate (1 = the voice's own); absent = the project's */
  speed: speedSchema.optional(),
  overlays: z.array(overlaySchema).max(limits.overlays, `at most ${limits.overlays} overlays per scene`).default([]),
  /**
   * this scene's own look (a template dropped on the scene): its captions, card colours, fonts and
   * Ken Burns; absent = the project's style. `template` names where it came from.
   */
  style: styleSchema.optional(),
  template: z.string().optional(),
  /** who made the scene's stock media, for the video's credits (stock providers require it) */
  credit: z
    .object({ provider: z.string(), author: z.string(), authorUrl: z.string().optional(), pageUrl: z.string(), license: z.string() })
    .optional(),
});
export type Scene = z.infer<typeof sceneSchema>;

/** a word and how every voice says it: a plain respelling ("Reelforge" → "reel forge", "Nguyen" → "win") */
export const pronunciationSchema = z.object({
  word: z.string().trim().min(1, 'name the word').max(60),
  say: z.string().trim().min(1, 'say how the word is spoken').max(120),
});
export type Pronunciation = z.infer<typeof pronunciationSchema>;

export const audioSchema = z.object({
  /** one narration track for the whole video, when scenes don't carry their own audio */
  narration: mediaPath.optional(),
  /** the voice the narration was spoken with (engine:name), so re-voicing a scene keeps it */
  voice: z.string().min(1).max(200).optional(),
  /** the narration's speaking rate (1 = the voice's own; 1.25 is a quarter faster) */
  speed: speedSchema.optional(),
  /** each speaker's voice (engine:name), for scenes with a `speaker` */
  speakers: z.record(z.string().trim().min(1).max(60), z.string().min(1).max(200)).optional(),
  /** words every voice says this way */
  pronunciations: z.array(pronunciationSchema).max(500).optional(),
  music: z
    .object({
      path: mediaPath,
      /** linear gain of the music bed, before ducking */
      volume: z.number().min(0).max(2).default(0.3),
      ducking: z.boolean().default(true),
    })
    .optional(),
  /** integrated loudness target, LUFS */
  loudness: z.number().min(-40).max(-5).default(-14),
});

export const presetSchema = z.enum(Object.keys(presets) as [PresetName, ...PresetName[]]);

export const settingsSchema = z.object({
  preset: z.enum(Object.keys(presets) as [PresetName, ...PresetName[]]).default('shorts-1080'),
  /** overrides of the preset */
  width: z.number().int().min(16).max(7680).optional(),
  height: z.number().int().min(16).max(7680).optional(),
  fps: z.number().min(1).max(120).optional(),
  /** CRF-like: 0–51, lower is better */
  quality: z.number().int().min(0).max(51).default(23),
  speed: z.enum(['fast', 'balanced', 'quality']).default('fast'),
  encoder: z.string().default('auto'),
});

export const projectSchema = z
  .object({
    version: z.literal(PROJECT_VERSION),
    id: z.string().optional(),
    title: z.string().max(200).default('Untitled'),
    template: z.string().optional(),
    settings: settingsSchema.prefault({}),
    style: styleSchema.prefault({}),
    scenes: z.array(sceneSchema).min(1, 'a project needs at least one scene').max(limits.scenes, `at most ${limits.scenes} scenes in one video`),
    audio: audioSchema.prefault({}),
  })
  .superRefine((doc, ctx) => {
    const { width, height, fps } = outputFormat(doc.settings);
    if (width * height * fps > limits.pixelsPerSecond) {
      ctx.addIssue({ code: 'custom', path: ['settings'], message: `${width}×${height} at ${fps} fps is more than Reelforge renders (8K at 30 fps)` });
    }
    let total = 0;
    doc.scenes.forEach((scene, i) => {
      if (typeof scene.duration !== 'number') return;
      total += scene.duration;
      // shorter than one frame renders nothing: an empty video that looks like success
      if (scene.duration < 1 / fps) ctx.addIssue({ code: 'custom', path: ['scenes', i, 'duration'], message: `${scene.duration} s is shorter than one frame at ${fps} fps (${(1 / fps).toFixed(3)} s)` });
    });
    if (total > limits.totalSeconds) ctx.addIssue({ code: 'custom', path: ['scenes'], message: `the scenes last ${Math.round(total)} s together; a video is at most ${limits.totalSeconds / 3600} hours` });
  });
export type ProjectDocument = z.infer<typeof projectSchema>;

/** The look a scene is drawn with: its own style when a template was dropped on it, else the project's. */
export function sceneStyle(project: Pick<ProjectDocument, 'style'>, scene: Pick<Scene, 'style'>): Style {
  return scene.style ?? project.style;
}

/** The caption style a scene is drawn with: its look's (its own, or the video's) with the scene's explicit changes over it. */
export function sceneCaptionStyle(project: Pick<ProjectDocument, 'style'>, scene: Pick<Scene, 'style' | 'captionStyle'>): CaptionStyle {
  const base = sceneStyle(project, scene).caption;
  const own = Object.entries(scene.captionStyle ?? {}).filter(([, v]) => v !== undefined);
  return own.length ? { ...base, ...Object.fromEntries(own) } : base;
}
/**
 * Whether a scene's captions are burned in: the scene's own choice where it made one (hidden here,
 * or shown here while the whole video has them off), else the whole video's.
 */
export function sceneShowsCaptions(project: Pick<ProjectDocument, 'style'>, scene: Pick<Scene, 'captionStyle'>): boolean {
  return scene.captionStyle?.enabled ?? project.style.caption.enabled;
}
/** What a person may write: every defaulted field optional. */
export type ProjectInput = z.input<typeof projectSchema>;

export interface OutputFormat {
  width: number;
  height: number;
  fps: number;
}

export function outputFormat(settings: ProjectDocument['settings']): OutputFormat {
  const p = presets[settings.preset];
  return { width: settings.width ?? p.width, height: settings.height ?? p.height, fps: settings.fps ?? p.fps };
}
