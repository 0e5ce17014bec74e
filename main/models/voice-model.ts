import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { InvalidInputError, StudioError } from '../../preload/contract/errors';
import { openKokoroModel } from '../../native/tts/kokoro/kokoro-model';
import { KOKORO_PIN } from '../../native/tts/kokoro/kokoro-pin';
import { downloadFile, type DownloadProgress } from './download-file';

/**
 * The neural voice's model, kept by the same model manager as the upscalers: one ONNX file at
 * `<models>/tts/kokoro/model.onnx` with `model.json` beside it, installed through a temporary
 * folder renamed into place (so a half-copied or half-downloaded model is never seen as installed).
 */
export const KOKORO = KOKORO_PIN;

/** Where the natural voices' model is downloaded from: the pinned file, or a mirror with its own checksum. */
export interface VoiceModelSource {
  url: string;
  sha256: string;
  /** the whole file's size, for the disk-space check before a byte is fetched */
  bytes: number;
}
export const pinnedVoiceModel: VoiceModelSource = { url: KOKORO.url, sha256: KOKORO.sha256, bytes: KOKORO.bytes };

export const voiceModelMetaSchema = z.object({
  name: z.literal('kokoro'),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().positive(),
  /** whether the export gives per-token durations (exact word timing) */
  durations: z.boolean(),
  io: z.object({ ids: z.string(), style: z.string(), speed: z.string(), audio: z.string(), durations: z.string().optional() }),
  source: z.object({ kind: z.enum(['download', 'import']), from: z.string() }),
  installedAt: z.string(),
});
export type VoiceModelMeta = z.infer<typeof voiceModelMetaSchema>;

export interface VoiceModelOptions {
  /** the models folder (<home>/models) */
  dir: string;
}

export const ttsModelsDir = (opts: VoiceModelOptions) => join(opts.dir, 'tts');
export const kokoroModelPath = (opts: VoiceModelOptions) => join(ttsModelsDir(opts), KOKORO.name, 'model.onnx');

/** How to get the model, in words a user can act on; shown by `reelforge voices` and the voice picker. */
export function kokoroHelp(opts: VoiceModelOptions): string {
  return `run \`reelforge models pull kokoro\` (about ${KOKORO.approxMegabytes} MB, checked by SHA-256), or on a machine without network download it elsewhere and run \`reelforge models import <model.onnx>\`; it goes to ${kokoroModelPath(opts)}`;
}

export interface VoiceModelStatus {
  installed: boolean;
  path: string;
  meta?: VoiceModelMeta;
  help: string;
}

export function voiceModelStatus(opts: VoiceModelOptions): VoiceModelStatus {
  const path = kokoroModelPath(opts);
  const metaPath = join(ttsModelsDir(opts), KOKORO.name, 'model.json');
  let meta: VoiceModelMeta | undefined;
  if (existsSync(metaPath)) {
    const parsed = voiceModelMetaSchema.safeParse(JSON.parse(readFileSync(metaPath, 'utf8')));
    if (parsed.success) meta = parsed.data;
  }
  return { installed: existsSync(path) && meta !== undefined, path, meta, help: kokoroHelp(opts) };
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Loads the file in ONNX Runtime and checks it has Kokoro's inputs and outputs. */
export async function inspectKokoro(path: string): Promise<VoiceModelMeta['io']> {
  let model;
  try {
    model = await openKokoroModel(path, { provider: 'cpu' });
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new InvalidInputError(`${path}: ${msg.startsWith('not a Kokoro') ? msg : `not a loadable ONNX model: ${msg}`}`);
  }
  const io = model.io;
  await model.close();
  return io;
}

/** Whether an ONNX file is a Kokoro voice model (so `models import` knows which manager part takes it). */
export async function looksLikeKokoro(path: string): Promise<boolean> {
  try {
    await inspectKokoro(path);
    return true;
  } catch {
    return false;
  }
}

/** Moves a checked model file into place with its record; `move` renames instead of copying. */
async function install(file: string, source: VoiceModelMeta['source'], opts: VoiceModelOptions, move: boolean): Promise<VoiceModelStatus> {
  const io = await inspectKokoro(file);
  const root = ttsModelsDir(opts);
  const tmp = join(root, `.${KOKORO.name}.${process.pid}.tmp`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  try {
    const target = join(tmp, 'model.onnx');
    if (move) renameSync(file, target);
    else copyFileSync(file, target);
    const meta: VoiceModelMeta = {
      name: 'kokoro',
      sha256: await fileSha256(target),
      bytes: statSync(target).size,
      durations: io.durations !== undefined,
      io,
      source,
      installedAt: new Date().toISOString(),
    };
    writeFileSync(join(tmp, 'model.json'), JSON.stringify(meta, null, 2));
    const dest = join(root, KOKORO.name);
    rmSync(dest, { recursive: true, force: true });
    renameSync(tmp, dest);
    return voiceModelStatus(opts);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Offline install from a file the user has (copied, never moved: it is the user's file). */
export async function importVoiceModel(file: string, opts: VoiceModelOptions): Promise<VoiceModelStatus> {
  if (!existsSync(file)) throw new InvalidInputError(`no such file: ${file}`);
  return install(file, { kind: 'import', from: file }, opts, false);
}

/** Where a download of the file with this checksum is kept until it is whole (`.part` while it grows). */
export const voiceModelDownloadPath = (opts: VoiceModelOptions, sha256: string) => join(ttsModelsDir(opts), '.downloads', `${KOKORO.name}-${sha256.slice(0, 16)}.onnx`);

/**
 * Downloads the pinned model (resuming an interrupted download), checks its SHA-256, checks it
 * loads as Kokoro, and installs it. `url`/`sha256` override the pinned pair (a mirror, another export).
 */
export async function pullVoiceModel(
  opts: VoiceModelOptions & { url?: string; sha256?: string; onProgress?: (p: DownloadProgress) => void; signal?: AbortSignal; fetch?: typeof fetch },
): Promise<VoiceModelStatus> {
  if (opts.url && !opts.sha256) throw new InvalidInputError('--url needs --sha256: a model is installed only when its checksum is known');
  const url = opts.url ?? KOKORO.url;
  const sha256 = opts.sha256 ?? KOKORO.sha256;
  const file = voiceModelDownloadPath(opts, sha256);
  await downloadFile(url, file, { sha256, onProgress: opts.onProgress, signal: opts.signal, fetch: opts.fetch });
  try {
    return await install(file, { kind: 'download', from: url }, opts, true);
  } finally {
    rmSync(file, { force: true });
  }
}

/** The installed file against its recorded checksum, and that it still loads as Kokoro. */
export async function verifyVoiceModel(opts: VoiceModelOptions): Promise<{ ok: boolean; problems: string[] }> {
  const status = voiceModelStatus(opts);
  if (!status.installed || !status.meta) throw new StudioError('NOT_FOUND', `Kokoro is not installed: ${status.help}`);
  const problems: string[] = [];
  if ((await fileSha256(status.path)) !== status.meta.sha256) problems.push('checksum does not match: the file was changed or damaged');
  else {
    try {
      await inspectKokoro(status.path);
    } catch (err) {
      problems.push((err as Error).message);
    }
  }
  return { ok: problems.length === 0, problems };
}
