import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { formatIssues, InvalidInputError, StudioError } from '../../preload/contract/errors';
import { captionModes, videoFormats, type MakeRequestInput } from '../../preload/contract/make';
import { newerTemplateVersion, templateSchema, type Template } from '../../preload/contract/template';
import { zodIssues } from '../../preload/contract/issues';
import { enqueueMake } from '../make/enqueue-make';
import { decodeUtf8 } from '../project/load-project';
import type { JobQueue } from '../queue/job-queue';
import { parseTemplateDocument, resolveTemplatePaths } from '../templates/load-templates';
import { TemplateLibrary } from '../templates/template-library';
import { readCsv, slug, type BatchOptions, type BatchResult } from './batch-jobs';
import { fillPlaceholders } from './fill-placeholders';
import { insideOutDir } from './inside-out-dir';

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
  // a JSON file is filled as it was written (its placeholders may sit where the schema wants a
  // number); an id or a package comes from the template library, already complete
  const isFile = templateRef.endsWith('.json');
  const raw: unknown = isFile ? JSON.parse(decodeUtf8(readFileSync(templateRef), templateRef)) : (opts.templates ?? new TemplateLibrary()).resolve(templateRef);
  if (isFile) parseTemplateVersion(raw, templateRef);
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
    const template: Template = isFile ? resolveTemplatePaths(parsed.data, dirname(resolve(templateRef))) : parsed.data;
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
    let output: string | undefined;
    try {
      output = opts.outDir ? insideOutDir(opts.outDir, name) : undefined;
    } catch (err) {
      skip((err as Error).message);
      continue;
    }
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
      ...(output ? { output } : {}),
    };
    try {
      const job = await enqueueMake(queue, request, { template, rendersDir: opts.rendersDir ?? resolve('.'), priority: opts.priority, farm: opts.farm });
      result.jobs.push({ line: rec.line, job });
    } catch (err) {
      if (!(err instanceof StudioError) || err.code === 'INTERNAL') throw err;
      skip(err.message);
    }
  }
  return result;
}

/** A template file from a newer Reelforge is refused as a whole, before any row is filled. */
function parseTemplateVersion(raw: unknown, file: string): void {
  if (newerTemplateVersion(raw) !== undefined) parseTemplateDocument(raw, `template ${file}`);
}
