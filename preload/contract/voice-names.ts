/**
 * Voices in words a creator reads: "English (US)" rather than `en-us`, and which kind of voice it
 * is. Shared by the studio's picker and the CLI's `voices`, so both say the same thing.
 */
export const voiceKinds = ['natural', 'cloud', 'system', 'robotic'] as const;
export type VoiceKind = (typeof voiceKinds)[number];

/** The kind of an engine's voices: the order `voices` lists them in is this order. */
export function voiceKindOf(engine: string): VoiceKind {
  if (engine === 'neural') return 'natural';
  if (engine === 'elevenlabs' || engine === 'openai-speech') return 'cloud';
  if (engine === 'espeak-ng') return 'robotic';
  return 'system';
}

const regionWords: Record<string, string> = { 'United States': 'US', 'United Kingdom': 'UK' };
/** espeak-ng's English accents, named by private-use tags */
const variantWords: Record<string, string> = { rp: 'Received Pronunciation', gbclan: 'Lancaster', gbcwmd: 'West Midlands', scotland: 'Scotland' };

function displayNames(type: 'language' | 'region'): Intl.DisplayNames | undefined {
  try {
    return new Intl.DisplayNames(['en'], { type, languageDisplay: 'standard' } as Intl.DisplayNamesOptions);
  } catch {
    return undefined;
  }
}
const languages = displayNames('language');
const regions = displayNames('region');

const known = (names: Intl.DisplayNames | undefined, code: string): string | undefined => {
  try {
    const n = names?.of(code);
    return n && n.toLowerCase() !== code.toLowerCase() ? n : undefined;
  } catch {
    return undefined; // not a code Intl knows
  }
};

/** The language alone: "en-us" → "English"; a code nothing knows stays as written. */
export function languageFamily(tag: string): string {
  const lang = tag.split(/[-_]/)[0]!.toLowerCase();
  if (lang === 'multi') return 'Any language';
  return known(languages, lang) ?? tag;
}

/** "en-us" → "English (US)", "pt-br" → "Portuguese (Brazil)", "en-gb-x-rp" → "English (UK, Received Pronunciation)", "en-029" → "English (Caribbean)". */
export function languageLabel(tag: string): string {
  const [lang = '', region, ...rest] = tag.split(/[-_]/);
  const family = languageFamily(lang);
  const parts: string[] = [];
  if (region) {
    const r = /^([a-z]{2}|\d{3})$/i.test(region) ? known(regions, region.toUpperCase()) : undefined;
    parts.push(r ? (regionWords[r] ?? r) : (variantWords[region.toLowerCase()] ?? region));
  }
  // "x" only says the tags after it are private: it is not read out
  parts.push(...rest.filter((t) => t.toLowerCase() !== 'x').map((t) => variantWords[t.toLowerCase()] ?? t));
  return parts.length ? `${family} (${parts.join(', ')})` : family;
}
