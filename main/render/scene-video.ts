import { formatNumber as n } from '../../native/ffmpeg/args';
import { sceneStyle, type ProjectDocument, type Scene, type Visual } from '../../preload/contract/project';
import { drawtextText, filterArg } from './escape';
import { drawtextFont } from './render-fonts';
import { wrapText } from './text-wrap';
import type { SceneSlot } from './timeline';

export interface Frame {
  width: number;
  height: number;
  fps: number;
}

/**
 * The filter chain that turns one scene's visual into exactly `frames` frames of W×H yuv420p at the
 * output rate, labelled `[v<i>]`. Work that is the same for every frame (decoding a still, scaling,
 * composing a card, drawing its text) is done once on a single frame which `tpad` then repeats by
 * reference, so a static scene costs almost nothing per frame; only moving visuals (Ken Burns,
 * video) do per-frame work.
 *
 * Media files are read by the `movie` source inside the graph rather than as `-i` inputs: a source
 * decodes only when the graph asks for its next frame, whereas FFmpeg reads every `-i` input
 * from the start and queues decoded frames that a later scene won't need for a minute, so memory
 * grew with the number and length of clips. Pulled this way it stays flat.
 */
export function sceneVideoChain(project: ProjectDocument, scene: Scene, slot: SceneSlot, frame: Frame, clipFps = 30, fittedStill?: string): string {
  const frames = Math.round(slot.duration * frame.fps);
  const { width: W, height: H, fps: F } = frame;
  const v = scene.visual;
  const out = `[v${slot.index}]`;
  // One frame repeated by reference and stamped at the output rate. A still read by `movie` comes
  // with its demuxer's 25 fps, so the time base and rate are set here rather than trusted.
  const hold = `settb=1/${n(F)},loop=loop=${frames - 1}:size=1:start=0,setpts=N/(${n(F)}*TB),fps=${n(F)}`;
  const tail = `setsar=1,format=yuv420p`;
  // a scene with a template of its own is drawn in that look (colours, fonts, Ken Burns)
  const style = sceneStyle(project, scene);
  const font = drawtextFont(style);
  const overlays = overlayFilters(scene, style.colors.text, font, frame);

  switch (v.type) {
    case 'image': {
      // A still is fitted once, so the better (slower) scaler costs nothing per frame; when
      // fit-stills.ts has fitted it before the render, the graph reads that frame instead.
      const composed = fittedStill ? { pre: '', label: `movie=filename=${filterArg(fittedStill)},` } : stillFitting(project, scene, slot.index, frame);
      const kenBurns = v.kenBurns ?? style.kenBurns;
      if (!kenBurns) return `${composed.pre}${composed.label}${join(tail, overlays, hold)}${out}`;
      return `${composed.pre}${composed.label}${join('format=yuv420p', kenBurnsMotion(v, frames, frame), tail, overlays)}${out}`;
    }
    case 'video': {
      // A looping movie source restarts its timestamps at every loop; numbering the frames at the
      // clip's own rate keeps time moving forward for the fps conversion that follows.
      // Two decoding threads: by default a source decodes with a frame thread per core plus one,
      // each holding frames and its own decoder state until the render ends (a 1080p clip: ~6 MB
      // a thread, 3 threads on two cores, 17 on sixteen). Two keep decoding beside the filter
      // thread, which matters when a hardware encoder leaves the graph as the bottleneck; one
      // would save 10 MB more on two cores but decode in line with the filters.
      const source = `movie=filename=${filterArg(v.path)}:loop=${v.loop ? 0 : 1}:dec_threads=2${v.start > 0 ? `:seek_point=${n(v.start)}` : ''},setpts=N/(${n(clipFps)}*TB),`;
      const moving = fitTo(source, v.fit, frame, style.colors.background, `s${slot.index}`, 'bilinear');
      // Hold the last frame if the clip ends early, then cut to the exact frame count.
      return `${moving.pre}${moving.label}${join(`fps=${n(F)}`, tail, overlays, 'tpad=stop_mode=clone:stop=-1', `trim=end_frame=${frames}`, 'setpts=PTS-STARTPTS')}${out}`;
    }
    case 'color':
      return `${oneFrameColor(v.color, frame)}${join(tail, overlays, hold)}${out}`;
    case 'gradient':
      return `${gradient(v, frame)}${join(tail, overlays, hold)}${out}`;
    case 'text': {
      const bg = v.background ?? style.colors.background;
      const card = textBlock(v.text, v.size, v.color ?? style.colors.text, 'center', frame, font);
      return `${oneFrameColor(bg, frame)}${join(tail, card, overlays, hold)}${out}`;
    }
    case 'generated':
    case 'avatar':
      // prepareRender turns a made one into a video clip and refuses one not made yet
      throw new Error(`scene ${slot.index + 1}: a ${v.type} visual reached the filter graph unconverted`);
  }
}

function join(...parts: Array<string | null | undefined | false>): string {
  return parts.filter(Boolean).join(',');
}

function oneFrameColor(color: string, { width, height, fps }: Frame): string {
  return `color=c=${color}:s=${width}x${height}:r=${n(fps)},trim=end_frame=1,`;
}

function gradient(v: Extract<Visual, { type: 'gradient' }>, { width: W, height: H, fps }: Frame): string {
  const [x0, y0, x1, y1] = v.direction === 'horizontal' ? [0, 0, W, 0] : v.direction === 'diagonal' ? [0, 0, W, H] : [0, 0, 0, H];
  return `gradients=s=${W}x${H}:r=${n(fps)}:c0=${v.from}:c1=${v.to}:nb_colors=2:x0=${x0}:y0=${y0}:x1=${x1}:y1=${y1},trim=end_frame=1,`;
}

/**
 * Slow zoom (and optional pan) over the scene, with sub-pixel motion. `zoompan` rounds its crop to
 * whole pixels, so a slow zoom wobbled back and forth by a pixel and a pan stood still every few
 * frames. Here the one fitted frame is repeated and `perspective` resamples it for each frame from
 * the exact (fractional) window of the still that should fill the screen: every frame moves, by a
 * steady amount. The window is the frame divided by the zoom, placed at the centre or travelling
 * across the still for a pan; `in` is the frame number.
 *
 * Bilinear resampling costs a tenth of the still's edge strength (cubic costs half as much again in
 * time); the still is sharpened once, before it is repeated, by as much as bilinear takes away
 * (measured against a lanczos cut of the same window: 0.83 → 0.96, like zoompan's bicubic), so the
 * sharpness is paid for once per scene, not per frame.
 */
function kenBurnsMotion(v: Extract<Visual, { type: 'image' }>, frames: number, { fps }: Frame): string {
  const [z0, z1] = v.zoom;
  const last = Math.max(1, frames - 1);
  const t = `(in/${last})`;
  const z = z0 === z1 ? n(z0) : `(${n(z0)}+${n(z1 - z0)}*${t})`;
  // visible width and height of the still, and the room left around them
  const w = `(W/${z})`;
  const h = `(H/${z})`;
  const x = v.pan === 'left' ? `(W-${w})*(1-${t})` : v.pan === 'right' ? `(W-${w})*${t}` : `(W-${w})/2`;
  const y = v.pan === 'up' ? `(H-${h})*(1-${t})` : v.pan === 'down' ? `(H-${h})*${t}` : `(H-${h})/2`;
  const corners = { x0: x, y0: y, x1: `${x}+${w}`, y1: y, x2: x, y2: `${y}+${h}`, x3: `${x}+${w}`, y3: `${y}+${h}` };
  const expr = Object.entries(corners).map(([k, e]) => `${k}='${e}'`).join(':');
  const hold = `settb=1/${n(fps)},loop=loop=${frames - 1}:size=1:start=0,setpts=N/(${n(fps)}*TB),fps=${n(fps)}`;
  const sharpen = 'unsharp=3:3:0.4:3:3:0';
  // a fixed window (no zoom change, no pan) is cut once and held, like any still
  if (z0 === z1 && v.pan === 'none') return `${sharpen},perspective=${expr}:interpolation=linear:sense=source:eval=init,${hold}`;
  return `${sharpen},${hold},perspective=${expr}:interpolation=linear:sense=source:eval=frame`;
}

/** The chain that fits a still scene's picture to the frame (fill, fit or blur-pad, lanczos). */
export function stillFitting(project: ProjectDocument, scene: Scene, index: number, frame: Frame): Chain {
  const v = scene.visual;
  if (v.type !== 'image') throw new Error(`scene ${index + 1} is not a still`);
  const background = sceneStyle(project, scene).colors.background;
  return fitTo(`movie=filename=${filterArg(v.path)},`, v.fit, frame, background, `s${index}`, 'lanczos');
}

export interface Chain {
  pre: string;
  label: string;
}

/** Fits a source to the frame: fill (cover and crop), fit (letterbox), or blur-pad (blurred at quarter size). */
function fitTo(input: string, fit: 'fill' | 'fit' | 'blur-pad', { width: W, height: H }: Frame, background: string, tag: string, flags: string): Chain {
  if (fit === 'fill') {
    // Crop the source to the frame's aspect first, then scale: scaling a 16:9 clip up to cover a
    // 9:16 frame and cropping afterwards would scale three times the pixels that are kept.
    const crop = `crop=w='min(iw,ih*${W}/${H})':h='min(ih,iw*${H}/${W})'`;
    return { pre: '', label: `${input}${crop},scale=${W}:${H}:flags=${flags},` };
  }
  if (fit === 'fit') {
    return { pre: '', label: `${input}scale=${W}:${H}:force_original_aspect_ratio=decrease:flags=${flags},pad=${W}:${H}:(ow-iw)/2:(oh-ih)/2:color=${background},` };
  }
  const qw = even(W / 4);
  const qh = even(H / 4);
  const pre =
    `${input}split=2[${tag}bg][${tag}fg];` +
    `[${tag}bg]scale=${qw}:${qh}:force_original_aspect_ratio=increase:flags=bilinear,crop=${qw}:${qh},boxblur=luma_radius='min(w,h)/8':luma_power=2:chroma_radius='min(cw,ch)/8':chroma_power=2,scale=${W}:${H}:flags=bilinear[${tag}bgb];` +
    `[${tag}fg]scale=${W}:${H}:force_original_aspect_ratio=decrease:flags=${flags}[${tag}fgs];`;
  return { pre, label: `[${tag}bgb][${tag}fgs]overlay=(W-w)/2:(H-h)/2,` };
}

const even = (x: number) => Math.max(2, Math.round(x / 2) * 2);

/** Lines of text drawn one drawtext each, so that every line is centred on its own. */
export function textBlock(text: string, size: number, color: string, position: 'top' | 'center' | 'bottom', { width: W, height: H }: Frame, fontFile: string): string {
  const fontSize = Math.round(size * H);
  const maxChars = Math.max(8, Math.floor((W * 0.84) / (fontSize * 0.56)));
  const lines = wrapText(text, maxChars);
  const lineHeight = Math.round(fontSize * 1.25);
  const blockHeight = lineHeight * lines.length;
  const top = position === 'top' ? Math.round(H * 0.1) : position === 'bottom' ? Math.round(H * 0.9 - blockHeight) : Math.round((H - blockHeight) / 2);
  const font = filterArg(fontFile);
  return lines
    .map(
      (line, k) =>
        `drawtext=fontfile=${font}:expansion=none:text=${drawtextText(line)}:fontsize=${fontSize}:fontcolor=${color}` +
        `:borderw=${Math.max(1, Math.round(fontSize / 18))}:bordercolor=#00000099:x=(w-text_w)/2:y=${top + k * lineHeight}`,
    )
    .join(',');
}

function overlayFilters(scene: Scene, textColor: string, font: string, frame: Frame): string {
  return scene.overlays.map((o) => textBlock(o.text, o.size, o.color ?? textColor, o.position, frame, font)).join(',');
}
