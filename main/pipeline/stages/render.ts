import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { projectSchema } from '../../../preload/contract/project';
import { capabilitiesOf, locateTools, type RuntimeConfig } from '../../config/runtime-config';
import { chooseEncoder } from '../../render/choose-encoder';
import { renderProject } from '../../render/render-project';
import { manifestProbe } from './prepare-media';
import { isMakeInput } from '../../make/make-input';
import { stageProject, type StageContext, type StageDefinition } from '../../queue/stage';
import { RESUME_DIR } from '../../queue/recovery';
import { StudioError } from '../../../preload/contract/errors';
import type { ProjectDocument } from '../../../preload/contract/project';

/** The FFmpeg the process's configuration chose (the studio's setting, REELFORGE_FFMPEG, …), and what it can do. */
async function capabilities(config: RuntimeConfig, signal?: AbortSignal) {
  const tools = locateTools(config);
  return { tools, caps: await capabilitiesOf(config, tools, { signal }) };
}

/**
 * Renders the project. The encoder is chosen once, when the job is added, and kept in the
 * stage's options: the job's resource class (a GPU slot or a CPU slot) depends on it, and a
 * retried job must not switch encoders half-way through its life.
 */
export const renderStage: StageDefinition = {
  name: 'render',
  version: 1,
  weight: 20,
  // on the farm this machine only mixes the sound and joins the chunks
  resource: (spec) => (spec.options.farm === true ? 'light' : spec.options.hardware === true ? 'encode-gpu' : 'encode-cpu'),
  async prepare(spec, input, config) {
    // A make job's project does not exist yet: its encoder is the request's, or the best one.
    const fromProject = isMakeInput(input) ? undefined : projectSchema.parse(input).settings.encoder;
    const { caps } = await capabilities(config);
    const profile = chooseEncoder(caps, String(spec.options.encoder ?? fromProject ?? 'auto'));
    return { ...spec, options: { ...spec.options, encoder: profile.name, hardware: profile.hardware } };
  },
  async run(ctx) {
    const project = projectSchema.parse(stageProject(ctx));
    const { tools, caps } = await capabilities(ctx.config, ctx.signal);
    const tmp = join(ctx.session.work, 'render-tmp');
    const output = join(ctx.session.work, 'render.mp4');
    if (ctx.spec.options.farm === true) {
      await renderOnFarmStage(ctx, project, output);
      return { file: output };
    }
    await renderProject({
      project,
      output,
      workDir: tmp,
      encoder: String(ctx.spec.options.encoder),
      signal: ctx.signal,
      tag: ctx.tag,
      log: ctx.log,
      tools,
      capabilities: caps,
      config: ctx.config,
      background: true,
      probe: manifestProbe(ctx.previous),
      onProgress: (p) => ctx.progress(p.ratio, p.eta),
    });
    rmSync(tmp, { recursive: true, force: true });
    return { file: output };
  },
};

/**
 * A farm render: chunks on the farm's workers, the sound and the join here. Its folder is kept in
 * the job's session until the job ends, so a restarted coordinator finds the chunks it already has.
 */
async function renderOnFarmStage(ctx: StageContext, project: ProjectDocument, output: string): Promise<void> {
  const farm = ctx.config.farm;
  if (!farm) throw new StudioError('INVALID_INPUT', 'this job renders on the render farm, but this process has none: run it with --farm redis://[:password@]host:port (or set Settings → Render farm)');
  const [{ renderOnFarm }, { parseFarmUrl }] = await Promise.all([import('../../farm/farm-render'), import('../../farm/farm-url')]);
  const { tools, caps } = await capabilities(ctx.config, ctx.signal);
  // under the session's resume folder: recovery after a crash keeps it, so the chunks already here are reused
  const workDir = join(ctx.session.work, RESUME_DIR, 'farm');
  await renderOnFarm({
    project,
    output,
    workDir,
    farm: parseFarmUrl(farm.url, { door: 'job' }),
    farmJob: ctx.job.id,
    advertiseHost: farm.advertiseHost,
    chunkSeconds: typeof ctx.spec.options.chunkSeconds === 'number' ? ctx.spec.options.chunkSeconds : undefined,
    encoder: String(ctx.spec.options.encoder),
    signal: ctx.signal,
    tag: ctx.tag,
    log: ctx.log,
    tools,
    capabilities: caps,
    config: ctx.config,
    // the files were probed by prepare-media: its manifest answers, as for a render here
    probe: manifestProbe(ctx.previous),
    onProgress: (p) => ctx.progress(p.ratio, p.eta),
  });
  rmSync(workDir, { recursive: true, force: true });
}
