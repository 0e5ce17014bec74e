import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Script } from '../../../preload/contract/script';
import { Tts } from '../../../native/tts/tts';
import { ttsEngineFor } from '../../providers/factories';
import { createRegistry } from '../../providers/registry';
import type { ProviderContext } from '../../providers/types';
import type { StageContext, StageDefinition } from '../../queue/stage';
import { voiceCached, type VoicedText } from '../voice-cache';
import { makeInput, previousJson } from './previous';

export interface VoiceArtifact {
  scenes: VoicedText[];
}

/** The home's shared narration cache: every project's scenes, keyed by text + voice + engine. */
export const voiceCacheDir = (home: string) => join(home, 'voices', 'cache');

const cloudVoices = ['elevenlabs', 'openai-speech'];

/**
 * Which voice speaks. A voice the user named is used as named (`elevenlabs:<id>` and
 * `openai-speech:<voice>` go to those services); otherwise the registry picks the best ready voice
 * provider for "neural, <language>, word timings" — Kokoro where its model is installed, a cloud
 * voice where a key is set, the system voice otherwise — and the choice goes into the job's events.
 */
async function chooseVoice(ctx: StageContext, language: string, requested: string | undefined): Promise<{ tts: Tts; voice: string | undefined }> {
  const local = (voice: string | undefined) => ({ tts: new Tts({ neuralModelDir: join(ctx.providers.modelsDir, 'tts'), binaries: ctx.config.tts }), voice });
  const cloud = (id: string, voice: string | undefined, p: ProviderContext) => ({
    tts: new Tts({ neuralModelDir: join(p.modelsDir, 'tts'), engines: [ttsEngineFor(id, p, { call: { signal: ctx.signal } })] }),
    voice,
  });
  const engine = requested?.includes(':') ? requested.slice(0, requested.indexOf(':')) : undefined;
  if (requested) {
    ctx.chose('voice', engine ?? 'local', `voice: ${requested}, as the request named it`);
    return engine && cloudVoices.includes(engine) ? cloud(engine, requested, ctx.providers) : local(requested);
  }
  const sel = await createRegistry().select('voice', { language, neural: true, wordTimings: true }, ctx.providers);
  ctx.chose('voice', sel.provider?.id, sel.reason);
  const id = sel.provider?.id;
  if (id && cloudVoices.includes(id)) return cloud(id, undefined, ctx.providers);
  return local(language !== 'en' ? language : undefined);
}

/**
 * Voice: each scene's narration spoken, with word timings — from the cache when the same text was
 * already spoken with the same voice, so a retried job or a re-made script with one scene changed
 * synthesises only that scene.
 */
export const voiceStage: StageDefinition = {
  name: 'voice',
  version: 2,
  weight: 6,
  // a cloud voice that stalls cannot hold the job forever (a long script on a local voice fits easily)
  deadlineMs: 60 * 60_000,
  resource: () => 'light',
  async run(ctx) {
    const { request: r, template } = makeInput(ctx);
    const script = previousJson<Script>(ctx, 'script');
    const language = script.language || r.language || 'en';
    const { tts, voice } = await chooseVoice(ctx, language, r.voice);
    const scenes: VoicedText[] = [];
    for (const [i, s] of script.scenes.entries()) {
      const v = await voiceCached(tts, s.narration, voice, { cacheDir: voiceCacheDir(ctx.home), speed: template.pacing.voiceSpeed, signal: ctx.signal, tag: ctx.tag });
      scenes.push(v);
      ctx.log(`voice ${i + 1}/${script.scenes.length}: ${v.voiceId}, ${v.duration.toFixed(2)} s${v.cached ? ' (cached)' : ''}`);
      ctx.progress((i + 1) / script.scenes.length);
    }
    const file = join(ctx.session.work, 'voice.json');
    writeFileSync(file, JSON.stringify({ scenes } satisfies VoiceArtifact, null, 1));
    return { file };
  },
};
