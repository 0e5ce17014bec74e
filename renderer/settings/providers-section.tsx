import { useEffect, useState } from 'react';
import type { ProviderInfo, ProviderKind } from '../../preload/contract/providers';
import { useConnection } from '../app/studio-context';
import { providerState, takesTest } from './provider-state';

/**
 * Settings → Providers: every provider grouped by what it does, with its state in words, a key
 * field right in its row for those that need one, and "Test connection" for those that connect to
 * something (offline built-ins have nothing to connect to). The last test's result comes from
 * main, so it is still there after leaving the tab. A key typed here goes to main once and is
 * never shown again.
 */
const kindTitles: Record<ProviderKind, string> = {
  script: 'Script writing',
  voice: 'Voices',
  media: 'Stock photos and videos',
  clip: 'Generated clips',
  avatar: 'Talking avatars',
  upscaler: 'Upscaling',
};
const kindOrder: ProviderKind[] = ['voice', 'script', 'media', 'clip', 'avatar', 'upscaler'];

export function ProvidersSection() {
  const { api } = useConnection();
  const [providers, setProviders] = useState<ProviderInfo[]>();
  const [error, setError] = useState<string>();
  const [testing, setTesting] = useState<string>();
  const [drafts, setDrafts] = useState<Record<string, string>>({});

  const load = () => api.listProviders().then(setProviders, (e: Error) => setError(e.message));
  useEffect(() => void load(), []); // eslint-disable-line react-hooks/exhaustive-deps
  const replace = (info: ProviderInfo) => setProviders((all) => all?.map((p) => (p.id === info.id ? info : p)));

  const test = async (p: ProviderInfo) => {
    setTesting(p.id);
    try {
      const res = await api.testProvider(p.id);
      replace({ ...p, lastTest: { ...res, at: new Date().toISOString() } });
    } catch (e) {
      replace({ ...p, lastTest: { id: p.id, ok: false, message: (e as Error).message, ms: 0, at: new Date().toISOString() } });
    } finally {
      setTesting((t) => (t === p.id ? undefined : t));
    }
  };
  const saveKey = async (id: string, key: string | null) => {
    try {
      replace(await api.setProviderKey(id, key));
      setDrafts((d) => ({ ...d, [id]: '' }));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section className="panel providers-panel" data-testid="providers">
      <h2>Providers</h2>
      <p className="meta">Online services are optional: with no keys and no network everything works offline. Keys are kept on this computer and never shown again.</p>
      {error ? <pre className="job-error">{error}</pre> : null}
      {!providers ? <p>Loading providers…</p> : (
        <div data-testid="provider-table">
          {kindOrder.map((kind) => {
            const ofKind = providers.filter((p) => p.kind === kind);
            if (!ofKind.length) return null;
            return (
              <div key={kind} className="provider-group">
                <h3>{kindTitles[kind]}</h3>
                {ofKind.map((p) => {
                  const state = providerState(p);
                  return (
                    <div key={p.id} className="provider-row" data-testid={`provider-${p.id}`} data-state={state.tone}>
                      <div className="provider-what">
                        <strong>{p.name}</strong> <span className="meta small">{p.offline ? 'on this computer' : 'online'}{p.capabilities.costNotes ? ` · ${p.capabilities.costNotes}` : ''}</span>
                        <div className="meta small">{p.description}{p.offline ? '' : ` Sends ${p.sends}.`}</div>
                      </div>
                      <div className={`provider-state ${state.tone}`} data-testid={`provider-status-${p.id}`}>
                        <strong>{state.title}</strong>
                        {state.detail ? <span data-testid={`provider-test-${p.id}`}> {state.detail}</span> : null}
                      </div>
                      <div className="provider-actions">
                        {p.needs.apiKey ? (
                          <span className="row">
                            <input type="password" autoComplete="off" placeholder={p.status.keySource ? 'paste a new key to replace it' : 'paste your API key'} value={drafts[p.id] ?? ''} aria-label={`${p.name} API key`}
                              onChange={(e) => setDrafts((d) => ({ ...d, [p.id]: e.target.value }))} onKeyDown={(e) => e.key === 'Enter' && drafts[p.id]?.trim() && void saveKey(p.id, drafts[p.id]!.trim())} data-testid={`provider-key-${p.id}`} />
                            <button disabled={!drafts[p.id]?.trim()} onClick={() => void saveKey(p.id, drafts[p.id]!.trim())}>Save key</button>
                            {p.status.keySource ? <button onClick={() => void saveKey(p.id, null)}>Forget key</button> : null}
                          </span>
                        ) : null}
                        {takesTest(p) ? (
                          <button onClick={() => void test(p)} disabled={testing === p.id} data-testid={`provider-test-button-${p.id}`}>
                            {testing === p.id ? 'Testing…' : 'Test connection'}
                          </button>
                        ) : null}
                      </div>
                    </div>
                  );
                })}
              </div>
            );
          })}
        </div>
      )}
    </section>
  );
}
