import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError } from '../../../preload/contract/errors';
import { projectSchema } from '../../../preload/contract/project';
import { zodIssues } from '../../../preload/contract/issues';
import { locateTools } from '../../config/runtime-config';
import { probeMedia } from '../../../native/ffmpeg/probe';
import { checkMediaFiles, mediaRefs } from '../../project/load-project';
import { getFreshMediaAsset, putMediaAsset } from '../../store/media-assets';
import { hashFile } from '../../queue/artifacts';
import { isMakeInput } from '../../make/make-input';
import { stageProject, type StageDefinition } from '../../queue/stage';

/**
 * Checks, hashes and probes every media file the project names, records them in the media
 * library, and writes a manifest. The manifest's hash feeds the render stage's input key, so a
 * media file changed on disk makes the render stale, while an unchanged one is never re-probed.
 */
export const prepareMediaStage: StageDefinition = {
  name: 'prepare-media',
  version: 1,
  weight: 1,
  resource: () => 'light',
  prepare(spec, input) {
    if (isMakeInput(input)) return spec; // its project is built by an earlier stage of the job
    const parsed = projectSchema.safeParse(input);
    if (!parsed.success) throw new InvalidInputError('the job\'s project is not valid:', zodIssues(parsed.error));
    return spec;
  },
  async run(ctx) {
    const project = projectSchema.parse(stageProject(ctx));
    const missing = checkMediaFiles(project);
    if (missing.length) throw new InvalidInputError('the project refers to media that cannot be used:', missing);
    const { ffprobe } = locateTools(ctx.config);
    const refs = mediaRefs(project);
    const media = [];
    for (const [i, ref] of refs.entries()) {
      const st = statSync(ref.file);
      let asset = getFreshMediaAsset(ctx.db, ref.file, st.size, st.mtimeMs);
      if (!asset) {
        const probe = await probeMedia(ffprobe.path, ref.file, { signal: ctx.signal });
        asset = { path: ref.file, hash: await hashFile(ref.file), size: st.size, mtimeMs: st.mtimeMs, probe };
        putMediaAsset(ctx.db, asset);
      }
      media.push({ ref: ref.path, path: ref.file, hash: asset.hash, duration: asset.probe?.duration ?? null, video: asset.probe?.video ?? null, audio: asset.probe?.audio ?? null });
      ctx.progress((i + 1) / refs.length);
    }
    const file = join(ctx.session.work, 'media.json');
    writeFileSync(file, JSON.stringify({ media }, null, 1));
    return { file };
  },
};
