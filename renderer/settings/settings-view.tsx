import { useEffect, useState } from 'react';
import { upscalerProviders, type SettingsPatch } from '../../preload/contract/settings';
import { useStudio } from '../app/studio-context';
import { ProvidersSection } from './providers-section';
import { NaturalVoices } from '../create/natural-voices';
import { FarmSection } from './farm-section';
import { bundledCredits } from '../../preload/contract/credits';

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
          <select value={settings.encoder} onChange={(e) => save({ encoder: e.target.value })} data-testid="encoder-preference">
            <option value="auto">Automatic (hardware if verified, else libx264)</option>
            {(s.caps?.encoders ?? []).filter((e) => e.works).map((e) => (
              <option key={e.name} value={e.name}>{e.name} ({e.hardware ? 'hardware' : 'software'})</option>
            ))}
            {settings.encoder !== 'auto' && !(s.caps?.encoders ?? []).some((e) => e.works && e.name === settings.encoder) ? <option value={settings.encoder}>{settings.encoder} (not verified here)</option> : null}
          </select>
          <span className="meta small">Used by previews and exports; an export can still choose another.</span>
        </label>
        <label>
          Preview height (px)
          <input type="number" min={144} max={1080} value={settings.previewHeight} onChange={(e) => { const v = Number(e.target.value); if (v >= 144 && v <= 1080) save({ previewHeight: v }); }} data-testid="preview-height" />
        </label>
        <h3>At once</h3>
        <div className="row">
          {([['cpu', 'CPU renders', 16], ['gpu', 'GPU renders', 8], ['upscale', 'Upscales', 4]] as const).map(([k, label, max]) => (
            <label key={k}>
              {label}
              <input type="number" min={1} max={max} value={settings.concurrency[k]} onChange={(e) => { const v = Number(e.target.value); if (Number.isInteger(v) && v >= 1 && v <= max) save({ concurrency: { [k]: v } }); }} data-testid={`concurrency-${k}`} />
            </label>
          ))}
        </div>
        <p className="meta small">Applies to the next job the queue starts, without a restart.</p>
      </section>
      <section className="panel" data-testid="settings-voices">
        <h2>Natural voices</h2>
        <NaturalVoices testId="settings-natural" />
      </section>
      <section className="panel">
        <h2>Script writer</h2>
        <p className="meta small">A language model with an OpenAI-compatible API (Ollama, LM Studio, llama.cpp server) writes the script when a new video starts from a topic. Empty: the template’s structure writes it.</p>
        <TextSetting label="Address" value={settings.llm.baseUrl} placeholder="http://127.0.0.1:11434/v1" onSave={(v) => save({ llm: { ...settings.llm, baseUrl: v.trim() } })} testId="llm-url" />
        <TextSetting label="Model" value={settings.llm.model} placeholder="llama3.2" onSave={(v) => save({ llm: { ...settings.llm, model: v.trim() } })} testId="llm-model" />
      </section>
      <section className="panel">
        <h2>Upscaling</h2>
        <p className="meta small">Used when an export asks for ×2 or ×4.</p>
        <label>
          Execution provider
          <select value={settings.upscalerProvider} onChange={(e) => save({ upscalerProvider: e.target.value as SettingsPatch['upscalerProvider'] })} data-testid="upscaler-provider">
            {upscalerProviders.map((p) => <option key={p} value={p}>{p}</option>)}
          </select>
        </label>
        <TextSetting label="Upscaling models folder" value={settings.modelFolder} placeholder="the app's models folder" onSave={(v) => save({ modelFolder: v })} testId="model-folder" />
        {(s.caps?.upscalerProviders ?? []).length ? (
          <ul className="meta">
            {s.caps!.upscalerProviders.map((p) => <li key={p.name}>{p.name}: {p.available ? 'available' : p.reason ?? 'not available'}</li>)}
          </ul>
        ) : null}
        {s.caps?.upscalerPending ? <p className="meta">{s.caps.upscalerPending}</p> : null}
      </section>
      <ProvidersSection />
      <FarmSection />
      <section className="panel">
        <h2>Updates</h2>
        <label>
          <input type="checkbox" checked={settings.checkForUpdates} onChange={(e) => save({ checkForUpdates: e.target.checked })} data-testid="check-for-updates" />
          Check for updates when the app starts (the installed app only; Help → Check for Updates… asks at any time)
        </label>
      </section>
      <section className="panel" data-testid="credits">
        <h2>Credits</h2>
        <ul className="credits">
          {bundledCredits.map((c) => (
            <li key={c.name}>
              <strong>{c.name}</strong> by {c.author} ({c.license}): {c.what}. <span className="meta small">{c.url}</span>
            </li>
          ))}
        </ul>
      </section>
    </div>
  );
}
