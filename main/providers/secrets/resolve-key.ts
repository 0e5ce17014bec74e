import { rememberSecret } from '../redact';
import { readKeyFile } from './key-file';
import type { SecretStore } from './secret-store';

/** Where keys come from, in order: an env variable, a key file named on the command line, the store. */
export interface KeySources {
  env?: Record<string, string | undefined>;
  /** provider id → a key file the user named (`--key-file`) */
  keyFiles?: Record<string, string>;
  store?: SecretStore;
}

export interface ResolvedKey {
  value: string;
  /** e.g. "env REELFORGE_PEXELS_API_KEY", "OS keychain"; shown to users, never the key */
  source: string;
}

export const keyEnvName = (id: string) => `REELFORGE_${id.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_API_KEY`;
export const urlEnvName = (id: string) => `REELFORGE_${id.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_URL`;

export function resolveKey(id: string, sources: KeySources): ResolvedKey | undefined {
  const found = lookup(id, sources);
  rememberSecret(found?.value);
  return found;
}

function lookup(id: string, { env, keyFiles, store }: KeySources): ResolvedKey | undefined {
  const name = keyEnvName(id);
  const fromEnv = env?.[name]?.trim();
  if (fromEnv) return { value: fromEnv, source: `env ${name}` };
  const file = keyFiles?.[id];
  if (file) return { value: readKeyFile(file), source: `key file ${file}` };
  const stored = store?.get(id);
  if (stored) return { value: stored, source: store!.kind === 'os-keychain' ? 'OS keychain' : store!.describe(id) };
  return undefined;
}
