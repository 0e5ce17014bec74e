import { join } from 'node:path';
import { Tts } from '../../native/tts/tts';
import type { EngineName, TtsEngine, Voice } from '../../native/tts/types';
import { ttsEngineFor } from '../providers/factories';
import { createRegistry } from '../providers/registry';
import type { ProviderContext } from '../providers/types';
import type { Issue } from '../../preload/contract/errors';
import { cloudVoiceEngines, engineOf, voiceSpecProblem } from './voice-spec';

export { parseVoiceSpec, voiceSpecProblem, engineOf, cloudVoiceEngines } from './voice-spec';

/**
 * The one voice resolver. Every door that speaks — the make job (CLI `make`, `batch`, the studio's
 * New video, MCP, REST), the editor's re-voice, ▶ samples, MCP `synthesize_voice` and `voices` —
 * gets its voices here, so a voice one door accepts every other door speaks the same way: the
 * voices on this machine plus the cloud voices whose key is set. A project voiced with ElevenLabs
 * is re-voiced with ElevenLabs. Adding a cloud voice provider means adding it to the provider
 * factory and to `cloudVoiceEngines`, nothing else.
 */
export interface VoiceOptions {
  signal?: AbortSignal;
  /** engines instead of the machine's (tests) */
  engines?: TtsEngine[];
}

/** The cloud voice engines whose provider is ready (its key is set); no network is touched. */
export async function cloudEngines(ctx: ProviderContext, signal?: AbortSignal): Promise<TtsEngine[]> {
  const registry = createRegistry();
  const engines: TtsEngine[] = [];
  for (const id of cloudVoiceEngines) {
    const status = await registry.get(id).status(ctx).catch(() => ({ ready: false }));
    if (status.ready) engines.push(ttsEngineFor(id, ctx, { call: { ...ctx.call, signal } }));
  }
  return engines;
}

/** Every voice engine this context may speak with: the machine's own and the ready cloud ones. */
export async function voicesFor(ctx: ProviderContext, opts: VoiceOptions = {}): Promise<Tts> {
  const neuralModelDir = join(ctx.modelsDir, 'tts');
  if (opts.engines) return new Tts({ neuralModelDir, engines: opts.engines });
  return new Tts({ neuralModelDir, binaries: ctx.tts, extraEngines: await cloudEngines(ctx, opts.signal) });
}

export interface ResolvedVoice {
  tts: Tts;
  engine: TtsEngine;
  voice: Voice;
  /** one line for the job's events: which voice and why */
  reason: string;
}

/**
 * The voice that speaks. A voice the user named is used as named (`elevenlabs:<id>` goes to
 * ElevenLabs); a language names the best voice of this machine for it (Kokoro's where its model is
 * installed, the system voice otherwise); nothing lets the registry pick the best ready voice
 * provider for "neural, <language>, word timings" — Kokoro, else a cloud voice whose key is set,
 * else the system voice. The answer is always one concrete voice (`engine:name`), which the project
 * records, so every later re-voice speaks with the same one.
 */
export async function resolveVoice(ctx: ProviderContext, want: { requested?: string; language?: string }, opts: VoiceOptions = {}): Promise<ResolvedVoice> {
  const tts = await voicesFor(ctx, opts);
  const named = want.requested?.trim() || undefined;
  const local = async (language: string, why: string) => {
    const { engine, voice } = await tts.resolveVoice(language.toLowerCase() === 'en' ? undefined : language);
    return { tts, engine, voice, reason: `${why} → ${voice.id}` };
  };
  if (named && engineOf(named)) {
    const { engine, voice } = await tts.resolveVoice(named);
    return { tts, engine, voice, reason: `voice: ${voice.id}, as the request named it` };
  }
  if (named) return local(named, `voice: the best for ${named}, as the request named it`);
  const language = want.language ?? 'en';
  if (opts.engines) return local(language, 'voice: the best of the given engines');
  const sel = await createRegistry().select('voice', { language, neural: true, wordTimings: true }, ctx);
  const id = sel.provider?.id as EngineName | undefined;
  if (id && cloudVoiceEngines.includes(id)) {
    const { engine, voice } = await tts.resolveVoice(`${id}:${(await defaultCloudVoice(tts, id)) ?? ''}`);
    return { tts, engine, voice, reason: `${sel.reason} → ${voice.id}` };
  }
  return local(language, sel.reason);
}

/** A cloud engine's own default voice (its first English one), from its list. */
async function defaultCloudVoice(tts: Tts, id: EngineName): Promise<string | undefined> {
  const engine = tts.engines.find((e) => e.name === id);
  const voices = (await engine?.listVoices()) ?? [];
  return (voices.find((v) => /^en/i.test(v.language)) ?? voices[0])?.name;
}

/**
 * What is wrong with the voices a request names (its voice, each speaker's), located by field:
 * the enqueue step refuses them, so no job is queued with a voice that could never be spoken.
 */
export function voiceRequestIssues(r: { voice?: string; speakers?: Record<string, string> }): Issue[] {
  const issues: Issue[] = [];
  if (r.voice !== undefined) {
    const p = voiceSpecProblem(r.voice);
    if (p) issues.push({ path: 'voice', message: p });
  }
  for (const [name, voice] of Object.entries(r.speakers ?? {})) {
    const p = voiceSpecProblem(voice);
    if (p) issues.push({ path: `speakers.${name}`, message: p });
  }
  return issues;
}

/** A speaker's voice from a map written by a person: names match whatever their case. */
export function speakerVoice(speakers: Record<string, string> | undefined, name: string): string | undefined {
  const hit = Object.entries(speakers ?? {}).find(([n]) => n.trim().toLowerCase() === name.trim().toLowerCase());
  return hit?.[1];
}
