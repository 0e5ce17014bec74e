import { useEffect, useState } from 'react';
import type { FarmSettingsView, FarmStatus, FarmWorkerView } from '../../preload/contract/farm';
import { useConnection, useStudio } from '../app/studio-context';
import { fmtBytes } from '../editor/export-estimate';

/** "chunk 2/4 of “Title”", or the whole job when it is one chunk (a batch row). */
export const workWords = (w: FarmWorkerView['work'][number]) => {
  const what = w.title ? `“${w.title}”` : `job ${w.job.slice(0, 8)}`;
  return w.count > 1 ? `chunk ${w.index + 1}/${w.count} of ${what}` : what;
};

/**
 * Settings → Render farm: the farm's Redis (its password typed once, kept by main, never shown),
 * whether exports render on it, a Test that looks at the farm, and its workers as their heartbeats
 * describe them: host, verified encoders, ONNX Runtime providers, free disk, current work.
 */
export function FarmSection() {
  const { api } = useConnection();
  const reloadSettings = useStudio((s) => s.loadSettings);
  const [farm, setFarm] = useState<FarmSettingsView>();
  const [url, setUrl] = useState('');
  const [password, setPassword] = useState('');
  const [enabled, setEnabled] = useState(false);
  const [chunkSeconds, setChunkSeconds] = useState(20);
  const [status, setStatus] = useState<FarmStatus | 'testing'>();
  const [error, setError] = useState<string>();
  const [watching, setWatching] = useState(false);

  const loaded = (f: FarmSettingsView) => {
    setFarm(f);
    setUrl(f.url);
    setEnabled(f.enabled);
    setChunkSeconds(f.chunkSeconds);
    setPassword('');
  };
  useEffect(() => void api.getFarm().then(loaded, (e: Error) => setError(e.message)), []); // eslint-disable-line react-hooks/exhaustive-deps

  const look = async () => {
    try {
      setStatus(await api.farmStatus());
    } catch (e) {
      setError((e as Error).message);
    }
  };
  // once tested, the list follows the workers' heartbeats while this screen is open
  useEffect(() => {
    if (!watching) return;
    const t = setInterval(() => void look(), 2000);
    return () => clearInterval(t);
  }, [watching]); // eslint-disable-line react-hooks/exhaustive-deps

  const save = async (opts: { forget?: boolean } = {}) => {
    setError(undefined);
    try {
      loaded(await api.setFarm({ url, enabled, chunkSeconds, ...(opts.forget ? { password: null } : password ? { password } : {}) }));
      await reloadSettings();
      return true;
    } catch (e) {
      setError((e as Error).message);
      return false;
    }
  };
  const test = async () => {
    if (!(await save())) return;
    setStatus('testing');
    await look();
    setWatching(true);
  };

  const s = status === 'testing' ? undefined : status;
  return (
    <section className="panel" data-testid="farm" style={{ gridColumn: '1 / -1' }}>
      <h2>Render farm</h2>
      <p className="meta small">
        Workers on other machines (<code>reelforge worker --farm redis://…</code>) render parts of this studio’s exports. Only Redis and this studio are shared: workers fetch each part’s
        files from here by hash, with a token, and send the rendered part back. Provider keys never leave this machine.
      </p>
      {error ? <pre className="job-error" data-testid="farm-error">{error}</pre> : null}
      <div className="row" style={{ alignItems: 'flex-end' }}>
        <label>
          Redis URL
          <input value={url} placeholder="redis://farm-host:6379" style={{ minWidth: 280 }} onChange={(e) => setUrl(e.target.value)} data-testid="farm-url" />
        </label>
        <label>
          Password
          <input type="password" autoComplete="off" value={password} placeholder={farm?.passwordSet ? 'password set' : 'none (loopback only)'} onChange={(e) => setPassword(e.target.value)} data-testid="farm-password" />
        </label>
        {farm?.passwordSet ? <button style={{ margin: '8px 0' }} onClick={() => void save({ forget: true })} data-testid="farm-forget-password">Forget password</button> : null}
      </div>
      <label className="check">
        <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} data-testid="farm-enabled" />
        Render exports on the farm
      </label>
      <label>
        Chunk length (s)
        <input type="number" min={1} max={3600} style={{ maxWidth: 120 }} value={chunkSeconds} onChange={(e) => { const v = Number(e.target.value); if (v >= 1 && v <= 3600) setChunkSeconds(v); }} data-testid="farm-chunk-seconds" />
        <span className="meta small">An export is cut into parts of at least this length, only where scenes meet with a cut.</span>
      </label>
      <div className="actions">
        <button onClick={() => void save()} data-testid="farm-save">Save</button>
        <button onClick={() => void test()} disabled={status === 'testing' || !url.trim()} data-testid="farm-test">{status === 'testing' ? 'Testing…' : 'Test'}</button>
      </div>
      {s ? (
        <p className={s.reachable ? 'meta' : 'job-error'} data-testid="farm-status">
          {s.reachable
            ? `✓ Redis ${s.redisVersion ?? ''} at ${s.url}: ${s.workers.length} worker${s.workers.length === 1 ? '' : 's'}. ${s.persistence ?? ''}`
            : `✗ ${s.error ?? 'not reachable'}`}
        </p>
      ) : null}
      {s?.reachable ? (
        <table className="caps" data-testid="farm-workers">
          <thead>
            <tr><th>Worker</th><th>Host</th><th>Encoders</th><th>ONNX Runtime</th><th>Free disk</th><th>Heartbeat</th><th>Working on</th></tr>
          </thead>
          <tbody>
            {s.workers.map((w) => (
              <tr key={w.name} data-testid="farm-worker" data-worker={w.name}>
                <td>{w.name}</td>
                <td>{w.host}</td>
                <td>{w.encoders.join(', ') || 'none'}</td>
                <td>{w.providers.join(', ') || 'none'}</td>
                <td>{fmtBytes(w.freeDiskBytes)}</td>
                <td data-testid="farm-heartbeat">{w.heartbeatSecondsAgo} s ago</td>
                <td data-testid="farm-work">{w.work.length ? w.work.map(workWords).join(', ') : 'idle'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
