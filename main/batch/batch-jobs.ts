import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { refuseOutputOverInput } from '../files/output-guard';
import { insideOutDir } from './inside-out-dir';
import { InvalidInputError, StudioError, formatIssues } from '../../preload/contract/errors';
import type { Job } from '../../preload/contract/jobs';
import { decodeUtf8, parseProject } from '../project/load-project';
import type { JobQueue } from '../queue/job-queue';
import { addProjectJob } from '../pipeline/project-job';
import { fillPlaceholders, placeholdersIn } from './fill-placeholders';
import { parseCsv } from './parse-csv';
import { isTemplateDocument, queueTemplateBatch } from './batch-make';
import type { TemplateLibrary } from '../templates/template-library';
import { slugOf } from '../files/slug';

export interface BatchRowProblem {
  line: number;
  message: string;
}

export interface BatchResult {
  jobs: Array<{ line: number; job: Job }>;
  skipped: BatchRowProblem[];
}

export interface BatchOptions {
  /** folder for outputs; each row's file is named from its `output` column or its title and line */
  outDir?: string;
  /** where a row's video goes without --out-dir (<home>/renders) */
  rendersDir?: string;
  /** a frame size for template rows (tests and drafts use small ones) */
  size?: { width: number; height: number };
  /** where a template id (or a .zip package) is looked up; default: the built-in templates only */
  templates?: TemplateLibrary;
  encoder?: string;
  priority?: number;
  /** render each row on the farm (a row's whole video on one worker unless chunkSeconds splits it) */
  farm?: { chunkSeconds?: number };
}

function readJson(file: string): unknown {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    throw new InvalidInputError(`cannot read ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(decodeUtf8(bytes, file));
  } catch (err) {
    if (err instanceof StudioError) throw err;
    throw new InvalidInputError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}


/** The CSV's header and records; a file that cannot be read is named in the message. */
export function readCsv(csvFile: string) {
  let bytes: Buffer;
  try {
    bytes = readFileSync(csvFile);
  } catch (err) {
    throw new InvalidInputError(`cannot read ${csvFile}: ${(err as Error).message}`);
  }
  return parseCsv(decodeUtf8(bytes, csvFile));
}

export const slug = (s: string) => slugOf(s, { fallback: 'video' });

/**
 * One job per CSV row: the row's columns fill the document's `{{placeholders}}`, the result is
 * validated as a project (media paths relative to the document's folder), and valid rows are
 * queued. A bad row is reported by its line number and skipped; it never stops the others.
 */
export async function queueBatch(queue: JobQueue, docFile: string, csvFile: string, opts: BatchOptions = {}): Promise<BatchResult> {
  // A template (a file, or the id of a built-in or user template) makes voiced videos, one per row.
  if (!docFile.endsWith('.json') || isTemplateDocument(readJson(docFile))) return queueTemplateBatch(queue, docFile, csvFile, opts);
  const doc = readJson(docFile);
  const baseDir = dirname(resolve(docFile));
  const { header, records } = readCsv(csvFile);
  const missingColumns = placeholdersIn(doc).filter((p) => !header.includes(p));
  if (missingColumns.length) {
    throw new InvalidInputError(`${docFile} uses placeholders the CSV has no column for: ${missingColumns.map((p) => `{{${p}}}`).join(', ')} (columns: ${header.join(', ')})`);
  }
  const result: BatchResult = { jobs: [], skipped: [] };
  for (const rec of records) {
    const row = rec.values;
    if (rec.extraFields) {
      result.skipped.push({ line: rec.line, message: `${rec.extraFields} more field(s) than the header has columns` });
      continue;
    }
    const filled = fillPlaceholders(doc, row);
    if (filled.issues.length) {
      result.skipped.push({ line: rec.line, message: formatIssues(filled.issues) });
      continue;
    }
    try {
      const { project } = parseProject(filled.value, baseDir, `row ${rec.line}`);
      const name = row.output?.trim() || `${slug(project.title)}-line${rec.line}.mp4`;
      const output = opts.outDir ? insideOutDir(opts.outDir, name) : undefined;
      if (output) refuseOutputOverInput(output, [{ file: csvFile, what: 'the CSV' }, { file: docFile, what: 'the batch document' }]);
      const job = await addProjectJob(queue, project, { output, encoder: opts.encoder, priority: opts.priority, farm: opts.farm });
      result.jobs.push({ line: rec.line, job });
    } catch (err) {
      if (!(err instanceof StudioError) || err.code === 'INTERNAL') throw err;
      result.skipped.push({ line: rec.line, message: err.message });
    }
  }
  return result;
}
