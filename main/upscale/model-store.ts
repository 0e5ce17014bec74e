import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { InvalidInputError, StudioError } from '../../preload/contract/errors';
import { modelMetaSchema, type ModelMeta } from '../../preload/contract/upscale';
import { convertNcnn, type Precision } from '../../native/onnx/ncnn/convert';
import { ModelSession } from '../../native/onnx/session';

/**
 * Installed models live in `<models>/<name>/model.onnx` with `model.json` beside it. Writes go
 * through a temporary folder renamed into place, so a crash never leaves half a model listed.
 */
export interface StoreOptions {
  /** the models folder: <home>/models, or the folder chosen in Settings */
  dir: string;
}

export interface InstalledModel {
  meta: ModelMeta;
  path: string;
}

export const defaultTilePad: Record<ModelMeta['architecture'], number> = {
  // Measured: 24 input pixels make SRVGGNet tiles match a whole-image run; RRDBNet reaches further.
  srvgg: 24,
  rrdb: 32,
  other: 32,
};

const folder = (opts: StoreOptions) => opts.dir;

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function checkName(name: string): string {
  if (!/^[a-z0-9][a-z0-9._-]*$/.test(name)) {
    throw new InvalidInputError(`model name '${name}' must be lower-case letters, digits, '.', '_' or '-'`);
  }
  return name;
}

function install(onnx: Uint8Array, meta: Omit<ModelMeta, 'sha256' | 'bytes' | 'importedAt'>, opts: StoreOptions): InstalledModel {
  const root = folder(opts);
  mkdirSync(root, { recursive: true });
  const full: ModelMeta = modelMetaSchema.parse({ ...meta, sha256: sha256(onnx), bytes: onnx.length, importedAt: new Date().toISOString() });
  const tmp = join(root, `.${meta.name}.${process.pid}.tmp`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  writeFileSync(join(tmp, 'model.onnx'), onnx);
  writeFileSync(join(tmp, 'model.json'), JSON.stringify(full, null, 2));
  const dest = join(root, meta.name);
  rmSync(dest, { recursive: true, force: true });
  renameSync(tmp, dest);
  return { meta: full, path: join(dest, 'model.onnx') };
}

export function importNcnn(paramPath: string, binPath: string, opts: StoreOptions & { name?: string; precision?: Precision }): InstalledModel {
  const name = checkName(opts.name ?? basename(paramPath, extname(paramPath)).toLowerCase());
  if (!existsSync(paramPath)) throw new InvalidInputError(`no such file: ${paramPath}`);
  if (!existsSync(binPath)) throw new InvalidInputError(`no such file: ${binPath}`);
  const converted = convertNcnn(readFileSync(paramPath, 'utf8'), readFileSync(binPath), { precision: opts.precision, name });
  if (!converted.scale || !Number.isInteger(converted.scale)) {
    throw new InvalidInputError(`${paramPath}: cannot tell the model's scale from its layers (got ${converted.scale})`);
  }
  if (converted.scale > MAX_MODEL_SCALE) throw new InvalidInputError(`${paramPath}: the model upscales by ${converted.scale}; at most ×${MAX_MODEL_SCALE} is supported`);
  return install(converted.onnx, {
    name,
    scale: converted.scale,
    architecture: converted.architecture,
    macsPerPixel: converted.macsPerPixel,
    tilePad: defaultTilePad[converted.architecture],
    peakChannelsPerInputPixel: converted.peakChannelsPerInputPixel,
    precision: opts.precision ?? 'fp32',
    source: { kind: 'ncnn', from: paramPath },
  }, opts);
}

/** An ONNX file from elsewhere: its scale is measured by running it on a small image. */
export async function importOnnx(onnxPath: string, opts: StoreOptions & { name?: string; tilePad?: number; source?: ModelMeta['source'] }): Promise<InstalledModel> {
  const name = checkName(opts.name ?? basename(onnxPath, extname(onnxPath)).toLowerCase());
  if (!existsSync(onnxPath)) throw new InvalidInputError(`no such file: ${onnxPath}`);
  const bytes = readFileSync(onnxPath);
  const scale = await measureScale(bytes, onnxPath);
  return install(bytes, {
    name,
    scale,
    architecture: 'other',
    macsPerPixel: null,
    tilePad: opts.tilePad ?? defaultTilePad.other,
    peakChannelsPerInputPixel: 64 * scale * scale,
    precision: 'fp32',
    source: opts.source ?? { kind: 'onnx', from: onnxPath },
  }, opts);
}

/** The largest scale the app takes: ×8 already makes 4K from 480p; a ×700 "upscaler" would need gigabytes per tile. */
export const MAX_MODEL_SCALE = 8;

async function measureScale(model: Uint8Array | string, what = 'the model'): Promise<number> {
  let session: ModelSession;
  try {
    session = await ModelSession.open(model, { provider: 'cpu' });
  } catch (err) {
    if (err instanceof StudioError && err.code === 'INVALID_INPUT') throw new InvalidInputError(`${what}: ${err.message}`);
    throw new InvalidInputError(`${what} is not a loadable ONNX model: ${(err as Error).message.split('\n')[0]}`);
  }
  try {
    // A tiny image first: its output is small whatever the scale, so an absurd scale is refused
    // before a larger run could take gigabytes.
    for (const side of [4, 16]) {
      let out;
      try {
        out = await session.run({ data: new Float32Array(3 * side * side).fill(0.5), channels: 3, height: side, width: side });
      } catch (err) {
        if (side === 4) continue; // a model that needs a larger input: measured on 16×16
        throw new InvalidInputError(`${what} failed on a 16×16 test image: ${(err as Error).message.split('\n')[0]}`);
      }
      const scale = out.width / side;
      if (out.channels !== 3 || out.height !== out.width || !Number.isInteger(scale) || scale < 1) {
        throw new InvalidInputError(`${what} maps 3×${side}×${side} to ${out.channels}×${out.height}×${out.width}; an RGB upscaler with an integer scale is needed`);
      }
      if (scale > MAX_MODEL_SCALE) throw new InvalidInputError(`${what} upscales by ${scale}; at most ×${MAX_MODEL_SCALE} is supported (each tile would need ${Math.round((scale * scale * 3 * 4 * 64 * 64) / 1048576)} MB or more)`);
      if (side === 16) return scale;
    }
    throw new InvalidInputError(`${what} could not be measured`);
  } finally {
    await session.close();
  }
}

export function listModels(opts: StoreOptions): InstalledModel[] {
  const root = folder(opts);
  if (!existsSync(root)) return [];
  const found: InstalledModel[] = [];
  for (const name of readdirSync(root).sort()) {
    if (name.startsWith('.')) continue;
    const metaPath = join(root, name, 'model.json');
    if (!existsSync(metaPath)) continue;
    // A model.json this version can't read is skipped, never guessed at (modelProblems names it).
    const read = readMeta(metaPath);
    if ('meta' in read) found.push({ meta: read.meta, path: join(root, name, 'model.onnx') });
  }
  return found;
}

function readMeta(metaPath: string): { meta: ModelMeta } | { problem: string } {
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(metaPath, 'utf8'));
  } catch (err) {
    return { problem: `${metaPath} is damaged (${(err as Error).message}); import the model again (reelforge models import …) or remove its folder` };
  }
  const parsed = modelMetaSchema.safeParse(data);
  if (!parsed.success) return { problem: `${metaPath} is not a model description this Reelforge reads (${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}); import the model again or remove its folder` };
  return { meta: parsed.data };
}

/** The models folder's entries that cannot be used, each naming its file: what `models list` reports. */
export function modelProblems(opts: StoreOptions): string[] {
  const root = folder(opts);
  if (!existsSync(root)) return [];
  const problems: string[] = [];
  for (const name of readdirSync(root).sort()) {
    const metaPath = join(root, name, 'model.json');
    if (name.startsWith('.') || !existsSync(metaPath)) continue;
    const read = readMeta(metaPath);
    if ('problem' in read) problems.push(read.problem);
  }
  return problems;
}

export function findModel(name: string, opts: StoreOptions): InstalledModel | undefined {
  const found = listModels(opts).find((m) => m.meta.name === name);
  if (found) return found;
  // a model of that name whose description is damaged is named as such, not "no such model"
  const metaPath = join(folder(opts), name, 'model.json');
  if (/^[a-z0-9][a-z0-9._-]*$/.test(name) && existsSync(metaPath)) {
    const read = readMeta(metaPath);
    if ('problem' in read) throw new InvalidInputError(read.problem);
  }
  return undefined;
}

/** Checks the file against its recorded checksum and that it still loads and upscales by its scale. */
export async function verifyModel(name: string, opts: StoreOptions): Promise<{ ok: boolean; problems: string[] }> {
  const model = findModel(name, opts);
  if (!model) throw new StudioError('NOT_FOUND', `no model named '${name}' in ${folder(opts)}`);
  const problems: string[] = [];
  const bytes = readFileSync(model.path);
  if (sha256(bytes) !== model.meta.sha256) problems.push('checksum does not match: the file was changed or damaged');
  else {
    try {
      const scale = await measureScale(bytes);
      if (scale !== model.meta.scale) problems.push(`upscales by ${scale}, recorded as ${model.meta.scale}`);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  return { ok: problems.length === 0, problems };
}
