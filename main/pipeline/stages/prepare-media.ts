import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidInputError } from '../../../preload/contract/errors';
import { projectSchema } from '../../../preload/contract/project';
import { zodIssues } from '../../../preload/contract/issues';
import { locateTools } from '../../config/runtime-config';
import { probeMedia, type MediaInfo } from '../../../native/ffmpeg/probe';
import { checkMediaFiles, mediaRefs } from '../../project/load-project';
import { getFreshMediaAsset, putMediaAsset } from '../../store/media-assets';
import { hashFile } from '../../queue/artifacts';
import { isMakeInput } from '../../make/make-input';
import { stageProject, type StageContext, type StageDefinition } from '../../queue/stage';

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
    const media: Array<Record<string, unknown>> = new Array(refs.length);
    // two at a time, as a render probes them: a probe is mostly FFprobe starting up
    const next = [...refs.keys()];
    let done = 0;
    await Promise.all([0, 1].map(async () => {
      for (let i = next.shift(); i !== undefined; i = next.shift()) {
        const ref = refs[i]!;
        const st = statSync(ref.file);
        let asset = getFreshMediaAsset(ctx.db, ref.file, st.size, st.mtimeMs);
        if (!asset) {
          const probe = await probeMedia(ffprobe.path, ref.file, { signal: ctx.signal });
          asset = { path: ref.file, hash: await hashFile(ref.file), size: st.size, mtimeMs: st.mtimeMs, probe };
          putMediaAsset(ctx.db, asset);
        }
        media[i] = { ref: ref.path, path: ref.file, hash: asset.hash, duration: asset.probe?.duration ?? null, video: asset.probe?.video ?? null, audio: asset.probe?.audio ?? null, probe: asset.probe ?? null };
        ctx.progress(++done / refs.length);
      }
    }));
    const file = join(ctx.session.work, 'media.json');
    writeFileSync(file, JSON.stringify({ media }, null, 1));
    return { file };
  },
};

/**
 * A probe that answers from the prepare-media stage's manifest (files are probed once per job;
 * the manifest's hash already makes the render stale when a file changes), and really probes only
 * what the manifest lacks (a file the render copied under another name, an old manifest).
 */
export function manifestProbe(previous: StageContext['previous']): ((ffprobe: string, file: string, o: { signal?: AbortSignal }) => Promise<MediaInfo>) | undefined {
  const manifest = previous.findLast((p) => p.name === 'prepare-media');
  if (!manifest) return undefined;
  const known = new Map<string, MediaInfo>();
  for (const m of (JSON.parse(readFileSync(manifest.path, 'utf8')) as { media: Array<{ path: string; probe?: MediaInfo | null }> }).media) {
    if (m.probe) known.set(m.path, m.probe);
  }
  return async (ffprobe, file, o) => known.get(file) ?? probeMedia(ffprobe, file, o);
}
