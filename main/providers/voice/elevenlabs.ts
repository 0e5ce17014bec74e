import { join } from 'node:path';
import { StudioError } from '../../../preload/contract/errors';
import type { SynthesisResult, SynthesizeOptions, TtsEngine, Voice } from '../../../native/tts/types';
import { requestJson, type CallOptions, type ProviderCall } from '../http/provider-http';
import { endpoint, keyOf, keyedStatus, type ProviderDefinition, noKeyError } from '../types';
import { wordsFromCharacters, type CharAlignment } from './char-timings';
import { pcmToWav, writeAtomic } from './pcm-wav';

/**
 * ElevenLabs through its with-timestamps endpoint: the audio comes back base64-encoded with the
 * start and end of every character, which become exact word timings for captions. Raw PCM is
 * asked for, so the file is a plain WAV and its length is known without decoding anything.
 */
export interface ElevenLabsConfig {
  apiKey: string;
  /** https://api.elevenlabs.io unless pointed elsewhere */
  baseUrl?: string;
  modelId?: string;
  call?: CallOptions;
}

const SAMPLE_RATE = 24_000;

export function elevenLabsEngine(cfg: ElevenLabsConfig): TtsEngine {
  const base = (cfg.baseUrl ?? 'https://api.elevenlabs.io').replace(/\/+$/, '');
  const call: ProviderCall = { provider: 'ElevenLabs', key: `elevenlabs:${base}` };
  const headers = { 'xi-api-key': cfg.apiKey };
  let voices: Voice[] | undefined;
  return {
    name: 'elevenlabs',
    probe: async () => ({ available: true, reason: `ElevenLabs at ${base}` }),
    async listVoices() {
      if (voices) return voices;
      const { data } = await requestJson<{ voices?: { voice_id: string; name: string; labels?: Record<string, string> }[] }>(call, { url: `${base}/v1/voices`, headers }, cfg.call);
      voices = (data.voices ?? []).map((v) => ({
        id: `elevenlabs:${v.voice_id}`,
        engine: 'elevenlabs' as const,
        name: v.voice_id,
        displayName: v.name,
        language: v.labels?.language ?? 'multi',
        ...(v.labels?.gender === 'male' || v.labels?.gender === 'female' ? { gender: v.labels.gender } : {}),
      }));
      return voices;
    },
    // a project names its voice by id: speaking it again costs one request, not a listing first
    voiceNamed: (id) => voices?.find((v) => v.name === id) ?? { id: `elevenlabs:${id}`, engine: 'elevenlabs', name: id, language: 'multi' },
    async synthesize(text: string, voice: Voice, o: SynthesizeOptions): Promise<SynthesisResult> {
      const url = `${base}/v1/text-to-speech/${encodeURIComponent(voice.name)}/with-timestamps?output_format=pcm_${SAMPLE_RATE}`;
      const { data } = await requestJson<{ audio_base64?: string; alignment?: CharAlignment | null }>(
        call,
        { url, headers, json: { text, model_id: cfg.modelId ?? 'eleven_multilingual_v2', ...(o.speed && o.speed !== 1 ? { voice_settings: { speed: o.speed } } : {}) } },
        { ...cfg.call, signal: o.signal },
      );
      if (typeof data.audio_base64 !== 'string' || !data.alignment) throw new StudioError('PROVIDER_FAILED', 'ElevenLabs answered without audio_base64 and alignment');
      const pcm = Buffer.from(data.audio_base64, 'base64');
      const audioPath = join(o.outDir, `${o.fileName ?? 'narration'}.wav`);
      writeAtomic(audioPath, pcmToWav(pcm, SAMPLE_RATE));
      return { audioPath, duration: pcm.length / 2 / SAMPLE_RATE, words: wordsFromCharacters(data.alignment), timing: 'engine-events', voice };
    },
  };
}

export const elevenLabsProvider: ProviderDefinition = {
  id: 'elevenlabs',
  kind: 'voice',
  name: 'ElevenLabs',
  description: 'Cloud neural voices with exact character (so word) timings.',
  offline: false,
  priority: 20,
  capabilities: { languages: ['*'], formats: ['wav'], wordTimings: true, neural: true, costNotes: 'billed per character of narration (see the plan’s quota)' },
  needs: { apiKey: { env: 'REELFORGE_ELEVENLABS_API_KEY' } },
  sends: 'the narration text and the API key to api.elevenlabs.io',
  status: (ctx) => keyedStatus(ctx, 'elevenlabs'),
  async test(ctx, signal) {
    const key = keyOf(ctx, 'elevenlabs');
    if (!key) throw noKeyError('ElevenLabs', 'elevenlabs');
    const engine = elevenLabsEngine({ apiKey: key.value, baseUrl: endpoint(ctx, 'elevenlabs', 'https://api.elevenlabs.io'), call: { ...ctx.call, signal } });
    return `key from ${key.source} works (${(await engine.listVoices()).length} voices)`;
  },
};
