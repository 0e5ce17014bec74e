import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatIssues, InvalidInputError, StudioError } from '../../preload/contract/errors';
import { captionModes, videoFormats, type MakeRequestInput } from '../../preload/contract/make';
import { templateSchema, type Template } from '../../preload/contract/template';
import { zodIssues } from '../../preload/contract/issues';
import { enqueueMake } from '../make/enqueue-make';
import { decodeUtf8 } from '../project/load-project';
import type { JobQueue } from '../queue/job-queue';
import { builtInTemplateDir, findTemplate } from '../templates/load-templates';
import { readCsv, slug, type BatchOptions, type BatchResult } from './batch-jobs';
import { fillPlaceholders } from './fill-placeholders';

/** A template has a structure and no scenes; a project has scenes. */
export function isTemplateDocument(doc: unknown): boolean {
  return !!doc && typeof doc === 'object' && 'structure' in doc && !('scenes' in doc);
}

/** The columns a row may use; `script` or `topic` says what to narrate. */
const columns = 'script or topic (required), title, voice, language, format, captions, points (separated by |), output';

/**
 * One voiced video per CSV row, through the same make pipeline as `reelforge make`: the row's
 * `script` (or `topic`) is narrated in the template's look, `{{column}}` placeholders anywhere in
 * the template are filled from the row, and a bad row is reported by its line and skipped.
 */
export async function queueTemplateBatch(queue: JobQueue, templateRef: string, csvFile: string, opts: BatchOptions): Promise<BatchResult> {
  const raw: unknown = templateRef.endsWith('.json')
    ? JSON.parse(decodeUtf8(readFileSync(templateRef), templateRef))
    : findTemplate(templateRef, [builtInTemplateDir, ...(opts.templateDirs ?? [])]);
  const { header, records } = readCsv(csvFile);
  if (!header.includes('script') && !header.includes('topic')) {
    throw new InvalidInputError(`${csvFile} needs a "script" or "topic" column to narrate (columns: ${header.join(', ')}; a row may use ${columns})`);
  }
  const result: BatchResult = { jobs: [], skipped: [] };
  for (const rec of records) {
    const row = rec.values;
    const skip = (message: string) => result.skipped.push({ line: rec.line, message });
    if (rec.extraFields) {
      skip(`${rec.extraFields} more field(s) than the header has columns`);
      continue;
    }
    const filled = fillPlaceholders(raw, row);
    if (filled.issues.length) {
      skip(formatIssues(filled.issues));
      continue;
    }
    const parsed = templateSchema.safeParse(filled.value);
    if (!parsed.success) {
      skip(`the template filled with this row is not valid:\n${formatIssues(zodIssues(parsed.error))}`);
      continue;
    }
    const template: Template = parsed.data;
    const script = row.script?.trim();
    const topic = row.topic?.trim();
    if (!script && !topic) {
      skip('the row has no script or topic to narrate');
      continue;
    }
    if (row.format && !(row.format in videoFormats)) {
      skip(`format is ${Object.keys(videoFormats).join(', ')}, not "${row.format}"`);
      continue;
    }
    if (row.captions && !(captionModes as readonly string[]).includes(row.captions)) {
      skip(`captions is ${captionModes.join(', ')}, not "${row.captions}"`);
      continue;
    }
    const title = row.title?.trim() || undefined;
    const name = row.output?.trim() || `${slug(title ?? template.name)}-line${rec.line}.mp4`;
    const request: MakeRequestInput = {
      ...(script ? { script } : { topic }),
      ...(title ? { title } : {}),
      ...(row.points ? { points: row.points.split('|').map((p) => p.trim()).filter(Boolean) } : {}),
      ...(row.voice ? { voice: row.voice } : {}),
      ...(row.language ? { language: row.language } : {}),
      ...(row.format ? { format: row.format as keyof typeof videoFormats } : {}),
      ...(row.captions ? { captions: row.captions as (typeof captionModes)[number] } : {}),
      ...(opts.encoder ? { encoder: opts.encoder } : {}),
      templateId: template.id,
      ...(opts.size ? { settings: { preset: row.format ? videoFormats[row.format as keyof typeof videoFormats] : template.preset, ...opts.size } } : {}),
      render: true,
      ...(opts.outDir ? { output: resolve(opts.outDir, name) } : {}),
    };
    try {
      const job = await enqueueMake(queue, request, { template, rendersDir: opts.rendersDir ?? resolve('.'), priority: opts.priority });
      result.jobs.push({ line: rec.line, job });
    } catch (err) {
      if (!(err instanceof StudioError) || err.code === 'INTERNAL') throw err;
      skip(err.message);
    }
  }
  return result;
}
