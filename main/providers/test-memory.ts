import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { providerTestResultSchema, type ProviderTestResult } from '../../preload/contract/providers';
import { writeFileAtomic } from '../files/partial-file';

const rememberedSchema = z.record(z.string(), providerTestResultSchema.extend({ at: z.string() }));
export type RememberedTests = z.infer<typeof rememberedSchema>;

/**
 * The last "Test connection" result per provider, kept in one small JSON file in the home so that
 * a failed test is still shown as failed after the Settings screen (or the app) is left and
 * reopened. A result is forgotten when the provider's key changes: it no longer says anything
 * about the key in use. An unreadable file is treated as no memory (it holds no secrets and
 * nothing depends on it).
 */
export function providerTestMemory(file: string) {
  let cache: RememberedTests | undefined;
  const read = (): RememberedTests => {
    if (cache) return cache;
    try {
      cache = existsSync(file) ? rememberedSchema.parse(JSON.parse(readFileSync(file, 'utf8'))) : {};
    } catch {
      cache = {};
    }
    return cache;
  };
  const write = (next: RememberedTests) => {
    cache = next;
    writeFileAtomic(file, JSON.stringify(next, null, 2));
  };
  return {
    get: (id: string) => read()[id],
    remember(result: ProviderTestResult, at = new Date()) {
      write({ ...read(), [result.id]: { ...result, at: at.toISOString() } });
    },
    forget(id: string) {
      const { [id]: _gone, ...rest } = read();
      write(rest);
    },
  };
}
