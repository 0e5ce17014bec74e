import { useEffect, useRef, useState } from 'react';
import type { VoiceInfo } from '../../preload/contract/studio-api';
import { useConnection, useStudio } from '../app/studio-context';

const languageNames = (() => {
  try {
    return new Intl.DisplayNames(['en'], { type: 'language' });
  } catch {
    return undefined;
  }
})();
/** "en-gb-scotland" → "British English (scotland)": the tag a creator would not know, in words. */
function languageName(tag: string): string {
  const [lang, region, ...rest] = tag.split('-');
  for (const t of [region ? `${lang}-${region}` : lang, lang]) {
    try {
      const name = t && languageNames?.of(t);
      if (name && name !== t) return `${name}${(region && t === lang ? ` (${region})` : '') + (rest.length ? ` (${rest.join(' ')})` : '')}`;
    } catch {
      // not a tag Intl knows
    }
  }
  return tag;
}
const label = (v: VoiceInfo) => `${v.name === v.language ? languageName(v.language) : v.name}${v.gender ? ` · ${v.gender}` : ''} · ${v.neural ? 'neural' : v.engine}`;

/** Plays a voice's sample sentence; pressing again while it plays stops it. */
export function usePlayVoice() {
  const { mediaUrl } = useConnection();
  const sample = useStudio((s) => s.voiceSample);
  const audio = useRef<HTMLAudioElement | null>(null);
  const [state, setState] = useState<'idle' | 'loading' | 'playing'>('idle');
  useEffect(() => () => audio.current?.pause(), []);
  const play = async (voice?: string) => {
    if (state === 'playing') {
      audio.current?.pause();
      setState('idle');
      return;
    }
    setState('loading');
    const path = await sample(voice);
    if (!path) return setState('idle');
    audio.current?.pause();
    const a = new Audio(mediaUrl(path));
    audio.current = a;
    a.onended = () => setState('idle');
    a.onerror = () => setState('idle');
    try {
      await a.play();
      setState('playing');
    } catch {
      setState('idle');
    }
  };
  return { play, state };
}

/** A voice from the machine's voices, grouped by language, with a button that speaks a sample. */
export function VoicePicker({ value, onChange, testId = 'voice' }: { value: string; onChange(id: string): void; testId?: string }) {
  const { voices, engines, loaded, load } = useStudio((s) => ({ voices: s.voices, engines: s.voiceEngines, loaded: s.voicesLoaded, load: s.loadVoices }));
  const { play, state } = usePlayVoice();
  useEffect(() => {
    if (!loaded) void load();
  }, [loaded, load]);
  const byLanguage = new Map<string, VoiceInfo[]>();
  for (const v of voices) byLanguage.set(v.language.split('-')[0]!, [...(byLanguage.get(v.language.split('-')[0]!) ?? []), v]);
  const missing = engines.filter((e) => !e.available && e.engine === 'neural');
  return (
    <div className="voice-picker">
      <div className="row">
        <select value={value} onChange={(e) => onChange(e.target.value)} disabled={!loaded} data-testid={`${testId}-select`} aria-label="Voice">
          <option value="">{loaded ? 'Best voice for the script’s language' : 'Finding voices…'}</option>
          {[...byLanguage.entries()].map(([lang, list]) => (
            <optgroup key={lang} label={lang}>
              {list.map((v) => (
                <option key={v.id} value={v.id}>
                  {label(v)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <button type="button" className="play" onClick={() => void play(value || undefined)} disabled={state === 'loading'} aria-label="Play a sample of this voice" data-testid={`${testId}-play`} data-state={state}>
          {state === 'playing' ? '■ Stop' : state === 'loading' ? '…' : '▶ Play'}
        </button>
      </div>
      {missing.map((e) => (
        <p key={e.engine} className="meta small">
          Neural voices: {e.reason}
        </p>
      ))}
    </div>
  );
}
