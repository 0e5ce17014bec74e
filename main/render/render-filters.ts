/**
 * Every FFmpeg filter the render compiler can put in a plan (the video graph, the audio mix and the
 * loudness pass), with what it is for. `doctor` checks a build against this list; a test compiles
 * plans for every feature and checks this list is exactly what they use, so it cannot go stale.
 * `optional`: the render works without it (xfade falls back to fade-through-black; without
 * gradients only gradient cards fail).
 */
export interface RenderFilter {
  name: string;
  why: string;
  optional?: boolean;
}

export const renderFilters: readonly RenderFilter[] = [
  { name: 'movie', why: 'reading stills and clips inside the graph' },
  { name: 'color', why: 'colour and text cards, the letterbox colour' },
  { name: 'gradients', why: 'gradient cards', optional: true },
  { name: 'anullsrc', why: 'the silent track of a project without sound' },
  { name: 'scale', why: 'fitting media to the frame' },
  { name: 'crop', why: 'fill: cropping media to the frame' },
  { name: 'pad', why: 'fit: letterboxing' },
  { name: 'split', why: 'blur-pad backgrounds and transitions' },
  { name: 'boxblur', why: 'blur-pad backgrounds' },
  { name: 'overlay', why: 'blur-pad: the picture over its blurred background' },
  { name: 'fillborders', why: 'Ken Burns: the still padded with its own edge' },
  { name: 'perspective', why: 'Ken Burns that holds one zoom (a fractional window cut once)' },
  { name: 'unsharp', why: 'Ken Burns: the still sharpened once for the bilinear resampling' },
  { name: 'loop', why: 'holding a still or a card' },
  { name: 'tpad', why: 'holding the last frame of a short clip' },
  { name: 'fps', why: 'frame-rate conversion' },
  { name: 'settb', why: 'time base of held frames' },
  { name: 'setpts', why: 'timestamps of scenes and clips' },
  { name: 'setsar', why: 'square pixels' },
  { name: 'format', why: 'pixel and sample formats' },
  { name: 'trim', why: 'cutting scenes to length' },
  { name: 'xfade', why: 'transitions (fade-through-black is used without it)', optional: true },
  { name: 'blend', why: 'crossfades (fade and dissolve) in yuv420p' },
  { name: 'sendcmd', why: 'a crossfade\'s opacity, and each Ken Burns frame\'s cut of the still, frame by frame' },
  { name: 'fade', why: 'fade-through-black transitions without xfade' },
  { name: 'concat', why: 'joining scenes' },
  { name: 'null', why: 'a one-scene timeline' },
  { name: 'drawtext', why: 'text cards and overlays (libfreetype)' },
  { name: 'subtitles', why: 'burned-in captions (libass)' },
  { name: 'aresample', why: 'resampling narration and music to 48 kHz' },
  { name: 'aformat', why: 'sample format and stereo layout' },
  { name: 'adelay', why: 'placing each narration at its scene' },
  { name: 'atrim', why: 'cutting sound to length' },
  { name: 'apad', why: 'padding the voice bus to the video length' },
  { name: 'volume', why: 'music and clip volume, the loudness gain' },
  { name: 'afade', why: 'music fade in and out' },
  { name: 'amix', why: 'mixing narration, clip sound and music' },
  { name: 'anull', why: 'a single voice' },
  { name: 'asplit', why: 'the voice as ducking key' },
  { name: 'sidechaincompress', why: 'music ducking under the voice' },
  { name: 'ebur128', why: 'measuring loudness (first pass)' },
  { name: 'alimiter', why: 'keeping peaks under −1 dBTP after the loudness gain' },
];

/** Required filters this build lacks (the optional ones are reported by doctor, not refused). */
export function missingRenderFilters(available: readonly string[]): RenderFilter[] {
  return renderFilters.filter((f) => !f.optional && !available.includes(f.name));
}
