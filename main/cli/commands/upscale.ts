import { checkOutputPath } from '../../files/output-policy';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { InvalidInputError } from '../../../preload/contract/errors';
import type { ProviderChoice } from '../../../native/onnx/session';
import { modelsDir } from '../../paths';
import { withHome } from '../../config/runtime-config';
import { imageExtensions, upscaleImage } from '../../upscale/upscale-image';
import { defaultWorkDir, upscaleVideo, videoExtensions } from '../../upscale/upscale-video';
import type { UpscaleProgress } from '../../../preload/contract/upscale';
import type { FarmUpscaleOptions } from '../../farm/farm-upscale';
import { exitCodes, UsageError, type Command } from '../command';

export const upscaleCommand: Command = {
  name: 'upscale',
  usage:
    'reelforge upscale <in.(png|jpg|webp|mp4|mov|mkv)> -o <out> [--model NAME (images: realesrgan-x4plus, videos: realesrgan-x4fast)] [--scale 2|3|4] [--tile N] ' +
    '[--provider auto|cpu|cuda|dml|coreml|webgpu] [--encoder auto|libx264|...] [--quality 18] [--chunk-frames N] [--work-dir DIR] [--home DIR] [--quiet]\n' +
    '       [--farm redis://[:password@]host:port [--advertise <host>]]   (a video\'s chunks upscaled by the farm\'s workers)',
  async run(argv, io) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        output: { type: 'string', short: 'o' },
        // unset: the sharper model for a still, the fast one for a video (see defaultModels)
        model: { type: 'string' },
        scale: { type: 'string' },
        tile: { type: 'string' },
        provider: { type: 'string', default: 'auto' },
        encoder: { type: 'string', default: 'auto' },
        quality: { type: 'string' },
        'chunk-frames': { type: 'string' },
        'work-dir': { type: 'string' },
        home: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        farm: { type: 'string' },
        advertise: { type: 'string' },
      },
    });
    const input = positionals[0];
    if (!input || positionals.length > 1) throw new UsageError(`expected one input file\nusage: ${upscaleCommand.usage}`);
    if (!values.output) throw new UsageError('-o <out> is required');
    const int = (name: string, v: string | undefined) => {
      if (v === undefined) return undefined;
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) throw new InvalidInputError(`--${name} must be a positive integer, not '${v}'`);
      return n;
    };
    const config = withHome(io.config, values.home);
    const log = values.quiet ? undefined : (line: string) => io.err.write(`${line}\n`);
    // FFmpeg command lines are for debugging; conversions, fallbacks and retries are for everyone.
    const quietLog = (line: string) => {
      if (!line.startsWith('/') || config.debug) log?.(line);
    };
    if (values.output) checkOutputPath(values.output, { home: config.home, door: 'local', inputs: [{ file: input, what: imageExtensions.includes(extname(input).toLowerCase()) ? 'the image being upscaled' : 'the video being upscaled' }] });
    const common = {
      input,
      output: values.output,
      model: values.model,
      modelsDir: modelsDir(config.home),
      config,
      scale: int('scale', values.scale),
      tile: int('tile', values.tile),
      provider: values.provider as ProviderChoice,
      signal: io.signal,
      log: quietLog,
    };
    const ext = extname(input).toLowerCase();
    if (values.farm && !videoExtensions.includes(ext)) throw new UsageError(`--farm upscales videos (${videoExtensions.join(' ')}) in chunks on the farm's workers; upscale a still here, without --farm`);
    if (imageExtensions.includes(ext)) {
      const r = await upscaleImage(common);
      io.out.write(`${r.output}: ${r.width}×${r.height} in ${r.seconds.toFixed(1)} s (${r.model}, provider ${r.provider}, ${r.tile}px tiles)\n`);
      return exitCodes.ok;
    }
    if (!videoExtensions.includes(ext)) throw new InvalidInputError(`don't know how to upscale '${ext}' files (images: ${imageExtensions.join(' ')}; videos: ${videoExtensions.join(' ')})`);
    let last = 0;
    const onProgress = (p: UpscaleProgress) => {
      const now = Date.now();
      if (!log || (now - last < 1000 && p.ratio < 1)) return;
      last = now;
      const eta = p.eta === undefined ? '' : `, ${Math.round(p.eta)} s left`;
      log(`frame ${p.framesDone}/${p.framesTotal} (${(p.ratio * 100).toFixed(0)}%), chunk ${p.chunk}/${p.chunks}${p.fps ? `, ${p.fps.toFixed(2)} fps` : ''}${eta}`);
    };
    if (values.farm) {
      const r = await upscaleOnFarmCommand({ ...common, encoder: values.encoder, quality: int('quality', values.quality), chunkFrames: int('chunk-frames', values['chunk-frames']), workDir: values['work-dir'], farm: values.farm, advertise: values.advertise, onProgress });
      for (const d of r.dropped) io.err.write(`warning: ${d}\n`);
      const by = [...new Set(r.chunks.map((c) => c.worker).filter(Boolean))];
      io.out.write(`${r.output}: ${r.frames} frames at ${r.width}×${r.height} in ${r.seconds.toFixed(1)} s on the farm (${r.chunks.length} chunk(s)${by.length ? ` by ${by.join(', ')}` : ''}, encoder ${r.encoder})\n`);
      return exitCodes.ok;
    }
    const r = await upscaleVideo({
      ...common,
      encoder: values.encoder,
      quality: int('quality', values.quality),
      chunkFrames: int('chunk-frames', values['chunk-frames']),
      workDir: values['work-dir'],
      onProgress,
    });
    for (const d of r.dropped) io.err.write(`warning: ${d}\n`);
    io.out.write(
      `${r.output}: ${r.frames} frames at ${r.width}×${r.height} in ${r.seconds.toFixed(1)} s ` +
        `(provider ${r.provider}, ${r.tile}px tiles, encoder ${r.encoder}${r.resumedChunks ? `, resumed after ${r.resumedChunks} finished chunk(s)` : ''})\n`,
    );
    return exitCodes.ok;
  },
};

/**
 * `upscale --farm`: the video's chunks go to the farm's workers and are joined here. The work
 * folder keeps the verified chunks and the job's id and token, so the same command again after a
 * crash goes on with the chunks it has (and the workers' running chunks) instead of starting over.
 */
async function upscaleOnFarmCommand(a: Omit<FarmUpscaleOptions, 'farm' | 'farmJob' | 'workDir'> & { farm: string; workDir?: string; advertise?: string }) {
  const [{ parseFarmUrl }, { upscaleOnFarm }] = await Promise.all([import('../../farm/farm-url'), import('../../farm/farm-upscale')]);
  const farm = parseFarmUrl(a.farm);
  const workDir = resolve(a.workDir ?? defaultWorkDir(a.output));
  mkdirSync(workDir, { recursive: true });
  const idFile = join(workDir, 'farm-job');
  const farmJob = existsSync(idFile) ? readFileSync(idFile, 'utf8').trim() : `upscale-${randomBytes(8).toString('hex')}`;
  if (!/^[\w.-]+$/.test(farmJob)) throw new InvalidInputError(`${idFile} is damaged; remove the folder ${workDir} to start over`);
  writeFileSync(idFile, farmJob);
  const r = await upscaleOnFarm({ ...a, farm, farmJob, workDir, advertiseHost: a.advertise });
  rmSync(workDir, { recursive: true, force: true });
  return r;
}
