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
  const scale = await measureScale(bytes);
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

async function measureScale(model: Uint8Array | string): Promise<number> {
  let session: ModelSession;
  try {
    session = await ModelSession.open(model, { provider: 'cpu' });
  } catch (err) {
    throw new InvalidInputError(`not a loadable ONNX model: ${(err as Error).message}`);
  }
  try {
    const out = await session.run({ data: new Float32Array(3 * 16 * 16).fill(0.5), channels: 3, height: 16, width: 16 });
    const scale = out.width / 16;
    if (out.channels !== 3 || out.height !== out.width || !Number.isInteger(scale) || scale < 1) {
      throw new InvalidInputError(`the model maps 3×16×16 to ${out.channels}×${out.height}×${out.width}; an RGB upscaler with an integer scale is needed`);
    }
    return scale;
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
    const parsed = modelMetaSchema.safeParse(JSON.parse(readFileSync(metaPath, 'utf8')));
    // A model.json this version can't read is skipped, never guessed at.
    if (parsed.success) found.push({ meta: parsed.data, path: join(root, name, 'model.onnx') });
  }
  return found;
}

export function findModel(name: string, opts: StoreOptions): InstalledModel | undefined {
  return listModels(opts).find((m) => m.meta.name === name);
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
