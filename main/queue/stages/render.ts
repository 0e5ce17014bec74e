import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { projectSchema } from '../../../preload/contract/project';
import { getCapabilities } from '../../../native/ffmpeg/capabilities';
import { locateFfmpeg } from '../../../native/ffmpeg/locate';
import { chooseEncoder } from '../../render/choose-encoder';
import { renderProject } from '../../render/render-project';
import { isMakeInput } from '../../make/make-input';
import { stageProject, type StageDefinition } from '../stage';

/** The capability cache lives in the job's home, so a job writes nowhere outside it. */
async function capabilities(home: string, signal?: AbortSignal) {
  const tools = locateFfmpeg();
  return { tools, caps: await getCapabilities(tools.ffmpeg.path, { cacheDir: join(home, 'cache'), signal }) };
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
  resource: (spec) => (spec.options.hardware === true ? 'encode-gpu' : 'encode-cpu'),
  async prepare(spec, input, home) {
    // A make job's project does not exist yet: its encoder is the request's, or the best one.
    const fromProject = isMakeInput(input) ? undefined : projectSchema.parse(input).settings.encoder;
    const { caps } = await capabilities(home);
    const profile = chooseEncoder(caps, String(spec.options.encoder ?? fromProject ?? 'auto'));
    return { ...spec, options: { ...spec.options, encoder: profile.name, hardware: profile.hardware } };
  },
  async run(ctx) {
    const project = projectSchema.parse(stageProject(ctx));
    const { tools, caps } = await capabilities(ctx.home, ctx.signal);
    const tmp = join(ctx.session.work, 'render-tmp');
    const output = join(ctx.session.work, 'render.mp4');
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
      background: true,
      onProgress: (p) => ctx.progress(p.ratio, p.eta),
    });
    rmSync(tmp, { recursive: true, force: true });
    return { file: output };
  },
};
