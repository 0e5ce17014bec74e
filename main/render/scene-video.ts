import { formatNumber as n } from '../../native/ffmpeg/args';
import { sceneStyle, type ProjectDocument, type Scene, type Visual } from '../../preload/contract/project';
import { drawtextText, filterArg } from './escape';
import { drawtextFont } from './render-fonts';
import { fontMetricsOfFile } from '../fonts/find-font';
import { frameLayout, toPixels } from '../layout/safe-area';
import { fitText } from './fit-text';
import type { SceneSlot } from './timeline';
import { kenBurnsChain, kenBurnsMoves, kenBurnsWindow, planKenBurns } from './ken-burns';
import type { DesignedAssets } from './designed/designed-assets';
import { designedChain } from './designed/designed-chain';

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
export function sceneVideoChain(project: ProjectDocument, scene: Scene, slot: SceneSlot, frame: Frame, clipFps = 30, fittedStill?: string, designed?: DesignedAssets, timeOffset = 0): string {
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
      const composed = fittedStill ? { pre: '', label: `movie=filename=${filterArg(fittedStill)},` } : stillFitting(project, scene, slot, frame);
      const motion = kenBurnsOf(project, scene);
      if (motion === 'none') return `${composed.pre}${composed.label}${join(tail, overlays, hold)}${out}`;
      if (motion === 'held') return `${composed.pre}${composed.label}${join('format=yuv420p', fixedWindow(v, frames), hold, tail, overlays)}${out}`;
      // the still as planKenBurns wants it (fitted larger, sharpened, padded): see stillFitting
      const tag = `kb${slot.index}`;
      return [`${composed.pre}${composed.label}null[${tag}still]`, kenBurnsChain(planKenBurns(v, frames, W, H), F, W, H, tag), `[${tag}out]${join(tail, overlays)}${out}`].join(';\n');
    }
    case 'video': {
      // A looping movie source restarts its timestamps at every loop; numbering the frames at the
      // clip's own rate keeps time moving forward for the fps conversion that follows.
      // Two decoding threads: by default a source decodes with a frame thread per core plus one,
      // each holding frames and its own decoder state until the render ends (a 1080p clip: ~6 MB
      // a thread, 3 threads on two cores, 17 on sixteen). Two keep decoding beside the filter
      // thread, which matters when a hardware encoder leaves the graph as the bottleneck; one
      // would save 10 MB more on two cores but decode in line with the filters.
      // The rate is converted before the fitting, not after: `fps` keeps a reference to each frame
      // it passes on, so a frame leaving it cannot be drawn on in place, and the captions (and any
      // text) would copy every frame first. Fitted after it, each frame is the scaler's own.
      const source = `movie=filename=${filterArg(v.path)}:loop=${v.loop ? 0 : 1}:dec_threads=2${v.start > 0 ? `:seek_point=${n(v.start)}` : ''},setpts=N/(${n(clipFps)}*TB),fps=${n(F)},`;
      const moving = fitTo(source, v.fit, frame, style.colors.background, `s${slot.index}`, 'bilinear');
      // Hold the last frame if the clip ends early, then cut to the exact frame count.
      return `${moving.pre}${moving.label}${join(tail, overlays, 'tpad=stop_mode=clone:stop=-1', `trim=end_frame=${frames}`, 'setpts=PTS-STARTPTS')}${out}`;
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
    case 'designed':
      // drawn before the graph (designed-assets.ts); its moving parts are functions of timeline time
      if (!designed) throw new Error(`scene ${slot.index + 1}: a designed scene reached the filter graph undrawn`);
      return designedChain(`d${slot.index}`, designed, frames, F, W, H, timeOffset + slot.start, out, join(tail, overlays));
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
  // seed=0: the filter turns its axis by a random angle otherwise, so no two renders (nor the
  // editor's still and the export) showed the same gradient
  return `gradients=s=${W}x${H}:r=${n(fps)}:c0=${v.from}:c1=${v.to}:nb_colors=2:x0=${x0}:y0=${y0}:x1=${x1}:y1=${y1}:seed=0,trim=end_frame=1,`;
}

/**
 * A Ken Burns that does not move (the same zoom from start to end, no pan): the window is cut once,
 * with its exact (fractional) edges, and the caller holds the one frame. `perspective` resamples
 * it bilinearly, so the still is sharpened first by as much as that takes away (measured against
 * a lanczos cut of the same window: 0.83 → 0.96).
 */
function fixedWindow(v: Extract<Visual, { type: 'image' }>, frames: number): string {
  // the window as fractions of the still, which perspective scales by its W and H
  const { x, y, width: w, height: h } = kenBurnsWindow(v, 0, frames, 1, 1);
  const corner = (k: number, fx: number, fy: number) => `x${k}='W*${n(fx)}':y${k}='H*${n(fy)}'`;
  const corners = [corner(0, x, y), corner(1, x + w, y), corner(2, x, y + h), corner(3, x + w, y + h)].join(':');
  return `unsharp=3:3:0.4:3:3:0,perspective=${corners}:interpolation=linear:sense=source:eval=init`;
}

/** A still's Ken Burns: none (held as fitted), held (one zoom, cut once) or moving (cut per frame). */
function kenBurnsOf(project: ProjectDocument, scene: Scene): 'none' | 'held' | 'moving' {
  const v = scene.visual;
  if (v.type !== 'image' || !(v.kenBurns ?? sceneStyle(project, scene).kenBurns)) return 'none';
  return kenBurnsMoves(v) ? 'moving' : 'held';
}

/**
 * The chain that prepares a still scene's picture: fitted to the frame (fill, fit or blur-pad,
 * lanczos); for a Ken Burns that moves, fitted at the size its plan cuts from, sharpened once for
 * the per-frame bilinear scale, and padded with its own edge (see ken-burns.ts).
 */
export function stillFitting(project: ProjectDocument, scene: Scene, slot: SceneSlot, frame: Frame): Chain {
  const v = scene.visual;
  if (v.type !== 'image') throw new Error(`scene ${slot.index + 1} is not a still`);
  const style = sceneStyle(project, scene);
  const fit = (size: Frame) => fitTo(`movie=filename=${filterArg(v.path)},`, v.fit, size, style.colors.background, `s${slot.index}`, 'lanczos');
  if (kenBurnsOf(project, scene) !== 'moving') return fit(frame);
  const { width, height, margin: m } = planKenBurns(v, Math.round(slot.duration * frame.fps), frame.width, frame.height).still;
  const composed = fit({ ...frame, width, height });
  return {
    pre: composed.pre,
    label: `${composed.label}format=yuv420p,unsharp=3:3:0.4:3:3:0,pad=${width + 2 * m}:${height + 2 * m}:${m}:${m},fillborders=left=${m}:right=${m}:top=${m}:bottom=${m}:mode=smear,`,
  };
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

/**
 * Lines of text drawn one drawtext each, so that every line is centred on its own, placed in the
 * stage of the format's safe-area table (the region a scene's own text uses, clear of the caption
 * band and the platforms' buttons): centred in it, or at its top or bottom (a third of it at most),
 * and fitted (wrapped by the font's real widths, made smaller when needed) so nothing is clipped.
 */
export function textBlock(text: string, size: number, color: string, position: 'top' | 'center' | 'bottom', { width: W, height: H }: Frame, fontFile: string): string {
  const stage = toPixels(frameLayout(W, H).stage, W, H);
  const region = position === 'center' ? stage : { ...stage, h: Math.round(stage.h / 3) };
  const fitted = fitText(text, size * H, fontMetricsOfFile(fontFile), region);
  const blockHeight = fitted.lineHeight * fitted.lines.length;
  const top = position === 'top' ? stage.y : position === 'bottom' ? stage.y + stage.h - blockHeight : Math.round(stage.y + (stage.h - blockHeight) / 2);
  const font = filterArg(fontFile);
  return fitted.lines
    .map(
      (line, k) =>
        `drawtext=fontfile=${font}:expansion=none:text=${drawtextText(line)}:fontsize=${fitted.fontSize}:fontcolor=${color}` +
        `:borderw=${Math.max(1, Math.round(fitted.fontSize / 18))}:bordercolor=#00000099:x=${stage.x}+(${stage.w}-text_w)/2:y=${top + k * fitted.lineHeight}`,
    )
    .join(',');
}

function overlayFilters(scene: Scene, textColor: string, font: string, frame: Frame): string {
  return scene.overlays.map((o) => textBlock(o.text, o.size, o.color ?? textColor, o.position, frame, font)).join(',');
}
