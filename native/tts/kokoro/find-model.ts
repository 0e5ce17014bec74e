import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface KokoroModelPlaces {
  /** the user's models folder for voices (<home>/models/tts): `models pull` / `models import` put it at kokoro/model.onnx */
  neuralModelDir: string;
  /** the model the app itself carries (release builds: <resources>/models/kokoro/model.onnx) */
  carried: string;
  /** the size the carried file must have (the pinned export's); null skips the check (tests with a stand-in) */
  carriedBytes: number | null;
}

export interface KokoroModelFound {
  /** the file to open; when `source` is 'missing', where `models pull` would put it */
  path: string;
  source: 'installed' | 'carried' | 'missing';
  /** why the carried file was passed over, when it was */
  carriedProblem?: string;
}

/**
 * Which Kokoro model the neural voice opens: one the user installed wins (they chose it: a newer
 * export, an import), else the one the app carries, so an installed app speaks naturally before any
 * download. A carried file of the wrong size (a damaged install) is passed over, with the reason.
 */
export function findKokoroModel(places: KokoroModelPlaces): KokoroModelFound {
  const installed = join(places.neuralModelDir, 'kokoro', 'model.onnx');
  if (existsSync(installed)) return { path: installed, source: 'installed' };
  if (existsSync(places.carried)) {
    const bytes = statSync(places.carried).size;
    if (places.carriedBytes === null || bytes === places.carriedBytes) return { path: places.carried, source: 'carried' };
    return { path: installed, source: 'missing', carriedProblem: `the model this app carries (${places.carried}) has ${bytes} bytes, not ${places.carriedBytes}: it is damaged, reinstall the app` };
  }
  return { path: installed, source: 'missing' };
}
