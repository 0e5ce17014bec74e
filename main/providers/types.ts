import type { ProviderCapabilities, ProviderKind, ProviderNeeds, ProviderStatus } from '../../preload/contract/providers';
import type { TtsBinaries } from '../../native/tts/tts';
import type { CallOptions } from './http/provider-http';
import { StudioError } from '../../preload/contract/errors';
import { resolveKey, urlEnvName, type KeySources, type ResolvedKey } from './secrets/resolve-key';

/**
 * A keyed provider's status without its key, in the same words for every door: the studio shows a
 * key field beside it and the CLI's `providers list` adds its own command, so neither talks about
 * environment variables (those stay in `reelforge providers --help`).
 */
export const NO_KEY = 'no API key yet';

/** The error a stage meets when it needs a provider whose key was never given. */
export function noKeyError(name: string, id: string): StudioError {
  return new StudioError('PROVIDER_UNAVAILABLE', `${name} has no API key: add one in Settings → Providers (or \`reelforge providers key ${id}\`)`);
}

/**
 * What a provider is given to find its key, its URL and its files. Built by the composition root
 * (the CLI from its flags and environment, the studio from its home and secret store) and passed
 * down; providers never read the process's environment themselves.
 */
export interface ProviderContext {
  keys: KeySources;
  /** URL overrides: REELFORGE_<ID>_URL (tests point providers at loopback servers this way) */
  env: Record<string, string | undefined>;
  home: string;
  modelsDir: string;
  cacheDir: string;
  /** espeak-ng and Python for the voices on this machine (the runtime configuration's) */
  tts?: Partial<TtsBinaries>;
  /** timeouts and retries for test() calls */
  call?: CallOptions;
}

export interface ProviderDefinition {
  id: string;
  kind: ProviderKind;
  name: string;
  description: string;
  offline: boolean;
  capabilities: ProviderCapabilities;
  needs: ProviderNeeds;
  /** what it sends, and to where */
  sends: string;
  /** the order a kind's providers are tried in when the user has no preference (lower first) */
  priority: number;
  /** whether it can be used now, without touching the network (a key is set, a model is present) */
  status(ctx: ProviderContext): Promise<ProviderStatus>;
  /** one real, cheap call; resolves to a line saying what worked, throws a StudioError otherwise */
  test(ctx: ProviderContext, signal: AbortSignal): Promise<string>;
}

export function endpoint(ctx: ProviderContext, id: string, fallback: string): string {
  return (ctx.env[urlEnvName(id)]?.trim() || fallback).replace(/\/+$/, '');
}

export function keyOf(ctx: ProviderContext, id: string): ResolvedKey | undefined {
  return resolveKey(id, ctx.keys);
}

/** The status of a provider whose only need is an API key. */
export async function keyedStatus(ctx: ProviderContext, id: string): Promise<ProviderStatus> {
  let key: ResolvedKey | undefined;
  try {
    key = keyOf(ctx, id);
  } catch (err) {
    return { ready: false, reason: (err as Error).message };
  }
  if (!key) return { ready: false, reason: NO_KEY };
  return { ready: true, reason: `API key from ${key.source}`, keySource: key.source };
}
