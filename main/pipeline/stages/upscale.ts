import { join } from 'node:path';
import { InvalidInputError } from '../../../preload/contract/errors';
import { modelsDir } from '../../paths';
import { upscaleVideo } from '../../upscale/upscale-video';
import { RESUME_DIR } from '../../queue/recovery';
import { lastResult, type StageDefinition } from '../../queue/stage';

/**
 * Upscales the previous stage's video. Its chunks live under work/resume/, which recovery
 * leaves in place: the upscaler's own chunk checkpoints let a crashed upscale go on from the
 * last finished chunk instead of starting over.
 */
export const upscaleStage: StageDefinition = {
  name: 'upscale',
  version: 1,
  weight: 40,
  resource: () => 'upscale',
  async run(ctx) {
    const source = lastResult(ctx);
    if (!source) throw new InvalidInputError('the upscale stage needs a video from an earlier stage');
    const o = ctx.spec.options;
    const output = join(ctx.session.work, 'upscaled.mp4');
    await upscaleVideo({
      input: source.path,
      output,
      workDir: join(ctx.session.work, RESUME_DIR, 'upscale'),
      model: typeof o.model === 'string' ? o.model : undefined,
      scale: typeof o.scale === 'number' ? o.scale : undefined,
      provider: typeof o.provider === 'string' ? (o.provider as never) : undefined,
      // the model folder chosen in Settings, else the home's
      modelsDir: typeof o.modelsDir === 'string' && o.modelsDir ? o.modelsDir : modelsDir(ctx.home),
      config: ctx.config,
      signal: ctx.signal,
      tag: ctx.tag,
      log: ctx.log,
      onProgress: (p) => ctx.progress(p.ratio, p.eta),
    });
    return { file: output };
  },
};
