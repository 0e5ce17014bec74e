import { useEffect, useRef, useState } from 'react';
import { useConnection, useStudio } from '../app/studio-context';
import { NaturalVoices } from './natural-voices';
import { voiceGroups, voiceLabel } from './voice-groups';

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
export function VoicePicker({
  value,
  onChange,
  testId = 'voice',
  emptyLabel = 'Best voice for the script’s language',
  offerNatural = true,
}: {
  value: string;
  onChange(id: string): void;
  testId?: string;
  /** what choosing no voice means here */
  emptyLabel?: string;
  /** show the "Natural voices" download where they are not installed */
  offerNatural?: boolean;
}) {
  const { voices, loaded, load } = useStudio((s) => ({ voices: s.voices, loaded: s.voicesLoaded, load: s.loadVoices }));
  const { play, state } = usePlayVoice();
  useEffect(() => {
    if (!loaded) void load();
  }, [loaded, load]);
  const groups = voiceGroups(voices);
  const naturalMissing = voices.some((v) => v.kind === 'natural' && v.installed === false);
  // a voice the project has that this machine does not list now (a cloud voice whose key is gone):
  // still shown as the choice, never swapped for "Best voice…" behind the creator's back
  const unlisted = value && loaded && !voices.some((v) => v.id === value) ? value : undefined;
  return (
    <div className="voice-picker">
      <div className="row">
        <select value={value} onChange={(e) => onChange(e.target.value)} disabled={!loaded} data-testid={`${testId}-select`} aria-label="Voice">
          <option value="">{loaded ? emptyLabel : 'Finding voices…'}</option>
          {unlisted && <option value={unlisted}>{unlisted} (not available on this computer now)</option>}
          {groups.map((g) => (
            <optgroup key={g.key} label={g.label}>
              {g.voices.map((v) => (
                <option key={v.id} value={v.id} disabled={g.disabled}>
                  {voiceLabel(v)}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
        <button type="button" className="play" onClick={() => void play(value || undefined)} disabled={state === 'loading'} aria-label="Play a sample of this voice" data-testid={`${testId}-play`} data-state={state}>
          {state === 'playing' ? '■ Stop' : state === 'loading' ? '…' : '▶ Play'}
        </button>
      </div>
      {naturalMissing && offerNatural && <NaturalVoices compact testId={`${testId}-natural`} />}
    </div>
  );
}
