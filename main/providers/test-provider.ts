import { join } from 'node:path';
import { isCancelled } from '../../preload/contract/errors';
import type { ProviderTestResult } from '../../preload/contract/providers';
import { modelsDir } from '../paths';
import { redact } from './redact';
import { deadline, describeMs } from '../net/deadline';
import { printable } from '../net/printable';
import type { ProviderRegistry } from './registry';
import { keyFileStore } from './secrets/key-file-store';
import type { SecretStore } from './secrets/secret-store';
import type { ProviderContext } from './types';
import type { TtsBinaries } from '../../native/tts/tts';

/** How long `providers test` waits for one provider's whole answer. */
export const TEST_DEADLINE_MS = 30_000;

export interface ContextInput {
  home: string;
  /** where REELFORGE_<ID>_API_KEY and REELFORGE_<ID>_URL are looked up (the CLI's environment) */
  env?: Record<string, string | undefined>;
  /** the app's keychain store; else key files under <home>/keys */
  store?: SecretStore;
  keyFiles?: Record<string, string>;
  cacheDir?: string;
  tts?: Partial<TtsBinaries>;
}

/** The context every provider gets, from what the composition root knows. */
export function providerContext(input: ContextInput): ProviderContext {
  const env = input.env ?? {};
  return {
    keys: { env, keyFiles: input.keyFiles, store: input.store ?? keyFileStore(join(input.home, 'keys')) },
    env,
    home: input.home,
    modelsDir: modelsDir(input.home),
    cacheDir: input.cacheDir ?? join(input.home, 'cache'),
    tts: input.tts,
    call: { timeoutMs: 20_000, maxRetries: 1, backoff: { baseMs: 500, maxMs: 5_000 } },
  };
}

/** Runs a provider's check; the answer is data (ok or not, and why), with any key redacted. */
export async function testProvider(registry: ProviderRegistry, id: string, ctx: ProviderContext, signal: AbortSignal): Promise<ProviderTestResult> {
  const started = Date.now();
  const provider = registry.get(id);
  // one cheap call: a server that answers a byte at a time gets TEST_DEADLINE_MS in all, then the test fails
  const limit = deadline(signal, TEST_DEADLINE_MS);
  try {
    const message = await provider.test(ctx, limit.signal);
    return { id, ok: true, message: printable(redact(message)), ms: Date.now() - started };
  } catch (err) {
    if (limit.expired() && !signal.aborted) return { id, ok: false, message: `no complete answer within ${describeMs(TEST_DEADLINE_MS)}; the test was stopped`, ms: Date.now() - started };
    if (isCancelled(err)) throw err;
    return { id, ok: false, message: printable(redact((err as Error).message ?? String(err))), ms: Date.now() - started };
  } finally {
    limit.dispose();
  }
}
