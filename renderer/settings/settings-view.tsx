import { useEffect, useState } from 'react';
import type { SettingsPatch } from '../../preload/contract/settings';
import { useStudio } from '../app/studio-context';
import { ProvidersSection } from './providers-section';
import { NaturalVoices } from '../create/natural-voices';
import { FarmSection } from './farm-section';
import { bundledCredits } from '../../preload/contract/credits';
import { FfmpegSection } from './ffmpeg-section';
import { RenderingSection } from './rendering-section';
import { TextSetting } from './text-setting';

type SettingsTab = 'general' | 'providers' | 'farm';

export function SettingsView() {
  const s = useStudio((s) => ({ settings: s.settings, caps: s.capabilities, update: s.updateSettings, check: s.checkCapabilities }));
  const [tab, setTab] = useState<SettingsTab>('general');
  useEffect(() => {
    if (!s.caps) void s.check(false);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  const settings = s.settings;
  if (!settings) return <p>Loading settings…</p>;
  const save = (patch: SettingsPatch) => void s.update(patch);

  return (
    <div className="settings-page">
      <nav className="settings-tabs" role="tablist">
        {([['general', 'General'], ['providers', 'Providers'], ['farm', 'Render farm']] as const).map(([t, label]) => (
          <button key={t} role="tab" aria-selected={tab === t} className={`tab${tab === t ? ' active' : ''}`} onClick={() => setTab(t)} data-testid={`settings-tab-${t}`}>
            {label}
          </button>
        ))}
      </nav>
      {tab === 'providers' ? (
        <div className="settings" data-testid="settings">
          <ProvidersSection />
        </div>
      ) : tab === 'farm' ? (
        <div className="settings" data-testid="settings">
          <FarmSection />
        </div>
      ) : (
        <div className="settings" data-testid="settings">
          <FfmpegSection />
          <RenderingSection />
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
            <h2>Updates</h2>
            <label className="check">
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
      )}
    </div>
  );
}
