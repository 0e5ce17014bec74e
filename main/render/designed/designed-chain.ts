import { formatNumber as n } from '../../../native/ffmpeg/args';
import { filterArg } from '../escape';
import type { DesignedAssets } from './designed-assets';

/**
 * The filter chain of a designed scene: its background (the base picture, its drifting window,
 * the soft shapes overlaid on it) and its layers, into `frames` frames labelled `out`. Each
 * picture is decoded once and repeated by reference; what moves is an overlay position, a crop
 * window or a sprite cell, computed per frame from time: `t` is the scene's own time (its frames
 * are stamped N/fps), and `timeOrigin` is the scene's start on the whole timeline, so background
 * motion continues across scenes and a part of the video rendered alone matches the full render.
 */
export function designedChain(tag: string, assets: DesignedAssets, frames: number, fps: number, width: number, height: number, timeOrigin: number, out: string, tail: string): string {
  const F = n(fps);
  const hold = `loop=loop=${frames - 1}:size=1:start=0,setpts=N/(${F}*TB)`;
  const T = `(t+${n(timeOrigin)})`;
  const at = (expr: string) => expr.replaceAll('T', T);
  const still = (file: string, format: string) => `movie=filename=${filterArg(file)},format=${format},${hold}`;
  const chains: string[] = [];
  const { base, shapes } = assets.background;
  const crop = base.crop ? `,crop=w=${width}:h=${height}:x='${at(base.crop.x)}':y='${at(base.crop.y)}'` : '';
  // A picture comes with its file's rate and time base (raw frames: 25 fps, 1/51200), and xfade
  // refuses to join scenes that differ in either: the base, whose rate and time base the overlays
  // keep, is stamped at the output's; the pictures laid on it only need their times in seconds.
  chains.push(`movie=filename=${filterArg(base.file)},format=yuv420p,settb=1/${F},${hold},fps=${F}${crop}[${tag}b0]`);
  let k = 0;
  shapes.forEach((s, j) => {
    chains.push(`${still(s.file, 'yuva420p')}[${tag}s${j}]`);
    chains.push(`[${tag}b${k}][${tag}s${j}]overlay=x='${at(s.x)}':y='${at(s.y)}':format=yuv420[${tag}b${k + 1}]`);
    k++;
  });
  assets.layers.forEach(({ file, layer: l }, j) => {
    const cells = l.cells.length;
    const cell = cells > 1 ? `,crop=w=${l.w}:h=${l.h}:x='${l.w}*min(${cells - 1},if(lt(t,${n(l.at)}),0,1+floor((t-${n(l.at)})/${n(l.step)}+0.0001)))':y=0` : '';
    const fade = (l.enter ? `,fade=t=in:st=${n(l.at)}:d=${n(l.enter.duration)}:alpha=1` : '') + (l.exit ? `,fade=t=out:st=${n(l.exit.at)}:d=${n(l.exit.duration)}:alpha=1` : '');
    chains.push(`${still(file, 'yuva420p')}${cell}${fade}[${tag}l${j}]`);
    const rise = l.enter?.rise ? `+${l.enter.rise}*pow(1-clip((t-${n(l.at)})/${n(l.enter.duration)},0,1),3)` : '';
    const bob = l.bob ? `+${l.bob.amp}*sin(2*PI*t/${n(l.bob.period)})` : '';
    chains.push(`[${tag}b${k}][${tag}l${j}]overlay=x=${l.x}:y='${l.y}${rise}${bob}':format=yuv420[${tag}b${k + 1}]`);
    k++;
  });
  chains.push(`[${tag}b${k}]${tail}${out}`);
  return chains.join(';\n');
}
