import { join } from 'node:path';
import { StudioError } from '../../preload/contract/errors';
import { espeakEngine } from './espeak-ng';
import { appResources } from '../resources';
import { findKokoroModel } from './kokoro/find-model';
import { kokoroEngine } from './kokoro/kokoro-engine';
import { KOKORO_PIN } from './kokoro/kokoro-pin';
import { withNormalizedText } from './normalized-engine';
import { sapiEngine } from './sapi-windows';
import { sayEngine } from './say-macos';
import type { Availability, EngineName, SynthesisResult, SynthesizeOptions, TtsEngine, Voice } from './types';

/** The speech programs a process runs (REELFORGE_ESPEAK, REELFORGE_PYTHON), from its runtime configuration. */
export interface TtsBinaries {
  espeak: string;
  python: string;
}

export interface TtsOptions {
  /** the folder of neural voice models (the app passes <home>/models/tts); Kokoro is <dir>/kokoro/model.onnx */
  neuralModelDir: string;
  /** the Kokoro model the app carries (release builds), used when none is installed; the app's resources when absent */
  carriedKokoroModel?: string;
  /** the size the carried model must have: the pinned export's when absent, null for a test's stand-in */
  carriedKokoroBytes?: number | null;
  /** the shipped Kokoro voice vectors (assets/voices/kokoro); found next to the code when absent */
  kokoroVoicesDir?: string;
  /** engines to use instead of the platform's (tests, or a user's override) */
  engines?: TtsEngine[];
  /** engines beside the platform's (the cloud voices whose key is set) */
  extraEngines?: TtsEngine[];
  platform?: NodeJS.Platform;
  /** espeak-ng and Python; found on PATH when absent */
  binaries?: Partial<TtsBinaries>;
}

export interface EngineStatus extends Availability {
  engine: EngineName;
}

/**
 * Kokoro-82M from the models folder, or the model the app carries when none is installed; the probe
 * says how to get the model when neither is there.
 */
export function neuralVoice(opts: TtsOptions): TtsEngine {
  const dir = join(opts.neuralModelDir, 'kokoro');
  const model = findKokoroModel({
    neuralModelDir: opts.neuralModelDir,
    carried: opts.carriedKokoroModel ?? appResources().kokoroModel,
    carriedBytes: opts.carriedKokoroBytes === undefined ? KOKORO_PIN.bytes : opts.carriedKokoroBytes,
  });
  return kokoroEngine({
    modelPath: model.path,
    voicesDir: opts.kokoroVoicesDir,
    espeakBinary: opts.binaries?.espeak,
    extraVoicesDir: join(dir, 'voices'),
    missingModelHelp:
      (model.carriedProblem ? `${model.carriedProblem}; or ` : '') +
      `run \`reelforge models pull kokoro\` (about ${KOKORO_PIN.approxMegabytes} MB, checked by SHA-256), or download the model elsewhere and run ` +
      `\`reelforge models import <model.onnx>\`; it goes to ${model.path}. Until then the system voice speaks`,
  });
}

/** The operating system's own voice: it needs no download and always works offline. */
export function osEngineName(platform: NodeJS.Platform = process.platform): EngineName {
  return platform === 'win32' ? 'sapi' : platform === 'darwin' ? 'say' : 'espeak-ng';
}

/**
 * The voices of this machine behind one interface. A voice is named `engine:name` (as
 * listVoices() prints; `kokoro:` is accepted for `neural:`), by a bare language tag ("en-us", "fr":
 * the neural voice for that language where Kokoro has one and its model is installed, else the OS
 * voice), or left out (the neural voice's default, else the OS voice's).
 */
export class Tts {
  readonly engines: TtsEngine[];
  private readonly platform: NodeJS.Platform;

  constructor(opts: TtsOptions) {
    this.platform = opts.platform ?? process.platform;
    const os = osEngineName(this.platform);
    const all = opts.engines ?? [espeakEngine({ binary: opts.binaries?.espeak, python: opts.binaries?.python }), sayEngine(), sapiEngine(), neuralVoice(opts), ...(opts.extraEngines ?? [])];
    // The neural voice comes first where its model is installed (it is the better voice); the
    // operating system's voice otherwise, which needs no download.
    const order = [...all.filter((e) => e.name === 'neural'), ...all.filter((e) => e.name === os), ...all.filter((e) => e.name !== os && e.name !== 'neural')];
    this.engines = order.map(withNormalizedText);
  }

  async status(): Promise<EngineStatus[]> {
    return Promise.all(this.engines.map(async (e) => ({ engine: e.name, ...(await e.probe()) })));
  }

  async listVoices(): Promise<Voice[]> {
    const lists = await Promise.all(
      this.engines.map(async (e) => ((await e.probe()).available ? e.listVoices() : [])),
    );
    return lists.flat();
  }

  async resolveVoice(spec?: string): Promise<{ engine: TtsEngine; voice: Voice }> {
    const statuses = await this.status();
    const usable = this.engines.filter((_, i) => statuses[i]!.available);
    const [written, voiceName] = spec?.includes(':') ? (spec.split(/:(.*)/s, 2) as [string, string]) : [undefined, spec];
    const engineName = written?.toLowerCase() === 'kokoro' ? 'neural' : written;
    if (engineName) {
      const engine = this.engines.find((e) => e.name === engineName);
      if (!engine) throw new StudioError('INVALID_INPUT', `unknown voice engine "${engineName}" (engines: ${this.engines.map((e) => e.name).join(', ')})`);
      const st = statuses[this.engines.indexOf(engine)]!;
      if (!st.available) throw new StudioError('TTS_UNAVAILABLE', `voice engine ${engineName} is not available: ${st.reason}`);
      const voice = engine.voiceNamed && voiceName ? engine.voiceNamed(voiceName) : pickVoice(await engine.listVoices(), voiceName);
      if (!voice) throw new StudioError('INVALID_INPUT', `${engineName} has no voice "${voiceName}" (see: reelforge voices)`);
      return { engine, voice };
    }
    for (const engine of usable) {
      const voice = pickVoice(await engine.listVoices(), voiceName);
      if (voice) return { engine, voice };
    }
    if (usable.length === 0) {
      throw new StudioError('TTS_UNAVAILABLE', `no voice engine works on this machine:\n${statuses.map((s) => `  - ${s.engine}: ${s.reason}`).join('\n')}`);
    }
    throw new StudioError('INVALID_INPUT', `no voice matches "${voiceName}" (see: reelforge voices)`);
  }

  async synthesize(text: string, voiceSpec: string | undefined, options: SynthesizeOptions): Promise<SynthesisResult> {
    const { engine, voice } = await this.resolveVoice(voiceSpec);
    return engine.synthesize(text, voice, options);
  }
}

/** By exact name, then by language (en-us matches en-US and en_us), then the engine's English default. */
export function pickVoice(voices: Voice[], wanted?: string): Voice | undefined {
  const norm = (s: string) => s.toLowerCase().replace('_', '-');
  if (wanted) {
    const w = norm(wanted);
    return (
      voices.find((v) => norm(v.name) === w) ??
      voices.find((v) => norm(v.language) === w) ??
      voices.find((v) => norm(v.language).startsWith(`${w}-`))
    );
  }
  return voices.find((v) => /^en-us$/i.test(norm(v.language))) ?? voices.find((v) => norm(v.language).startsWith('en')) ?? voices[0];
}
