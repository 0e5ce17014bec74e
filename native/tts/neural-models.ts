import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A neural voice is a folder in the TTS model folder holding a Piper/VITS model as sherpa-onnx
 * expects it: one `*.onnx` file, `tokens.txt`, and (Piper voices) an `espeak-ng-data/` folder.
 * Folders are read, never trusted: one missing a piece is reported, not loaded.
 */
export interface NeuralModel {
  name: string;
  dir: string;
  model: string;
  tokens: string;
  dataDir?: string;
  /** from the folder name's `xx_YY-` prefix (Piper's naming), else 'und' */
  language: string;
}

export interface ModelScan {
  models: NeuralModel[];
  /** folders that look like an attempt at a model, with what is missing */
  incomplete: { dir: string; missing: string }[];
}

export function scanNeuralModels(root: string): ModelScan {
  const scan: ModelScan = { models: [], incomplete: [] };
  if (!existsSync(root)) return scan;
  for (const name of readdirSync(root).sort()) {
    const dir = join(root, name);
    if (!statSync(dir).isDirectory()) continue;
    const files = readdirSync(dir);
    const onnx = files.find((f) => f.endsWith('.onnx'));
    if (!onnx) {
      scan.incomplete.push({ dir, missing: 'a .onnx model file' });
      continue;
    }
    if (!files.includes('tokens.txt')) {
      scan.incomplete.push({ dir, missing: 'tokens.txt' });
      continue;
    }
    const lang = /^([a-z]{2,3})[_-]([A-Z]{2})/.exec(name);
    scan.models.push({
      name,
      dir,
      model: join(dir, onnx),
      tokens: join(dir, 'tokens.txt'),
      dataDir: files.includes('espeak-ng-data') ? join(dir, 'espeak-ng-data') : undefined,
      language: lang ? `${lang[1]}-${lang[2]}` : 'und',
    });
  }
  return scan;
}

export function modelHelp(root: string): string {
  return (
    `put a Piper/VITS voice for sherpa-onnx in its own folder under ${root} ` +
    `(e.g. ${join(root, 'en_US-amy-low')}/ with en_US-amy-low.onnx, tokens.txt and espeak-ng-data/, ` +
    `as in sherpa-onnx's "vits-piper-*" downloads)`
  );
}
