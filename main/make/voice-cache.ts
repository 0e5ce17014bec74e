import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Tts } from '../../native/tts/tts';
import type { TimingSource, WordTiming } from '../../native/tts/types';
import type { Pronunciation } from '../../preload/contract/project';
import { applyPronunciations, timingsOfScript } from '../voices/pronounce';
import { writeFileAtomic } from '../files/partial-file';

/** A narration as a scene uses it: the audio file, how long it is, and when each word is heard. */
export interface VoicedText {
  audioPath: string;
  duration: number;
  words: WordTiming[];
  timing: TimingSource;
  /** engine:name of the voice that spoke */
  voiceId: string;
  /** the cache key (text + voice + engine + speed + cache version) */
  key: string;
  /** true when the file came from the cache and nothing was synthesised */
  cached: boolean;
}

export interface VoiceCacheOptions {
  /** the home's voice cache (<home>/voices/cache); entries are shared by every project */
  cacheDir: string;
  speed?: number;
  /** words said another way (the template's and the project's list) */
  pronunciations?: readonly Pronunciation[];
  signal?: AbortSignal;
  /** process-registry tag (a job id) so cancelling the job kills the engine */
  tag?: string;
}

/** Bump when what an engine writes for the same inputs changes (timing fixes, say). */
const CACHE_VERSION = 2;

/**
 * Speaks `text`, or finds it already spoken. The key is the text, the resolved voice (engine and
 * name) and the speed, so an unchanged scene is never re-synthesised whichever door asks — the
 * make job's voice stage, re-voicing one scene in the editor, or a retried job. Entries are
 * written under a temporary name and renamed, so a crash never leaves a half entry that later
 * reads as whole.
 */
export async function voiceCached(tts: Tts, text: string, voiceSpec: string | undefined, opts: VoiceCacheOptions): Promise<VoicedText> {
  const { engine, voice } = await tts.resolveVoice(voiceSpec);
  const speed = opts.speed ?? 1;
  const said = applyPronunciations(text, opts.pronunciations);
  // the respelling is part of the key (an unchanged text keeps the key it always had)
  const key = createHash('sha256').update(JSON.stringify([CACHE_VERSION, engine.name, voice.id, speed, text, ...(said.changed ? [said.spoken] : [])])).digest('hex').slice(0, 32);
  const dir = join(opts.cacheDir, key.slice(0, 2));
  const meta = join(dir, `${key}.json`);
  const found = readEntry(meta);
  if (found) return { ...found, key, cached: true };

  mkdirSync(dir, { recursive: true });
  const scratch = join(dir, `.${key}.${process.pid}.tmp`);
  mkdirSync(scratch, { recursive: true });
  try {
    const r = await engine.synthesize(said.spoken, voice, { outDir: scratch, fileName: 'speech', speed, signal: opts.signal, tag: opts.tag });
    const audioPath = join(dir, `${key}.wav`);
    renameSync(r.audioPath, audioPath);
    const entry = { audioPath, duration: r.duration, words: timingsOfScript(said, r.words), timing: r.timing, voiceId: voice.id };
    writeFileAtomic(meta, JSON.stringify(entry));
    return { ...entry, key, cached: false };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

function readEntry(meta: string): Omit<VoicedText, 'key' | 'cached'> | undefined {
  if (!existsSync(meta)) return undefined;
  try {
    const e = JSON.parse(readFileSync(meta, 'utf8')) as Omit<VoicedText, 'key' | 'cached'>;
    if (statSync(e.audioPath).size > 44) return e;
  } catch {
    // a damaged entry is spoken again
  }
  return undefined;
}
