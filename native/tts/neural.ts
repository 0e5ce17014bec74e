import { join } from 'node:path';
import { StudioError } from '../../preload/contract/errors';
import { alignedResult } from './aligned-result';
import { modelHelp, scanNeuralModels, type NeuralModel } from './neural-models';
import type { Availability, TtsEngine, Voice } from './types';

/** The slice of sherpa-onnx-node that we use, typed here because the package is optional. */
interface SherpaModule {
  OfflineTts: new (config: unknown) => { generate(req: { text: string; sid: number; speed: number }): { samples: Float32Array; sampleRate: number } };
  writeWave(path: string, audio: { samples: Float32Array; sampleRate: number }): void;
}

export type SherpaLoader = () => Promise<SherpaModule>;

// The specifier lives in a variable so that bundlers and the type checker leave the optional
// package alone; it is resolved only when a neural voice is asked for.
const sherpaPackage = 'sherpa-onnx-node';
const defaultLoader: SherpaLoader = async () => {
  const mod = (await import(sherpaPackage)) as SherpaModule & { default?: SherpaModule };
  return mod.OfflineTts ? mod : mod.default!;
};

/**
 * Local neural voices (Piper/VITS) through sherpa-onnx-node, an optional add-on that is not
 * installed by default. It is available only when both the add-on loads and a model folder is
 * complete; the probe says which of the two is missing and where a model must go.
 */
export function neuralEngine(modelRoot: string, load: SherpaLoader = defaultLoader): TtsEngine {
  let loaded: Promise<SherpaModule | Error> | undefined;
  const sherpa = () => (loaded ??= load().catch((e: unknown) => (e instanceof Error ? e : new Error(String(e)))));
  const voiceOf = (m: NeuralModel): Voice => ({ id: `neural:${m.name}`, engine: 'neural', name: m.name, language: m.language });

  const probe = async (): Promise<Availability> => {
    const scan = scanNeuralModels(modelRoot);
    const problems = scan.incomplete.map((i) => `${i.dir} lacks ${i.missing}`);
    if (scan.models.length === 0) {
      return { available: false, reason: [`no neural voice model: ${modelHelp(modelRoot)}`, ...problems].join('; ') };
    }
    const mod = await sherpa();
    if (mod instanceof Error) {
      return { available: false, reason: `found ${scan.models.length} model(s) in ${modelRoot}, but the optional package ${sherpaPackage} is not installed (npm install ${sherpaPackage}): ${mod.message.split('\n')[0]}` };
    }
    return { available: true, reason: `${scan.models.length} model(s) in ${modelRoot}` };
  };

  return {
    name: 'neural',
    probe,
    async listVoices() {
      return (await probe()).available ? scanNeuralModels(modelRoot).models.map(voiceOf) : [];
    },
    async synthesize(text, voice, options) {
      const status = await probe();
      if (!status.available) throw new StudioError('TTS_UNAVAILABLE', status.reason);
      const model = scanNeuralModels(modelRoot).models.find((m) => m.name === voice.name);
      if (!model) throw new StudioError('TTS_UNAVAILABLE', `no neural voice named ${voice.name}: ${modelHelp(modelRoot)}`);
      const mod = (await sherpa()) as SherpaModule;
      options.signal?.throwIfAborted();
      const tts = new mod.OfflineTts({
        model: { vits: { model: model.model, tokens: model.tokens, dataDir: model.dataDir ?? '' }, numThreads: 2, provider: 'cpu' },
        maxNumSentences: 1,
      });
      const audio = tts.generate({ text, sid: 0, speed: options.speed ?? 1 });
      const out = join(options.outDir, `${options.fileName ?? 'narration'}.wav`);
      mod.writeWave(out, audio);
      return alignedResult(out, text, voice);
    },
  };
}
