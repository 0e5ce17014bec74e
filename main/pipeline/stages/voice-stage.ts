import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Script } from '../../../preload/contract/script';
import type { StageDefinition } from '../../queue/stage';
import { resolveVoice } from '../../voices/resolve-voice';
import { voiceCached, type VoicedText } from '../../make/voice-cache';
import { makeInput, previousJson } from './previous';

export interface VoiceArtifact {
  scenes: VoicedText[];
}

/** The home's shared narration cache: every project's scenes, keyed by text + voice + engine. */
export const voiceCacheDir = (home: string) => join(home, 'voices', 'cache');

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
    const { tts, voice: chosen, reason } = await resolveVoice(ctx.providers, { requested: r.voice, language }, { signal: ctx.signal });
    ctx.chose('voice', chosen.engine, reason);
    const voice = chosen.id;
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
