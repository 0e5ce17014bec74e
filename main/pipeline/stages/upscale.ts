import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError, StudioError } from '../../../preload/contract/errors';
import type { ProviderChoice } from '../../../native/onnx/session';
import { modelsDir } from '../../paths';
import { upscaleVideo } from '../../upscale/upscale-video';
import { RESUME_DIR } from '../../queue/recovery';
import { lastResult, type StageContext, type StageDefinition } from '../../queue/stage';

/** An upscale goes to the farm when it was queued for it, or when its job's render went there. */
const onFarm = (ctx: Pick<StageContext, 'spec' | 'job'>) =>
  ctx.spec.options.farm === true || ctx.job.stages.some((s) => s.name === 'render' && s.options.farm === true);

/**
 * Upscales the previous stage's video. Its chunks live under work/resume/, which recovery
 * leaves in place: the upscaler's own chunk checkpoints let a crashed upscale go on from the
 * last finished chunk instead of starting over. On the farm the chunks are the workers' (this
 * machine only joins them), kept in the same place for a restarted coordinator.
 */
export const upscaleStage: StageDefinition = {
  name: 'upscale',
  version: 1,
  weight: 40,
  resource: (spec) => (spec.options.farm === true ? 'light' : 'upscale'),
  async run(ctx) {
    const source = lastResult(ctx);
    if (!source) throw new InvalidInputError('the upscale stage needs a video from an earlier stage');
    const o = ctx.spec.options;
    const output = join(ctx.session.work, 'upscaled.mp4');
    const common = {
      input: source.path,
      output,
      model: typeof o.model === 'string' ? o.model : undefined,
      scale: typeof o.scale === 'number' ? o.scale : undefined,
      provider: typeof o.provider === 'string' ? (o.provider as ProviderChoice) : undefined,
      // the model folder chosen in Settings, else the home's
      modelsDir: typeof o.modelsDir === 'string' && o.modelsDir ? o.modelsDir : modelsDir(ctx.home),
      config: ctx.config,
      signal: ctx.signal,
      tag: ctx.tag,
      log: ctx.log,
      onProgress: (p: { ratio: number; eta?: number }) => ctx.progress(p.ratio, p.eta),
    };
    if (onFarm(ctx)) {
      const farm = ctx.config.farm;
      if (!farm) throw new StudioError('INVALID_INPUT', 'this job upscales on the render farm, but this process has none: run it with --farm redis://[:password@]host:port (or set Settings → Render farm)');
      const [{ upscaleOnFarm }, { parseFarmUrl }] = await Promise.all([import('../../farm/farm-upscale'), import('../../farm/farm-url')]);
      const workDir = join(ctx.session.work, RESUME_DIR, 'farm-upscale');
      const chunkSeconds = typeof o.chunkSeconds === 'number' ? o.chunkSeconds : undefined;
      await upscaleOnFarm({ ...common, farm: parseFarmUrl(farm.url, { door: 'job' }), farmJob: `${ctx.job.id}.upscale`, owner: ctx.job.id, workDir, advertiseHost: farm.advertiseHost, chunkSeconds });
      rmSync(workDir, { recursive: true, force: true });
      return { file: output };
    }
    await upscaleVideo({ ...common, workDir: join(ctx.session.work, RESUME_DIR, 'upscale') });
    return { file: output };
  },
};
