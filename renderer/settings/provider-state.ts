import type { ProviderInfo } from '../../preload/contract/providers';

export interface ProviderState {
  /** ok: usable; warn: needs something from the user; failed: its last test failed */
  tone: 'ok' | 'warn' | 'failed';
  title: string;
  detail?: string;
}

/**
 * Offline built-ins (the system voice, your media, the template's structure, the upscaler) have
 * nothing to connect to, and a service without its key has nothing to test yet.
 */
export const takesTest = (p: ProviderInfo) => (!p.offline || Boolean(p.needs.serverUrl)) && !(p.needs.apiKey && !p.status.keySource && !p.status.ready);
const offlineBuiltIn = (p: ProviderInfo) => p.offline && !p.needs.serverUrl;

const when = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** Where a key came from, in a creator's words (never the key, never a variable name). */
function keyWords(source: string | undefined): string {
  if (!source) return '';
  if (source === 'OS keychain') return 'Key saved in the system keychain';
  if (source.startsWith('env ')) return 'Key given when the studio was started';
  return 'Key saved on this computer';
}

/**
 * A provider's state as the Settings screen says it: the last test wins over what the status
 * guesses without the network (a key that the service refused is not "ready"), and a provider
 * that needs a key says so in words instead of naming where else keys can come from.
 */
export function providerState(p: ProviderInfo): ProviderState {
  const t = p.lastTest;
  if (t && !t.ok) return { tone: 'failed', title: `✗ Last test failed (${when(t.at)})`, detail: t.message };
  // where the key came from is the CLI's business; here the row already says it
  if (t?.ok) return { tone: 'ok', title: `✓ Works — tested ${when(t.at)}`, detail: t.message.replace(/\(key from [^;)]*\)\s*|key from [^;)]*;\s*/, '') };
  if (p.id === 'neural' && !p.status.ready) return { tone: 'warn', title: 'Not installed', detail: 'download it, or import a model file, under “Natural voices” in General' };
  if (p.needs.apiKey && !p.status.keySource) {
    if (p.status.ready) return { tone: 'ok', title: 'Ready', detail: p.status.reason };
    if (p.status.reason.startsWith('no API key')) return { tone: 'warn', title: 'Needs an API key', detail: 'paste it here to use it' };
    return { tone: 'warn', title: 'Not ready', detail: p.status.reason };
  }
  if (p.needs.apiKey) return { tone: p.status.ready ? 'ok' : 'warn', title: p.status.ready ? `${keyWords(p.status.keySource)} — not tested yet` : 'Not ready', detail: p.status.ready ? undefined : p.status.reason };
  if (offlineBuiltIn(p)) return p.status.ready ? { tone: 'ok', title: '✓ Built in — works offline', detail: p.status.reason === 'built in; works offline' ? undefined : p.status.reason } : { tone: 'warn', title: 'Not available', detail: p.status.reason };
  return { tone: p.status.ready ? 'ok' : 'warn', title: p.status.ready ? 'Ready' : 'Not running', detail: p.status.reason.replace(/^not running /, '') };
}
