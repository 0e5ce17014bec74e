import { useEffect, useState } from 'react';
import { encoderPreferences, upscalerProviders, type SettingsPatch } from '../../preload/contract/settings';
import { useStudio } from '../app/studio-context';
import { ProvidersSection } from './providers-section';

/** A text setting saved when the field loses focus, not on every keystroke. */
function TextSetting({ label, value, onSave, testId, placeholder }: { label: string; value: string; onSave(v: string): void; testId: string; placeholder?: string }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return (
    <label>
      {label}
      <input value={draft} placeholder={placeholder} onChange={(e) => setDraft(e.target.value)} onBlur={() => draft !== value && onSave(draft)} data-testid={testId} />
    </label>
  );
}

export function SettingsView() {
  const s = useStudio((s) => ({
    settings: s.settings,
    caps: s.capabilities,
    checking: s.checkingCapabilities,
    update: s.updateSettings,
    chooseFfmpeg: s.chooseFfmpeg,
    check: s.checkCapabilities,
  }));
  useEffect(() => {
    if (!s.caps) void s.check(false);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  const settings = s.settings;
  if (!settings) return <p>Loading settings…</p>;
  const save = (patch: SettingsPatch) => void s.update(patch);

  return (
    <div className="settings" data-testid="settings">
      <section className="panel">
        <h2>FFmpeg</h2>
        {/* The binary is picked in the main process's file dialog and checked there; the page never sends a path to run. */}
        <div className="ffmpeg-choice">
          <span data-testid="ffmpeg-path">{settings.ffmpegPath || 'found automatically'}</span>
          <button onClick={() => void s.chooseFfmpeg()} data-testid="choose-ffmpeg">Choose…</button>
          {settings.ffmpegPath ? (
            <button onClick={() => save({ ffmpegPath: '' })} data-testid="clear-ffmpeg">Find automatically</button>
          ) : null}
        </div>
        {s.caps?.ffmpeg ? (
          <p className="meta" data-testid="ffmpeg-found">
            Using {s.caps.ffmpeg.path} (version {s.caps.ffmpeg.version}, {s.caps.ffmpeg.source})
          </p>
        ) : null}
        {s.caps?.ffmpegError ? <pre className="job-error">{s.caps.ffmpegError}</pre> : null}
        <button onClick={() => void s.check(true)} disabled={s.checking} data-testid="check-ffmpeg">
          {s.checking ? 'Checking encoders…' : 'Check again'}
        </button>
        <table className="caps" data-testid="encoder-table">
          <thead>
            <tr><th>Encoder</th><th>Kind</th><th>Works here</th><th>Why not</th></tr>
          </thead>
          <tbody>
            {(s.caps?.encoders ?? []).map((e) => (
              <tr key={e.name} className={e.works ? 'ok' : 'no'}>
                <td>{e.name}</td>
                <td>{e.hardware ? 'hardware' : 'software'}</td>
                <td>{e.works ? 'yes' : 'no'}</td>
                <td>{e.works ? '' : e.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="panel">
        <h2>Rendering</h2>
        <label>
          Encoder preference
          <select value={settings.encoderPreference} onChange={(e) => save({ encoderPreference: e.target.value as SettingsPatch['encoderPreference'] })} data-testid="encoder-preference">
            {encoderPreferences.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </label>
        <TextSetting label="Encoder (auto, a family such as nvenc, or a name such as libx264)" value={settings.encoder} onSave={(v) => v && save({ encoder: v })} testId="encoder" />
        <label>
          Preview height (px)
          <input type="number" min={144} max={1080} value={settings.previewHeight} onChange={(e) => save({ previewHeight: Number(e.target.value) })} />
        </label>
        <h3>Concurrency</h3>
        <div className="row">
          {(['cpu', 'gpu', 'upscale'] as const).map((k) => (
            <label key={k}>
              {k === 'cpu' ? 'CPU renders' : k === 'gpu' ? 'GPU renders' : 'Upscales'}
              <input type="number" min={1} max={16} value={settings.concurrency[k]} onChange={(e) => save({ concurrency: { [k]: Number(e.target.value) } })} data-testid={`concurrency-${k}`} />
            </label>
          ))}
        </div>
      </section>
      <section className="panel">
        <h2>Upscaling</h2>
        <label>
          Execution provider
          <select value={settings.upscalerProvider} onChange={(e) => save({ upscalerProvider: e.target.value as SettingsPatch['upscalerProvider'] })} data-testid="upscaler-provider">
            {upscalerProviders.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </label>
        <TextSetting label="Model folder" value={settings.modelFolder} placeholder="the app's models folder" onSave={(v) => save({ modelFolder: v })} testId="model-folder" />
        {(s.caps?.upscalerProviders ?? []).length ? (
          <ul className="meta">
            {s.caps!.upscalerProviders.map((p) => <li key={p.name}>{p.name}: {p.available ? 'available' : p.reason ?? 'not available'}</li>)}
          </ul>
        ) : null}
        {s.caps?.upscalerPending ? <p className="meta">{s.caps.upscalerPending}</p> : null}
      </section>
      <ProvidersSection />
    </div>
  );
}
