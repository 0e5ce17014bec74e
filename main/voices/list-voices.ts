import { languagePlan, listKokoroVoices, shippedVoicesDir } from '../../native/tts/kokoro/voices';
import type { Voice } from '../../native/tts/types';
import type { ProviderContext } from '../providers/types';
import { languageLabel, voiceKindOf, voiceKinds } from '../../preload/contract/voice-names';
import type { VoiceInfo } from '../../preload/contract/studio-api';
import { voicesFor, type VoiceOptions } from './resolve-voice';

export interface VoiceListing {
  /** natural first, then cloud, then system, then robotic; by language within each */
  voices: VoiceInfo[];
  engines: Array<{ engine: string; available: boolean; reason: string }>;
}

/** What to do to hear the natural voices, without a path or a command in it (the studio shows it). */
export const naturalVoicesHelp = 'Natural voices are not installed yet: download them once (about 325 MB) from “Natural voices” in the voice picker or Settings, or import a model file you already have.';

/**
 * Every voice a door may offer, in the order a creator should meet them. Kokoro's voices are
 * always listed; without the model they are marked not installed, so a creator sees what one
 * download gives. A cloud engine whose list cannot be fetched is reported, not fatal.
 */
export async function listVoices(ctx: ProviderContext, opts: VoiceOptions = {}): Promise<VoiceListing> {
  const tts = await voicesFor(ctx, opts);
  const statuses = await tts.status();
  const found: Array<{ voice: Voice; installed: boolean; label?: string }> = [];
  const engines: VoiceListing['engines'] = [];
  for (const [i, engine] of tts.engines.entries()) {
    const st = statuses[i]!;
    let reason = st.reason;
    let available = st.available;
    if (available) {
      try {
        for (const voice of await engine.listVoices()) found.push({ voice, installed: true });
      } catch (err) {
        available = false;
        reason = `could not list its voices: ${(err as Error).message}`;
      }
    } else if (engine.name === 'neural' && !opts.engines) {
      // the shipped vectors say which voices the model will give; offered, marked not installed
      for (const v of listKokoroVoices(shippedVoicesDir()).filter((v) => languagePlan(v.language))) {
        found.push({ voice: { id: `neural:${v.id}`, engine: 'neural', name: v.id, language: v.language, gender: v.gender }, installed: false, label: v.name });
      }
    }
    engines.push({ engine: engine.name, available, reason });
  }
  const names = kokoroNames();
  const voices = found.map(({ voice: v, installed, label }): VoiceInfo => ({
    id: v.id,
    engine: v.engine,
    name: v.name,
    label: label ?? names.get(v.name) ?? humanName(v),
    language: v.language,
    languageName: languageLabel(v.language),
    gender: v.gender,
    neural: v.engine === 'neural',
    kind: voiceKindOf(v.engine),
    installed,
  }));
  const rank = (v: VoiceInfo) => voiceKinds.indexOf(v.kind ?? 'robotic');
  voices.sort((a, b) => rank(a) - rank(b) || englishFirst(a) - englishFirst(b) || (a.languageName ?? '').localeCompare(b.languageName ?? '') || (a.label ?? '').localeCompare(b.label ?? ''));
  return { voices, engines };
}

// American English first (the default everywhere), then the other English voices, then the rest
const englishFirst = (v: VoiceInfo) => (/^en[-_]us$/i.test(v.language) ? 0 : /^en/i.test(v.language) ? 1 : 2);

function kokoroNames(): Map<string, string> {
  try {
    return new Map(listKokoroVoices(shippedVoicesDir()).map((v) => [v.id, v.name]));
  } catch {
    return new Map();
  }
}

/** A voice's name as a person reads it: espeak names voices by language, so those read as the language. */
function humanName(v: Voice): string {
  if (v.displayName) return v.displayName;
  if (v.engine === 'espeak-ng' || v.name.toLowerCase() === v.language.toLowerCase()) return languageLabel(v.language);
  return v.name;
}
