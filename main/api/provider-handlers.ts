import { StudioError } from '../../preload/contract/errors';
import type { StudioHandlers } from '../../preload/contract/studio-api';
import { createRegistry } from '../providers/registry';
import { keyFileStore } from '../providers/secrets/key-file-store';
import { testProvider } from '../providers/test-provider';
import { providersFor } from '../config/runtime-config';
import { join } from 'node:path';
import type { StudioContext } from './studio-context';

type ProviderHandlers = Pick<StudioHandlers, 'listProviders' | 'testProvider' | 'setProviderKey'>;

/**
 * The Settings screen's providers: their status, a real test call, and keeping a key. A key goes
 * into the secret store (the OS keychain in the app) and is never sent back — only whether one
 * is set and where it came from.
 */
export function createProviderHandlers(ctx: StudioContext): ProviderHandlers {
  const registry = createRegistry();
  const store = ctx.secrets ?? keyFileStore(join(ctx.dirs.home, 'keys'));
  const pctx = () => providersFor(ctx.config, { store, cacheDir: ctx.dirs.cache });
  let testing: AbortController | undefined;
  return {
    listProviders: () => registry.info(pctx()),
    testProvider: async (id) => {
      testing?.abort(); // one check at a time; a second click replaces the first
      const controller = (testing = new AbortController());
      try {
        return await testProvider(registry, id, pctx(), controller.signal);
      } finally {
        if (testing === controller) testing = undefined;
      }
    },
    setProviderKey: async (id, key) => {
      const provider = registry.get(id);
      if (!provider.needs.apiKey) throw new StudioError('INVALID_INPUT', `${provider.name} needs no API key`);
      if (key === null) store.delete(id);
      else store.set(id, key);
      const [info] = (await registry.info(pctx())).filter((p) => p.id === id);
      return info!;
    },
  };
}
