import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFfmpeg, type RunOptions } from '../../native/ffmpeg/run';
import type { PreparedRender } from './prepare';
import { stillFitting } from './scene-video';

/**
 * Still scenes are fitted to the frame (crop or letterbox, the lanczos scale, blur-pad) by a short
 * FFmpeg pass before the render, each into one raw 4:2:0 frame (.y4m) in the work folder, and the
 * render's graph reads that frame instead of the picture.
 *
 * Why: inside the one render graph every source stays open until the render ends, so each still
 * kept its JPEG decoder with its decoded picture (5.8 MB at 1600×2400), bitstream buffer, and the
 * scaler's frames and tables for the whole minute: ~15 MB a still, 107 MB of the bench render's
 * peak for its seven. Here they live for a fraction of a second in a small process (stills go
 * `perProcess` at a time, so its memory doesn't grow with the number of scenes), which runs beside
 * the loudness pass. The frames are bit-identical to the graph's own fitting: the same filters.
 */
export interface StillFit {
  scene: number;
  /** the fitting chain, ending in `[f<scene>]` */
  chain: string;
  output: string;
}

export function stillFits(prepared: Pick<PreparedRender, 'project' | 'frame' | 'timeline'>, workDir: string): StillFit[] {
  const { project, frame, timeline } = prepared;
  return project.scenes.flatMap((scene, i) => {
    if (scene.visual.type !== 'image') return [];
    const fit = stillFitting(project, scene, timeline.slots[i]!, frame);
    return [{ scene: i, chain: `${fit.pre}${fit.label}format=yuv420p[f${i}]`, output: join(workDir, `still-fit-${i}.y4m`) }];
  });
}

/** One pass for a batch of stills: a graph with a chain per still, one frame to each output. */
export function fitStillsArgs(batch: readonly StillFit[], graphScript: string): string[] {
  return [
    '-hide_banner', '-nostdin', '-y', '-v', 'error',
    '-filter_complex_script', graphScript,
    ...batch.flatMap((s) => ['-map', `[f${s.scene}]`, '-frames:v', '1', '-f', 'yuv4mpegpipe', s.output]),
  ];
}

export async function fitStills(
  prepared: Pick<PreparedRender, 'project' | 'frame' | 'timeline'>,
  opts: { ffmpeg: string; workDir: string; perProcess?: number } & Pick<RunOptions, 'signal' | 'tag' | 'log' | 'background'>,
): Promise<Map<number, string>> {
  const fits = stillFits(prepared, opts.workDir);
  const per = opts.perProcess ?? 4;
  for (let at = 0; at < fits.length; at += per) {
    const batch = fits.slice(at, at + per);
    const script = join(opts.workDir, `still-fit-${at / per}.txt`);
    writeFileSync(script, batch.map((s) => s.chain).join(';\n'));
    await runFfmpeg(opts.ffmpeg, fitStillsArgs(batch, script), { signal: opts.signal, tag: opts.tag, log: opts.log, background: opts.background });
  }
  return new Map(fits.map((s) => [s.scene, s.output]));
}
