import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectDocument } from '../../preload/contract/project';
import type { SubtitleFormat } from '../captions/export-subtitles';
import { writeCreditsSidecar } from '../providers/media/credits';
import type { StageContext } from '../queue/stage';
import { writeSidecars } from './write-sidecars';

/** What a companion stage writes: files delivered beside the video, named by suffix. */
export interface CompanionManifest {
  files: Array<{ suffix: string; path: string }>;
}

const formats: SubtitleFormat[] = ['srt', 'vtt', 'ass'];

/**
 * The files a companion stage delivers beside the video — SRT, VTT and ASS captions timed exactly
 * as the burned-in ones would be, and the credits of stock media — and the manifest the queue
 * reads to deliver them. The make job's sidecars and an export's project-sidecars differ only in
 * where each scene's narration length comes from.
 */
export function writeCompanions(
  ctx: StageContext,
  doc: ProjectDocument,
  narration: Array<number | undefined>,
  opts: { captions: boolean; credits: boolean },
): { file: string } {
  const project = { ...doc, style: { ...doc.style, caption: { ...doc.style.caption, enabled: true } } };
  const base = join(ctx.session.work, 'captions.mp4');
  const files = (opts.captions ? writeSidecars(project, narration, base, formats) : []).map((path) => ({ suffix: path.slice(path.lastIndexOf('.')), path }));
  if (opts.credits) {
    // stock media's authors, as its providers require: out.credits.txt and .json beside the video
    const credits = doc.scenes.flatMap((s, sceneIndex) => (s.credit ? [{ sceneIndex, attribution: s.credit }] : []));
    for (const path of writeCreditsSidecar(base, credits)) files.push({ suffix: path.slice(path.indexOf('.credits.')), path });
  }
  const file = join(ctx.session.work, 'sidecars.json');
  writeFileSync(file, JSON.stringify({ files } satisfies CompanionManifest));
  ctx.progress(1);
  return { file };
}
