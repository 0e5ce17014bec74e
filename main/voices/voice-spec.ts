import type { EngineName } from '../../native/tts/types';

/**
 * How a voice is written wherever a user or an agent names one: `engine:name` (as `voices`
 * lists them; `kokoro:` is read as `neural:`), or a bare language tag ("en-us", "fr"). Pure, so
 * the enqueue step can refuse a bad voice before a job exists, without probing any engine.
 */
export const voiceEngines: readonly EngineName[] = ['neural', 'espeak-ng', 'say', 'sapi', 'elevenlabs', 'openai-speech'];
export const cloudVoiceEngines: readonly EngineName[] = ['elevenlabs', 'openai-speech'];

export type VoiceSpec = { engine: EngineName; name: string } | { language: string };

const LANGUAGE = /^[a-z]{2,3}(?:[-_][a-z0-9]{1,8}){0,3}$/i;
// letters, digits, spaces and the few marks real voice names use ("Microsoft Zira Desktop", "af_heart", "en-gb-x-rp")
const NAME = /^[\p{L}\p{N}][\p{L}\p{N} _.()'’+-]{0,119}$/u;

/** Parses a voice as written, or says what is wrong with it in words the user can act on. */
export function parseVoiceSpec(spec: string): { spec: VoiceSpec } | { problem: string } {
  const s = spec.trim();
  const colon = s.indexOf(':');
  if (colon < 0) {
    if (LANGUAGE.test(s)) return { spec: { language: s } };
    return { problem: `"${clip(s)}" is neither a voice (engine:name, as \`reelforge voices\` lists them) nor a language such as en-us` };
  }
  const written = s.slice(0, colon).toLowerCase();
  const engine = (written === 'kokoro' ? 'neural' : written) as EngineName;
  const name = s.slice(colon + 1).trim();
  if (!voiceEngines.includes(engine)) return { problem: `unknown voice engine "${clip(written)}" (engines: ${voiceEngines.join(', ')})` };
  if (!name) return { problem: `name a voice after "${written}:" (see: reelforge voices)` };
  if (!NAME.test(name) || name.includes('..')) return { problem: `"${clip(name)}" is not a voice name ${engine} could have (letters, digits, spaces and . _ - ( ) only)` };
  return { spec: { engine, name } };
}

/** The problem with a voice as written, or undefined when it is well formed. */
export function voiceSpecProblem(spec: string): string | undefined {
  const r = parseVoiceSpec(spec);
  return 'problem' in r ? r.problem : undefined;
}

/** The engine a voice id names (`elevenlabs:abc` → elevenlabs), undefined for a language. */
export function engineOf(spec: string | undefined): EngineName | undefined {
  if (!spec) return undefined;
  const r = parseVoiceSpec(spec);
  return 'spec' in r && 'engine' in r.spec ? r.spec.engine : undefined;
}

const clip = (s: string) => (s.length > 60 ? `${s.slice(0, 57)}…` : s);
