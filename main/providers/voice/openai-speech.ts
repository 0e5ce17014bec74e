import { join } from 'node:path';
import { StudioError } from '../../../preload/contract/errors';
import { alignedResult } from '../../../native/tts/aligned-result';
import type { SynthesisResult, SynthesizeOptions, TtsEngine, Voice } from '../../../native/tts/types';
import { requestBytes, requestJson, type CallOptions, type ProviderCall } from '../http/provider-http';
import { endpoint, keyOf, NO_KEY, type ProviderDefinition } from '../types';
import { writeAtomic } from './pcm-wav';

/**
 * Any server speaking OpenAI's POST /v1/audio/speech (OpenAI itself, and local servers that copy
 * it): text in, a WAV file out. It reports no word timings, so words are placed on the audio's
 * speech segments, as for the OS voices that report none.
 */
export interface OpenAiSpeechConfig {
  /** e.g. https://api.openai.com/v1, http://127.0.0.1:8880/v1 */
  baseUrl: string;
  apiKey?: string;
  model: string;
  /** the voices the server offers (the hosted service's by default) */
  voices?: string[];
  call?: CallOptions;
}

const voiceOf = (name: string): Voice => ({ id: `openai-speech:${name}`, engine: 'openai-speech', name, language: 'multi' });

export const openAiVoices = ['alloy', 'ash', 'ballad', 'coral', 'echo', 'fable', 'nova', 'onyx', 'sage', 'shimmer', 'verse'];

export function openAiSpeechEngine(cfg: OpenAiSpeechConfig): TtsEngine {
  const base = cfg.baseUrl.replace(/\/+$/, '');
  const call: ProviderCall = { provider: 'OpenAI-compatible speech', key: `openai-speech:${base}` };
  const headers: Record<string, string> = cfg.apiKey ? { authorization: `Bearer ${cfg.apiKey}` } : {};
  return {
    name: 'openai-speech',
    probe: async () => ({ available: true, reason: `speech server at ${base} (model ${cfg.model})` }),
    listVoices: async () => (cfg.voices ?? openAiVoices).map(voiceOf),
    // local servers offer voices of their own beyond the hosted list: a named one is taken as named
    voiceNamed: voiceOf,
    async synthesize(text: string, voice: Voice, o: SynthesizeOptions): Promise<SynthesisResult> {
      const { data } = await requestBytes(
        call,
        { url: `${base}/audio/speech`, headers: { ...headers, accept: 'audio/wav' }, json: { model: cfg.model, input: text, voice: voice.name, response_format: 'wav', speed: o.speed ?? 1 } },
        { ...cfg.call, signal: o.signal },
      );
      if (data.toString('ascii', 0, 4) !== 'RIFF') throw new StudioError('PROVIDER_FAILED', `${base} did not answer with WAV audio (it sent ${data.length} bytes starting "${data.toString('latin1', 0, 12).replace(/[^\x20-\x7e]/g, '.')}")`);
      const audioPath = join(o.outDir, `${o.fileName ?? 'narration'}.wav`);
      writeAtomic(audioPath, data);
      return alignedResult(audioPath, text, voice);
    },
  };
}

export const openAiSpeechProvider: ProviderDefinition = {
  id: 'openai-speech',
  kind: 'voice',
  name: 'OpenAI-compatible speech',
  description: 'A voice from any server with OpenAI’s /v1/audio/speech: the hosted service or a local one.',
  offline: false,
  priority: 30,
  capabilities: { languages: ['*'], formats: ['wav'], wordTimings: false, neural: true, costNotes: 'hosted: billed per character; a local server: free' },
  needs: { apiKey: { env: 'REELFORGE_OPENAI_SPEECH_API_KEY' }, serverUrl: { default: 'https://api.openai.com/v1', env: 'REELFORGE_OPENAI_SPEECH_URL' } },
  sends: 'the narration text (and the API key, when set) to the configured server, api.openai.com by default',
  async status(ctx) {
    const url = endpoint(ctx, 'openai-speech', 'https://api.openai.com/v1');
    const key = keyOf(ctx, 'openai-speech');
    const local = /^https?:\/\/(127\.|localhost|\[::1\])/.test(url);
    if (!key && !local) return { ready: false, reason: `${NO_KEY} (${url} needs one; a server on this machine does not)` };
    return { ready: true, reason: `server ${url}${key ? `, key from ${key.source}` : ''}`, keySource: key?.source };
  },
  async test(ctx, signal) {
    const url = endpoint(ctx, 'openai-speech', 'https://api.openai.com/v1');
    const key = keyOf(ctx, 'openai-speech');
    const { data } = await requestJson<{ data?: { id: string }[] }>(
      { provider: 'OpenAI-compatible speech', key: `openai-speech:${url}` },
      { url: `${url}/models`, headers: key ? { authorization: `Bearer ${key.value}` } : {} },
      { ...ctx.call, signal },
    );
    return `${url} answers (${data.data?.length ?? 0} models listed)`;
  },
};
