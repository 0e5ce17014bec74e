import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Script } from '../../../preload/contract/script';
import type { StageDefinition } from '../../queue/stage';
import { resolveVoice, speakerVoice } from '../../voices/resolve-voice';
import { pronunciationsOf } from '../../voices/pronounce';
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
    // one voice for the narration, one for each speaker the request maps; each resolved once, by the one resolver
    const resolved = new Map<string, Awaited<ReturnType<typeof resolveVoice>>>();
    const voiceFor = async (speaker?: string) => {
      const requested = (speaker && speakerVoice(r.speakers, speaker)) || r.voice;
      const key = requested ?? '';
      let v = resolved.get(key);
      if (!v) {
        v = await resolveVoice(ctx.providers, { requested, language }, { signal: ctx.signal });
        ctx.chose('voice', v.voice.engine, speaker && requested !== r.voice ? `${speaker}: ${v.reason}` : v.reason);
        resolved.set(key, v);
      }
      return v;
    };
    // the template's pace times the request's speed: 1.25 is a quarter faster than the template speaks
    const speed = template.pacing.voiceSpeed * (r.speed ?? 1);
    const pronunciations = pronunciationsOf(template.pronunciations, r.pronunciations);
    const scenes: VoicedText[] = [];
    for (const [i, s] of script.scenes.entries()) {
      const { tts, voice } = await voiceFor(s.speaker);
      const v = await voiceCached(tts, s.narration, voice.id, { cacheDir: voiceCacheDir(ctx.home), speed, pronunciations, signal: ctx.signal, tag: ctx.tag });
      scenes.push(v);
      ctx.log(`voice ${i + 1}/${script.scenes.length}: ${s.speaker ? `${s.speaker}, ` : ''}${v.voiceId}, ${v.duration.toFixed(2)} s${v.cached ? ' (cached)' : ''}`);
      ctx.progress((i + 1) / script.scenes.length);
    }
    const file = join(ctx.session.work, 'voice.json');
    writeFileSync(file, JSON.stringify({ scenes } satisfies VoiceArtifact, null, 1));
    return { file };
  },
};
