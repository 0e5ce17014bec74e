/**
 * The one Kokoro-82M export Reelforge installs, pinned: the timestamped ONNX export (it gives
 * per-token durations, so word timings are exact) at a fixed revision, with its size and SHA-256.
 * The model manager (`models pull kokoro`) and the release build (scripts/fetch-kokoro-model.ts)
 * both fetch exactly this file and refuse anything else. Pure data, so the packaging hook can read
 * it without loading ONNX Runtime.
 *
 * The size and checksum are the ones several independent published records agree on; they have not
 * been re-measured from the project's build machines (which cannot reach the host). A mismatch is
 * refused, never installed or packaged.
 */
export const KOKORO_PIN = {
  name: 'kokoro',
  title: 'Kokoro-82M v1.0 (Apache-2.0), ONNX export with per-token durations',
  repository: 'onnx-community/Kokoro-82M-v1.0-ONNX-timestamped',
  revision: 'dd4401a9add81ac692d20e240d22ec9dda82cc29',
  file: 'onnx/model.onnx',
  url: 'https://huggingface.co/onnx-community/Kokoro-82M-v1.0-ONNX-timestamped/resolve/dd4401a9add81ac692d20e240d22ec9dda82cc29/onnx/model.onnx',
  bytes: 325_532_171,
  sha256: '651ea8291843a92276a4a003581a215cb07d15e47dde6fcfb1b768f9a1682054',
  approxMegabytes: 325,
} as const;

/** What the release build writes beside the model it carries (model.json): where it came from. */
export interface CarriedModelRecord {
  name: 'kokoro';
  sha256: string;
  bytes: number;
  from: string;
  revision: string;
  fetchedAt: string;
}
