import { upscalerProviders, type SettingsPatch } from '../../preload/contract/settings';
import { useStudio } from '../app/studio-context';
import { encoderChoices } from './encoder-choices';
import { TextSetting } from './text-setting';

const upscalerWords: Record<(typeof upscalerProviders)[number], string> = {
  auto: 'Best available (graphics card if one works)',
  cuda: 'NVIDIA graphics card (CUDA)',
  dml: 'Graphics card through DirectX 12 (Windows)',
  coreml: 'Apple Neural Engine / GPU (Core ML)',
  webgpu: 'Graphics card through WebGPU',
  cpu: 'Processor (slow, always works)',
};

const jobKinds = [
  ['cpu', 'Exports on the processor', 16],
  ['gpu', 'Exports on the graphics card', 8],
  ['upscale', 'Upscales', 4],
] as const;

/** How videos are made: the encoder as plain choices, preview size, how many jobs run side by side, upscaling. */
export function RenderingSection() {
  const s = useStudio((s) => ({ settings: s.settings!, caps: s.capabilities, update: s.updateSettings }));
  const { settings, caps } = s;
  const save = (patch: SettingsPatch) => void s.update(patch);
  return (
    <>
      <section className="panel" data-testid="rendering-section">
        <h2>Making videos</h2>
        <label>
          Speed or compatibility
          <select value={settings.encoder} onChange={(e) => save({ encoder: e.target.value })} data-testid="encoder-preference">
            {encoderChoices(caps?.encoders, settings.encoder).map((c) => <option key={c.value} value={c.value}>{c.label}</option>)}
          </select>
          <span className="meta small">Used by previews and exports. ✓ means a test video was made that way on this computer.</span>
        </label>
        <label>
          Preview size (height in pixels)
          <input type="number" min={144} max={1080} value={settings.previewHeight} onChange={(e) => { const v = Number(e.target.value); if (v >= 144 && v <= 1080) save({ previewHeight: v }); }} data-testid="preview-height" />
          <span className="meta small">Smaller previews come back sooner; exports always use the video’s full size.</span>
        </label>
        <h3>Jobs at the same time</h3>
        <p className="meta small" data-testid="concurrency-explained">How many exports and upscales the queue works on side by side: more finishes a batch sooner on a computer with power to spare, but each one slows the others.</p>
        <div className="row">
          {jobKinds.map(([k, label, max]) => (
            <label key={k}>
              {label}
              <input type="number" min={1} max={max} value={settings.concurrency[k]} onChange={(e) => { const v = Number(e.target.value); if (Number.isInteger(v) && v >= 1 && v <= max) save({ concurrency: { [k]: v } }); }} data-testid={`concurrency-${k}`} />
            </label>
          ))}
        </div>
        <p className="meta small">Changes apply to the next job the queue starts.</p>
      </section>
      <section className="panel">
        <h2>Upscaling</h2>
        <p className="meta small">Used when an export asks for ×2 or ×4.</p>
        <label>
          Runs on
          <select value={settings.upscalerProvider} onChange={(e) => save({ upscalerProvider: e.target.value as SettingsPatch['upscalerProvider'] })} data-testid="upscaler-provider">
            {upscalerProviders.map((p) => <option key={p} value={p}>{upscalerWords[p]}</option>)}
          </select>
        </label>
        <UpscalingFolder />
        {(caps?.upscalerProviders ?? []).length || caps?.upscalerPending ? (
          <details className="details-fold">
            <summary>Details</summary>
            <ul className="meta small">
              {(caps?.upscalerProviders ?? []).map((p) => <li key={p.name}>{p.name}: {p.available ? 'available' : p.reason ?? 'not available'}</li>)}
            </ul>
            {caps?.upscalerPending ? <p className="meta small">{caps.upscalerPending}</p> : null}
          </details>
        ) : null}
      </section>
    </>
  );
}

function UpscalingFolder() {
  const s = useStudio((s) => ({ folder: s.settings!.modelFolder, update: s.updateSettings }));
  return <TextSetting label="Upscaling models folder" value={s.folder} placeholder="the app's models folder" onSave={(v) => void s.update({ modelFolder: v })} testId="model-folder" />;
}
