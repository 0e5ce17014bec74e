/**
 * One interface for every text-to-speech engine (espeak-ng, macOS `say`, Windows SAPI, neural
 * voices through sherpa-onnx). Callers never branch on the engine: they get an audio file and
 * word timings, whichever way the engine produced them.
 */

/** A word of the input text and when it is heard, in seconds from the start of the audio file. */
export interface WordTiming {
  text: string;
  start: number;
  end: number;
}

/** How the word timings were obtained, so the UI and the notes can say how far to trust them. */
export type TimingSource = 'engine-events' | 'aligned';

export interface Voice {
  /** stable id across runs: `<engine>:<engine's own voice name>` */
  id: string;
  engine: EngineName;
  name: string;
  /** BCP-47-ish language tag as the engine reports it (en, en-us, fr-FR) */
  language: string;
  gender?: 'male' | 'female';
  /** the name a person reads ("Sarah"), where the engine's own name is an id */
  displayName?: string;
}

export interface SynthesizeOptions {
  /** folder for the audio file; the caller owns it */
  outDir: string;
  /** base name of the audio file, without extension */
  fileName?: string;
  /** 1 = the voice's normal speed */
  speed?: number;
  /** 0..1, 0.5 = the voice's normal pitch (engines without pitch control ignore it) */
  pitch?: number;
  signal?: AbortSignal;
  /** registry tag (a job id) so that cancelling the job kills the engine's process */
  tag?: string;
}

export interface SynthesisResult {
  audioPath: string;
  /** seconds */
  duration: number;
  words: WordTiming[];
  timing: TimingSource;
  voice: Voice;
}

/** the local engines, and the online voices registered as providers (main/providers/voice/) */
export type EngineName = 'espeak-ng' | 'say' | 'sapi' | 'neural' | 'openai-speech' | 'elevenlabs';

export interface Availability {
  available: boolean;
  /** why not, in words a user can act on (what to install, where to put a model) */
  reason: string;
}

export interface TtsEngine {
  name: EngineName;
  /** cheap and side-effect free; safe to call on every start */
  probe(): Promise<Availability>;
  listVoices(): Promise<Voice[]>;
  /**
   * The voice of that name without listing them all: a cloud engine's list is a network call, and
   * a project that names its voice needs no list to be spoken again.
   */
  voiceNamed?(name: string): Voice;
  synthesize(text: string, voice: Voice, options: SynthesizeOptions): Promise<SynthesisResult>;
}
