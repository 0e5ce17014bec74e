import * as ort from 'onnxruntime-node';
import { StudioError } from '../../../preload/contract/errors';
import { candidateProviders, type ProviderChoice } from '../../onnx/session';
import { firstLine, sessionOptions, type ProviderName } from '../../onnx/providers';
import { PAD_ID } from './vocab';

/** What one run returns: 24 kHz audio and, when the export has them, per-token durations. */
export interface KokoroOutput {
  audio: Float32Array;
  /** one per input id including the two paddings, in the model's frames */
  durations?: number[];
}

export interface KokoroModel {
  readonly provider: ProviderName;
  readonly hasDurations: boolean;
  /** the names the export uses, for messages and the model manager */
  readonly io: { ids: string; style: string; speed: string; audio: string; durations?: string };
  run(ids: number[], style: Float32Array, speed: number): Promise<KokoroOutput>;
  close(): Promise<void>;
}

export const SAMPLE_RATE = 24000;

/** Exports differ in naming: the community ONNX uses input_ids/waveform, others tokens/audio. */
const idNames = ['input_ids', 'tokens'];
const audioNames = ['waveform', 'audio'];
const durationNames = ['durations', 'duration', 'pred_dur'];

/** Checks that a session looks like Kokoro and says which names it uses, or why it does not fit. */
export function kokoroInterface(inputs: readonly string[], outputs: readonly string[]): KokoroModel['io'] {
  const ids = idNames.find((n) => inputs.includes(n));
  const audio = audioNames.find((n) => outputs.includes(n));
  const missing = [
    ids ? '' : `an input named ${idNames.join(' or ')}`,
    inputs.includes('style') ? '' : 'an input named style',
    inputs.includes('speed') ? '' : 'an input named speed',
    audio ? '' : `an output named ${audioNames.join(' or ')}`,
  ].filter(Boolean);
  if (missing.length) {
    throw new StudioError('INVALID_INPUT', `not a Kokoro text-to-speech model: it lacks ${missing.join(', ')} (inputs: ${inputs.join(', ')}; outputs: ${outputs.join(', ')})`);
  }
  return { ids: ids!, style: 'style', speed: 'speed', audio: audio!, durations: durationNames.find((n) => outputs.includes(n)) };
}

/**
 * Opens a Kokoro ONNX export on the best execution provider that loads it (CPU at worst). The
 * model is small enough that a provider that fails to load it is simply skipped.
 */
export async function openKokoroModel(model: string | Uint8Array, opts: { provider?: ProviderChoice; threads?: number } = {}): Promise<KokoroModel> {
  const { order } = await candidateProviders(opts.provider ?? 'auto');
  const failures: string[] = [];
  for (const provider of order) {
    let session: ort.InferenceSession;
    try {
      session = typeof model === 'string'
        ? await ort.InferenceSession.create(model, sessionOptions(provider, opts.threads))
        : await ort.InferenceSession.create(model, sessionOptions(provider, opts.threads));
    } catch (err) {
      failures.push(`${provider}: ${firstLine(err)}`);
      continue;
    }
    let io: KokoroModel['io'];
    try {
      io = kokoroInterface(session.inputNames, session.outputNames);
    } catch (err) {
      await session.release();
      throw err;
    }
    const speedType = session.inputMetadata?.find((m) => m.name === io.speed);
    const speedIsInt = speedType && 'type' in speedType && String(speedType.type).startsWith('int');
    return {
      provider,
      hasDurations: io.durations !== undefined,
      io,
      async run(ids, style, speed) {
        const padded = BigInt64Array.from([PAD_ID, ...ids, PAD_ID].map((i) => BigInt(i)));
        const feeds: Record<string, ort.Tensor> = {
          [io.ids]: new ort.Tensor('int64', padded, [1, padded.length]),
          [io.style]: new ort.Tensor('float32', style, [1, style.length]),
          [io.speed]: speedIsInt ? new ort.Tensor('int32', Int32Array.of(Math.round(speed)), [1]) : new ort.Tensor('float32', Float32Array.of(speed), [1]),
        };
        const out = await session.run(feeds);
        const audio = out[io.audio]!.data as Float32Array;
        const d = io.durations ? out[io.durations] : undefined;
        const durations = d ? Array.from(d.data as ArrayLike<number | bigint>, (v) => Number(v)) : undefined;
        return { audio, durations: durations && durations.length === padded.length ? durations : undefined };
      },
      close: () => session.release(),
    };
  }
  throw new StudioError('TTS_FAILED', `no execution provider could load the Kokoro model:\n  ${failures.join('\n  ')}`);
}
