// The Kokoro voice model a release build carries: the pinned export (native/tts/kokoro/kokoro-pin.ts),
// downloaded (resumably) or copied from a file already at hand, checked against the pinned size and
// SHA-256, and put with its record in .cache/release-models/kokoro, where electron-builder.yml's
// extraResources takes it from. The release workflow runs it before `npm run dist`; `npm ci` never
// needs it. Nothing half-fetched or mismatched is left in place.
//   npm run fetch:kokoro                 (download; a copy already there and right is kept)
//   npm run fetch:kokoro -- --from FILE  (offline: use a model file you have; it is checked the same way)
import { createHash } from 'node:crypto';
import { copyFileSync, createReadStream, existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { downloadFile } from '../main/models/download-file';
import { CARRIED_MODELS_DIR } from '../native/resources';
import { KOKORO_PIN, type CarriedModelRecord } from '../native/tts/kokoro/kokoro-pin';

export interface FetchOptions {
  /** the checkout */
  root: string;
  /** a model file to use instead of downloading */
  from?: string;
  /** what to fetch (tests: a stand-in and its own checksum); the pin when absent */
  pin?: { url: string; bytes: number; sha256: string; revision: string };
  fetch?: typeof fetch;
  log?: (line: string) => void;
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The folder electron-builder copies into the package: model.onnx and model.json. */
export const carriedKokoroDir = (root: string) => join(root, ...CARRIED_MODELS_DIR.split('/'), 'kokoro');

/** Puts the pinned model in place (or leaves a right one there); returns its path. */
export async function fetchKokoroModel(opts: FetchOptions): Promise<string> {
  const pin = opts.pin ?? KOKORO_PIN;
  const log = opts.log ?? ((line: string) => console.log(line));
  const dir = carriedKokoroDir(opts.root);
  const model = join(dir, 'model.onnx');
  const recordFile = join(dir, 'model.json');
  if (existsSync(model) && existsSync(recordFile)) {
    const record = JSON.parse(readFileSync(recordFile, 'utf8')) as CarriedModelRecord;
    if (record.sha256 === pin.sha256 && statSync(model).size === pin.bytes && (await sha256Of(model)) === pin.sha256) {
      log(`the Kokoro model is already in place and checked: ${model}`);
      return model;
    }
  }
  mkdirSync(dir, { recursive: true });
  const staged = join(dir, `model.onnx.${pin.sha256.slice(0, 12)}`);
  if (opts.from) {
    const from = resolve(opts.from);
    if (!existsSync(from)) throw new Error(`--from ${from}: no such file`);
    copyFileSync(from, `${staged}.part`);
    if ((await sha256Of(`${staged}.part`)) !== pin.sha256) {
      rmSync(`${staged}.part`, { force: true });
      throw new Error(`${from} is not the pinned Kokoro model (SHA-256 ${pin.sha256}): refused`);
    }
    renameSync(`${staged}.part`, staged);
  } else {
    log(`downloading the Kokoro model (${Math.round(pin.bytes / 1e6)} MB, revision ${pin.revision.slice(0, 12)})`);
    let shown = -1;
    await downloadFile(pin.url, staged, {
      sha256: pin.sha256,
      fetch: opts.fetch,
      onProgress: (p) => {
        const pct = Math.floor((100 * p.received) / (p.total ?? pin.bytes));
        if (pct >= shown + 10) log(`  ${(shown = pct)}%${p.resumed ? ' (resumed)' : ''}`);
      },
    });
  }
  const bytes = statSync(staged).size;
  if (bytes !== pin.bytes) {
    rmSync(staged, { force: true });
    throw new Error(`the Kokoro model has ${bytes} bytes, the pin says ${pin.bytes}: refused`);
  }
  renameSync(staged, model);
  const record: CarriedModelRecord = { name: 'kokoro', sha256: pin.sha256, bytes: pin.bytes, from: opts.from ? resolve(opts.from) : pin.url, revision: pin.revision, fetchedAt: new Date().toISOString() };
  writeFileSync(`${recordFile}.part`, JSON.stringify(record, null, 2) + '\n');
  renameSync(`${recordFile}.part`, recordFile);
  log(`the Kokoro model is in place, SHA-256 checked: ${model}`);
  return model;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--from');
  if (args.some((a, i) => a !== '--from' && i !== at + 1) || (at >= 0 && !args[at + 1])) {
    console.error('usage: npm run fetch:kokoro [-- --from <model.onnx>]');
    process.exit(2);
  }
  try {
    await fetchKokoroModel({ root: fileURLToPath(new URL('..', import.meta.url)), from: at >= 0 ? args[at + 1] : undefined });
  } catch (err) {
    console.error(`fetch-kokoro-model: ${(err as Error).message}`);
    process.exit(1);
  }
}
