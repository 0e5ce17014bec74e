import { join } from 'node:path';
import { espeakEngine } from '../../native/tts/espeak-ng';
import { sapiEngine } from '../../native/tts/sapi-windows';
import { sayEngine } from '../../native/tts/say-macos';
import { neuralVoice, osEngineName } from '../../native/tts/tts';
import type { TtsEngine } from '../../native/tts/types';
import { StudioError } from '../../preload/contract/errors';
import { describeUpscalerModels, upscalerModels } from '../upscale/model-catalog';
import type { ProviderContext, ProviderDefinition } from './types';

/**
 * What Reelforge does on its own, registered beside the online services so that a stage's
 * fallback always ends somewhere that needs no key and no network.
 */
const osEngine = (ctx: ProviderContext): TtsEngine => {
  const name = osEngineName();
  return name === 'sapi' ? sapiEngine() : name === 'say' ? sayEngine() : espeakEngine({ binary: ctx.tts?.espeak, python: ctx.tts?.python });
};

const always = async () => ({ ready: true, reason: 'built in; works offline' });

export const localProviders: ProviderDefinition[] = [
  {
    id: 'template',
    kind: 'script',
    name: 'Template structure',
    description: 'The script is typed by the user or laid out from the template’s hook, points and call to action.',
    offline: true,
    priority: 90,
    capabilities: { languages: ['*'], formats: ['txt'], costNotes: 'free' },
    needs: {},
    sends: 'nothing: it never leaves this machine',
    status: always,
    test: async () => 'built in; nothing to connect to',
  },
  {
    id: 'neural',
    kind: 'voice',
    name: 'Neural voice on this machine',
    description: 'Kokoro-82M: natural voices made on this machine by the app’s own ONNX Runtime; its model is one download of about 325 MB (Natural voices in the studio).',
    offline: true,
    priority: 10,
    capabilities: { languages: ['en', 'es', 'fr', 'it', 'pt', 'hi'], formats: ['wav'], wordTimings: true, neural: true, costNotes: 'free' },
    needs: { modelFile: 'the Kokoro model at <home>/models/tts/kokoro/model.onnx (reelforge models pull kokoro | models import <file>)' },
    sends: 'nothing: it never leaves this machine',
    async status(ctx) {
      const p = await neuralVoice({ neuralModelDir: join(ctx.modelsDir, 'tts'), binaries: ctx.tts }).probe();
      return { ready: p.available, reason: p.reason };
    },
    async test(ctx) {
      const engine = neuralVoice({ neuralModelDir: join(ctx.modelsDir, 'tts'), binaries: ctx.tts });
      const p = await engine.probe();
      if (!p.available) throw new StudioError('TTS_UNAVAILABLE', p.reason);
      return `${(await engine.listVoices()).length} neural voices ready`;
    },
  },
  {
    id: 'os-voice',
    kind: 'voice',
    name: 'The operating system’s voice',
    description: 'espeak-ng on Linux, say on macOS, SAPI on Windows.',
    offline: true,
    priority: 90,
    capabilities: { languages: ['*'], formats: ['wav'], wordTimings: true, neural: false, costNotes: 'free' },
    needs: {},
    sends: 'nothing: it never leaves this machine',
    async status(ctx) {
      const p = await osEngine(ctx).probe();
      return { ready: p.available, reason: p.reason };
    },
    async test(ctx) {
      const engine = osEngine(ctx);
      const p = await engine.probe();
      if (!p.available) throw new StudioError('TTS_UNAVAILABLE', p.reason);
      return `${engine.name}: ${(await engine.listVoices()).length} voices`;
    },
  },
  {
    id: 'library',
    kind: 'media',
    name: 'Your media library',
    description: 'Your own images and videos, matched to scenes by file names and tags.',
    offline: true,
    priority: 90,
    capabilities: { languages: ['*'], formats: ['mp4', 'mov', 'jpg', 'png'], costNotes: 'free' },
    needs: {},
    sends: 'nothing: it never leaves this machine',
    status: always,
    test: async () => 'built in; nothing to connect to',
  },
  {
    id: 'realesrgan',
    kind: 'upscaler',
    name: 'Real-ESRGAN on ONNX Runtime',
    description: 'Upscales images and videos on this machine (GPU when one works, else CPU).',
    offline: true,
    priority: 10,
    capabilities: { languages: [], formats: ['mp4', 'png', 'jpg'], costNotes: 'free' },
    needs: { modelFile: 'a Real-ESRGAN model: built-in ncnn weights converted on first use, or `reelforge models import`' },
    sends: 'nothing: it never leaves this machine',
    async status(ctx) {
      const models = upscalerModels({ dir: ctx.modelsDir });
      return { ready: models.length > 0, reason: describeUpscalerModels(models) };
    },
    async test(ctx) {
      return (await this.status(ctx)).reason;
    },
  },
];
