/**
 * Where the studio keeps providers' API keys. The Electron app implements it with the OS keychain
 * (safeStorage, in main/app/); `reelforge serve` and the CLI use key files (key-file-store.ts).
 * Keys go in and come out of here only: never into settings, projects, logs or job events.
 */
export interface SecretStore {
  /** how keys are protected, in words for the Settings screen */
  readonly kind: 'os-keychain' | 'key-file';
  get(id: string): string | undefined;
  set(id: string, value: string): void;
  delete(id: string): void;
  /** where a key for `id` is kept, for messages (never the key) */
  describe(id: string): string;
}
