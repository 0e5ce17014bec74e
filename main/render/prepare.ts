import { InvalidInputError, type Issue } from '../../preload/contract/errors';
import { outputFormat, type ProjectDocument } from '../../preload/contract/project';
import { probeMedia, type MediaInfo } from '../../native/ffmpeg/probe';
import { writeCaptionFiles } from './caption-files';
import { gatherRenderFonts, missingFonts } from './render-fonts';
import { mediaRefs } from '../project/load-project';
import { avatarSpeaks, renderableProject } from './made-visuals';
import { percentFreePaths } from './percent-free-paths';
import { computeTimeline, type Timeline } from './timeline';
import type { Frame } from './scene-video';
import { drawDesignedScenes, type DesignedAssets } from './designed/designed-assets';

export interface PreparedRender {
  project: ProjectDocument;
  frame: Frame;
  timeline: Timeline;
  media: Map<string, MediaInfo>;
  /** the burned-in captions, when there are any (the first of assFiles) */
  assFile?: string;
  /** one ASS file per caption style in use (scenes may carry their own) */
  assFiles?: string[];
  /** the folder libass is given: the bundled fonts, plus the project's user fonts when it names any */
  fontsDir?: string;
  /** still scenes already fitted to the frame by fit-stills.ts: scene index → its .y4m frame */
  fittedStills?: Map<number, string>;
  /** designed scenes' pictures, drawn into the work folder: scene index → its background and layers */
  designed?: Map<number, DesignedAssets>;
  /**
   * where this render starts on a longer timeline, seconds (a part of a video rendered alone, a
   * farm chunk): moving backgrounds are drawn at their time on the whole timeline
   */
  timeOffset?: number;
}

/**
 * Probes every media file (in parallel, two at a time), checks that each has the stream its place
 * in the document needs, computes the timeline from the narration lengths, and writes the caption
 * file. Every problem is collected with its JSON path before anything is rendered. `drawnDir` keeps
 * the designed scenes' pictures between renders (the editor's frames; named by content).
 */
export async function prepareRender(document: ProjectDocument, opts: { ffprobe: string; workDir: string; signal?: AbortSignal; timeOffset?: number; drawnDir?: string; probe?: (ffprobe: string, file: string, o: { signal?: AbortSignal }) => Promise<MediaInfo> }): Promise<PreparedRender> {
  const { project, original } = percentFreePaths(renderableProject(document), opts.workDir);
  const frame = outputFormat(project.settings);
  const issues: Issue[] = [];
  if (frame.width % 2 || frame.height % 2) {
    issues.push({ path: 'settings', message: `width and height must be even for H.264 (got ${frame.width}×${frame.height})` });
  }
  const refs = mediaRefs(project);
  const media = new Map<string, MediaInfo>();
  const queue = [...new Set(refs.map((r) => r.file))];
  const failures = new Map<string, string>();
  await Promise.all(
    [0, 1].map(async () => {
      for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
        try {
          media.set(file, await (opts.probe ?? probeMedia)(opts.ffprobe, file, { signal: opts.signal }));
        } catch (err) {
          if ((err as { code?: string }).code !== 'INVALID_INPUT') throw err;
          failures.set(file, (err as Error).message.replace(/^cannot read media [^:]*: /, ''));
        }
      }
    }),
  );
  for (const ref of refs) {
    const failure = failures.get(ref.file);
    if (failure !== undefined) {
      issues.push({ path: ref.path, message: `cannot be read as media (${failure.replaceAll(ref.file, original(ref.file))}): ${original(ref.file)}` });
      continue;
    }
    const info = media.get(ref.file)!;
    if (ref.needs === 'video' && !info.video) issues.push({ path: ref.path, message: `has no picture: ${original(ref.file)}` });
    if (ref.needs === 'audio' && !info.audio) issues.push({ path: ref.path, message: `has no sound: ${original(ref.file)}` });
  }
  project.scenes.forEach((s, i) => {
    if (s.visual.type === 'video') {
      const info = media.get(s.visual.path);
      if (info && !info.duration) issues.push({ path: `scenes[${i}].visual.path`, message: `is a still image, not a video: use type "image"` });
    }
  });
  issues.push(...missingFonts(project));
  if (issues.length) throw new InvalidInputError('the project cannot be rendered:', issues);

  // An avatar speaking with the service's voice is the scene's narration: a 'fit' scene lasts as long as it talks.
  const narration = project.scenes.map((s, i) => (s.audio ? media.get(s.audio)?.duration : avatarSpeaks(document.scenes[i]!) && s.visual.type === 'video' ? media.get(s.visual.path)?.duration : undefined));
  const timeline = computeTimeline(project, narration, frame.fps);

  const assFiles = writeCaptionFiles(project, timeline, frame, opts.workDir);
  const fontsDir = gatherRenderFonts(project, opts.workDir);
  const designed = drawDesignedScenes(project, timeline, frame, opts.workDir, opts.drawnDir);
  return { project, frame, timeline, media, assFile: assFiles[0], assFiles, fontsDir, designed, timeOffset: opts.timeOffset ?? 0 };
}
