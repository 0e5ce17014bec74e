import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { refuseOutputOverInput } from '../files/output-guard';
import { InvalidInputError, StudioError, formatIssues } from '../../preload/contract/errors';
import type { Job } from '../../preload/contract/jobs';
import { decodeUtf8, parseProject } from '../project/load-project';
import type { JobQueue } from '../queue/job-queue';
import { addProjectJob } from '../queue/project-job';
import { fillPlaceholders, placeholdersIn } from './fill-placeholders';
import { parseCsv } from './parse-csv';

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
  encoder?: string;
  priority?: number;
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

/**
 * A row's output inside --out-dir: the `output` column names a file there (sub-folders allowed),
 * never a path outside it — a shared CSV must not be able to write over ../ or /absolute files.
 */
function insideOutDir(outDir: string, name: string): string {
  const root = resolve(outDir);
  const target = resolve(root, name);
  const rel = relative(root, target);
  if (isAbsolute(name) || /^[a-z]:/i.test(name) || rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) {
    throw new InvalidInputError(`output '${name}' is outside --out-dir ${root}; give a file name inside it`);
  }
  return target;
}

const slug = (s: string) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-|-$/g, '').slice(0, 60) || 'video';

/**
 * One job per CSV row: the row's columns fill the document's `{{placeholders}}`, the result is
 * validated as a project (media paths relative to the document's folder), and valid rows are
 * queued. A bad row is reported by its line number and skipped; it never stops the others.
 */
export async function queueBatch(queue: JobQueue, docFile: string, csvFile: string, opts: BatchOptions = {}): Promise<BatchResult> {
  const doc = readJson(docFile);
  const baseDir = dirname(resolve(docFile));
  const csvBytes = (() => {
    try {
      return readFileSync(csvFile);
    } catch (err) {
      throw new InvalidInputError(`cannot read ${csvFile}: ${(err as Error).message}`);
    }
  })();
  const { header, records } = parseCsv(decodeUtf8(csvBytes, csvFile));
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
      const job = await addProjectJob(queue, project, { output, encoder: opts.encoder, priority: opts.priority });
      result.jobs.push({ line: rec.line, job });
    } catch (err) {
      if (!(err instanceof StudioError) || err.code === 'INTERNAL') throw err;
      result.skipped.push({ line: rec.line, message: err.message });
    }
  }
  return result;
}
