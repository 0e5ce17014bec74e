import { useEffect, useState } from 'react';
import type { ProviderInfo, ProviderTestResult } from '../../preload/contract/providers';
import { useConnection } from '../app/studio-context';

/**
 * Settings → Providers: every provider with what it is, whether it works offline, its status, a
 * key field for those that need one, and a "Test connection" button that makes one real call.
 * A key typed here goes to main once and is never shown again (only where it is kept).
 */
/** The natural voice's own help names a command and a folder (for the CLI); the studio points to its button instead. */
const shown = (id: string, ok: boolean, text: string) => (id === 'neural' && !ok ? 'not installed: download it, or import a model file, under “Natural voices” above' : text);

export function ProvidersSection() {
  const { api } = useConnection();
  const [providers, setProviders] = useState<ProviderInfo[]>();
  const [error, setError] = useState<string>();
  const [results, setResults] = useState<Record<string, ProviderTestResult | 'testing'>>({});
  const [drafts, setDrafts] = useState<Record<string, string>>({});

  const load = () => api.listProviders().then(setProviders, (e: Error) => setError(e.message));
  useEffect(() => void load(), []); // eslint-disable-line react-hooks/exhaustive-deps

  const test = async (id: string) => {
    setResults((r) => ({ ...r, [id]: 'testing' }));
    try {
      const res = await api.testProvider(id);
      setResults((r) => ({ ...r, [id]: res }));
    } catch (e) {
      setResults((r) => ({ ...r, [id]: { id, ok: false, message: (e as Error).message, ms: 0 } }));
    }
  };
  const saveKey = async (id: string, key: string | null) => {
    try {
      const info = await api.setProviderKey(id, key);
      setProviders((all) => all?.map((p) => (p.id === id ? info : p)));
      setDrafts((d) => ({ ...d, [id]: '' }));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section className="panel" data-testid="providers" style={{ gridColumn: '1 / -1' }}>
      <h2>Providers</h2>
      <p className="meta">Online services are optional: with no keys and no network everything works offline as before.</p>
      {error ? <pre className="job-error">{error}</pre> : null}
      {!providers ? <p>Loading providers…</p> : (
        <table className="caps" data-testid="provider-table">
          <thead>
            <tr><th>Kind</th><th>Provider</th><th>Where</th><th>Status</th><th>Key</th><th /></tr>
          </thead>
          <tbody>
            {providers.map((p) => {
              const r = results[p.id];
              return (
                <tr key={p.id} data-testid={`provider-${p.id}`}>
                  <td>{p.kind}</td>
                  <td title={`${p.description}\nSends: ${p.sends}${p.capabilities.costNotes ? `\nCost: ${p.capabilities.costNotes}` : ''}`}>{p.name}</td>
                  <td>{p.offline ? 'offline' : 'online'}</td>
                  <td data-testid={`provider-status-${p.id}`}>
                    <strong>{p.status.ready ? 'ready' : 'not set up'}</strong> — {shown(p.id, p.status.ready, p.status.reason)}
                    {r && r !== 'testing' ? <div className={r.ok ? 'meta' : 'job-error'} data-testid={`provider-test-${p.id}`}>{r.ok ? '✓' : '✗'} {shown(p.id, r.ok, r.message)}</div> : null}
                  </td>
                  <td>
                    {p.needs.apiKey ? (
                      <span className="row">
                         <input type="password" autoComplete="off" style={{ minWidth: 180 }} placeholder={p.status.keySource ? 'key set' : 'paste API key'} value={drafts[p.id] ?? ''}
                          onChange={(e) => setDrafts((d) => ({ ...d, [p.id]: e.target.value }))} data-testid={`provider-key-${p.id}`} />
                        <button disabled={!drafts[p.id]?.trim()} onClick={() => void saveKey(p.id, drafts[p.id]!.trim())}>Save</button>
                        {p.status.keySource ? <button onClick={() => void saveKey(p.id, null)}>Forget</button> : null}
                      </span>
                    ) : '—'}
                  </td>
                  <td>
                    <button onClick={() => void test(p.id)} disabled={r === 'testing'} data-testid={`provider-test-button-${p.id}`}>
                      {r === 'testing' ? 'Testing…' : 'Test connection'}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
