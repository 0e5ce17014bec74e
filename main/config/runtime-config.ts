import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { getCapabilities, type FfmpegCapabilities } from '../../native/ffmpeg/capabilities';
import { locateFfmpeg, type FfmpegTools } from '../../native/ffmpeg/locate';
import { DEFAULT_VAAPI_DEVICE } from '../../native/ffmpeg/encoders';
import type { TtsBinaries } from '../../native/tts/tts';
import type { VoiceModelSource } from '../models/voice-model';
import { defaultHome } from '../paths';
import { providerContext, type ContextInput } from '../providers/test-provider';
import type { ProviderContext } from '../providers/types';

/** The environment a process started with, as its entry point read it (never read again below). */
export type Env = Readonly<Record<string, string | undefined>>;

/** The FFmpeg a user chose (the studio's Settings, a flag); unset = REELFORGE_FFMPEG, then the search. */
export interface FfmpegChoice {
  ffmpegPath?: string;
  ffprobePath?: string;
}

/**
 * Everything a process's work depends on beyond its requests: where its data and caches are, which
 * FFmpeg and speech programs it runs, and the environment providers look their keys up in. Built
 * once per process at its entry point (the CLI's main, the Electron app, a studio) from flags,
 * settings and the environment, and passed down: the queue carries it to its stages, the studio's
 * handlers hold it, the locator, capability cache and voices take it as arguments. Nothing under
 * main/ or native/ reads or writes the process's environment.
 */
export interface RuntimeConfig {
  /** the data folder: REELFORGE_HOME, --home, the app's user-data folder, or the platform's default */
  readonly home: string;
  /** FFmpeg's capability cache (and the CLI's caches): REELFORGE_CACHE, else <home>/cache where a home was given, else the user's cache folder */
  readonly cacheDir: string;
  /**
   * The user's FFmpeg. One object for the process's life: the studio updates it in place when its
   * setting changes, so a preview and a queued render started after that run the same binary.
   */
  readonly ffmpeg: FfmpegChoice;
  /** espeak-ng and Python for the OS voice and the neural voice's phonemes (REELFORGE_ESPEAK, REELFORGE_PYTHON) */
  readonly tts: TtsBinaries;
  /** the DRM render node VA-API encodes on (REELFORGE_VAAPI_DEVICE) */
  readonly vaapiDevice: string;
  /** the CLI's default LLM for `make --llm-topic` (REELFORGE_LLM_URL, REELFORGE_LLM_MODEL) */
  readonly llm: { readonly baseUrl?: string; readonly model?: string };
  /** REELFORGE_<ID>_API_KEY / _URL for providers, PATH for the FFmpeg search: a snapshot taken at the entry point */
  readonly env: Env;
  readonly platform: NodeJS.Platform;
  /** REELFORGE_DEBUG: print stacks and every FFmpeg line */
  readonly debug: boolean;
  /** the render farm this process coordinates (`--farm redis://…`): farm jobs' chunks go to its workers */
  farm?: { readonly url: string; readonly advertiseHost?: string };
  /** where the studio downloads the natural voices' model from: the pinned file unless an embedder (a test, a mirror) names another with its checksum */
  readonly voiceModel?: VoiceModelSource;
}

export interface ConfigInput {
  /** the process's environment; the entry point passes its own, tests pass what they need */
  env: Env;
  /** --home, or the app's user-data folder: wins over REELFORGE_HOME */
  home?: string;
  ffmpeg?: FfmpegChoice;
  platform?: NodeJS.Platform;
}

const nonEmpty = (v: string | undefined) => (v ? v : undefined);

const userCacheDir = (env: Env) => join(nonEmpty(env.XDG_CACHE_HOME) ?? join(homedir(), '.cache'), 'reelforge');

export function buildRuntimeConfig(input: ConfigInput): RuntimeConfig {
  const env: Env = Object.freeze({ ...input.env });
  const platform = input.platform ?? process.platform;
  const given = nonEmpty(input.home) ?? nonEmpty(env.REELFORGE_HOME);
  const home = given ? resolve(given) : defaultHome(env, platform);
  const cacheDir = nonEmpty(env.REELFORGE_CACHE) ?? (given ? join(home, 'cache') : userCacheDir(env));
  return {
    home,
    cacheDir,
    ffmpeg: { ...input.ffmpeg },
    tts: {
      espeak: nonEmpty(env.REELFORGE_ESPEAK) ?? 'espeak-ng',
      python: nonEmpty(env.REELFORGE_PYTHON) ?? (platform === 'win32' ? 'python' : 'python3'),
    },
    vaapiDevice: nonEmpty(env.REELFORGE_VAAPI_DEVICE) ?? DEFAULT_VAAPI_DEVICE,
    llm: { baseUrl: nonEmpty(env.REELFORGE_LLM_URL), model: nonEmpty(env.REELFORGE_LLM_MODEL) },
    env,
    platform,
    debug: Boolean(env.REELFORGE_DEBUG),
  };
}

/** The same process's configuration in another data folder (a command's --home); undefined keeps it. */
export function withHome(config: RuntimeConfig, home: string | undefined): RuntimeConfig {
  if (!home) return config;
  return buildRuntimeConfig({ env: config.env, home, ffmpeg: config.ffmpeg, platform: config.platform });
}

/**
 * The studio's FFmpeg setting enters here, in place: an emptied setting goes back to what the
 * process started with (REELFORGE_FFMPEG, then the search).
 */
export function chooseFfmpeg(config: RuntimeConfig, ffmpegPath: string | undefined): void {
  config.ffmpeg.ffmpegPath = ffmpegPath || undefined;
}

/** The render farm this process coordinates from now on (Settings → Render farm), or none. */
export function chooseFarm(config: RuntimeConfig, farm: { url: string; advertiseHost?: string } | undefined): void {
  config.farm = farm;
}

/** FFmpeg and ffprobe as this configuration finds them (the user's choice, REELFORGE_FFMPEG, …). */
export function locateTools(config: RuntimeConfig): FfmpegTools {
  return locateFfmpeg({ ...config.ffmpeg, env: config.env, platform: config.platform });
}

/** What the chosen FFmpeg can do, from (or into) this configuration's cache. */
export function capabilitiesOf(config: RuntimeConfig, tools: FfmpegTools, opts: { refresh?: boolean; signal?: AbortSignal } = {}): Promise<FfmpegCapabilities> {
  return getCapabilities(tools.ffmpeg.path, { cacheDir: config.cacheDir, vaapiDevice: config.vaapiDevice, ...opts });
}

/** The provider context this configuration gives: its environment's keys and URLs, its home, its voices. */
export function providersFor(config: RuntimeConfig, extra: Omit<ContextInput, 'home' | 'env' | 'tts'> = {}): ProviderContext {
  return providerContext({ home: config.home, env: config.env, tts: config.tts, ...extra });
}
