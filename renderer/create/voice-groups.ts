import type { VoiceInfo } from '../../preload/contract/studio-api';

/** How an option reads: the voice's human name, its language where the name is not already it, and its gender. */
export function voiceLabel(v: VoiceInfo): string {
  const name = v.label ?? v.name;
  const language = v.languageName && v.languageName !== name ? v.languageName : undefined;
  return [name, language, v.gender].filter(Boolean).join(' · ');
}

export interface VoiceGroup {
  key: string;
  label: string;
  voices: VoiceInfo[];
  disabled?: boolean;
}

/**
 * The picker's groups, in the order a creator should meet them: natural voices by language (their
 * human names), then cloud and system voices by language; natural voices whose model is not
 * downloaded are shown, not offered; espeak-ng's robotic voices all sit at the end.
 */
export function voiceGroups(voices: VoiceInfo[]): VoiceGroup[] {
  const groups = new Map<string, VoiceGroup>();
  const add = (key: string, label: string, v: VoiceInfo, disabled?: boolean) => {
    const g = groups.get(key) ?? { key, label, voices: [], disabled };
    g.voices.push(v);
    groups.set(key, g);
  };
  const kindWords = { natural: 'Natural', cloud: 'Cloud', system: 'System' } as const;
  for (const v of voices) {
    const kind = v.kind ?? (v.neural ? 'natural' : 'robotic');
    const language = v.languageName ?? v.language;
    if (kind === 'robotic') add('robotic', 'More voices (robotic)', v);
    else if (v.installed === false) add(`${kind}-missing`, `${kindWords[kind]} voices (not installed)`, v, true);
    else add(`${kind}-${language}`, `${language} — ${kindWords[kind]}`, v);
  }
  // not-installed natural voices after the ones that can speak now, the robotic ones last
  const rank = (g: VoiceGroup) => (g.key === 'robotic' ? 3 : g.disabled ? 2 : 0);
  return [...groups.values()].sort((a, b) => rank(a) - rank(b));
}
