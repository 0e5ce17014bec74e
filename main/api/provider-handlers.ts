import { StudioError } from '../../preload/contract/errors';
import type { ProviderInfo } from '../../preload/contract/providers';
import type { StudioHandlers } from '../../preload/contract/studio-api';
import { providerTestMemory } from '../providers/test-memory';
import { createRegistry } from '../providers/registry';
import { keyFileStore } from '../providers/secrets/key-file-store';
import { testProvider } from '../providers/test-provider';
import { providersFor } from '../config/runtime-config';
import { join } from 'node:path';
import type { StudioContext } from './studio-context';

type ProviderHandlers = Pick<StudioHandlers, 'listProviders' | 'testProvider' | 'setProviderKey'>;

/**
 * The Settings screen's providers: their status with the last test's result, a real test call, and keeping a key. A key goes
 * into the secret store (the OS keychain in the app) and is never sent back — only whether one
 * is set and where it came from.
 */
export function createProviderHandlers(ctx: StudioContext): ProviderHandlers {
  const registry = createRegistry();
  const store = ctx.secrets ?? keyFileStore(join(ctx.dirs.home, 'keys'));
  const pctx = () => providersFor(ctx.config, { store, cacheDir: ctx.dirs.cache });
  const tests = providerTestMemory(join(ctx.dirs.home, 'provider-tests.json'));
  const withLastTest = (info: ProviderInfo): ProviderInfo => {
    const lastTest = tests.get(info.id);
    return lastTest ? { ...info, lastTest } : info;
  };
  let testing: AbortController | undefined;
  return {
    listProviders: async () => (await registry.info(pctx())).map(withLastTest),
    testProvider: async (id) => {
      testing?.abort(); // one check at a time; a second click replaces the first
      const controller = (testing = new AbortController());
      try {
        const result = await testProvider(registry, id, pctx(), controller.signal);
        tests.remember(result);
        return result;
      } finally {
        if (testing === controller) testing = undefined;
      }
    },
    setProviderKey: async (id, key) => {
      const provider = registry.get(id);
      if (!provider.needs.apiKey) throw new StudioError('INVALID_INPUT', `${provider.name} needs no API key`);
      if (key === null) store.delete(id);
      else store.set(id, key);
      tests.forget(id); // a test of the old key says nothing about the new one
      const [info] = (await registry.info(pctx())).filter((p) => p.id === id);
      return withLastTest(info!);
    },
  };
}
