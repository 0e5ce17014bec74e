import { useEffect, useState } from 'react';
import { captionModes, type CaptionMode } from '../../preload/contract/make';
import { outputFormat, presets, type PresetName } from '../../preload/contract/project';
import { useConnection, useStudio } from '../app/studio-context';
import { totalSeconds } from '../state/timeline-ops';
import { estimateBytes, estimateSeconds, fmtBytes, fmtDuration } from './export-estimate';

const qualities = [
  { value: 18, label: 'Best (large file)' },
  { value: 23, label: 'Good' },
  { value: 28, label: 'Small file' },
];
const captionWords: Record<CaptionMode, string> = { burn: 'In the picture', sidecar: 'As caption files (.srt, .vtt, .ass) beside it', both: 'Both', none: 'No captions' };

/** The export's choices: format, quality, encoder (only those verified on this machine), captions, upscale, folder. */
/** A title as a file name: the characters file systems refuse taken out. */
export const fileNameFor = (title: string) => title.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 100) || 'video';

export function ExportDialog({ onClose }: { onClose(): void }) {
  const { api, transport } = useConnection();
  const inBrowser = transport === 'bridge';
  const s = useStudio((s) => ({
    title: s.history!.present.title,
    seconds: totalSeconds(s.history!.present),
    fps: outputFormat(s.history!.present.settings).fps,
    jobs: s.jobs,
    outputs: s.outputs,
    describe: s.describeOutput,
    preset: s.history!.present.settings.preset,
    // numbers, not an object: a new object on every read would never compare equal
    width: outputFormat(s.history!.present.settings).width,
    height: outputFormat(s.history!.present.settings).height,
    quality: s.history!.present.settings.quality,
    encoderSetting: s.settings?.encoder ?? 'auto',
    caps: s.capabilities,
    checking: s.checkingCapabilities,
    check: s.checkCapabilities,
    enqueue: s.enqueueRender,
    setView: s.setView,
  }));
  const [preset, setPreset] = useState<PresetName>(s.preset);
  const [quality, setQuality] = useState(qualities.some((q) => q.value === s.quality) ? s.quality : 23);
  const [encoder, setEncoder] = useState(s.encoderSetting);
  const [captions, setCaptions] = useState<CaptionMode>('burn');
  const [upscale, setUpscale] = useState<0 | 2 | 4>(0);
  const [folder, setFolder] = useState('');
  const [rendersDir, setRendersDir] = useState('');
  const [name, setName] = useState(fileNameFor(s.title));
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!s.caps && !s.checking) void s.check(false);
    void api.getAppInfo().then((i) => setRendersDir(`${i.home}/renders`), () => {});
    // the last exports made here time the estimate
    for (const j of Object.values(s.jobs).filter((j) => j.kind === 'render' && j.state === 'completed').slice(-5)) void s.describe(j.id);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  const working = (s.caps?.encoders ?? []).filter((e) => e.works);

  const size = preset === s.preset ? { width: s.width, height: s.height } : presets[preset];
  const bytes = estimateBytes({ ...size, fps: s.fps, seconds: s.seconds, quality, upscale: upscale || 1 });
  const history = Object.values(s.jobs)
    .filter((j) => j.state === 'completed' && s.outputs[j.id])
    .sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1))
    .map((job) => ({ job, info: s.outputs[job.id]! }));
  const seconds = estimateSeconds({ ...size, seconds: s.seconds }, history);
  const badName = /[\\/:*?"<>|]/.test(name);

  const browse = async () => {
    try {
      const r = await api.chooseFolder({ title: 'Where should the video go?' });
      if (r.path) setFolder(r.path);
    } catch {
      // no dialog here (a browser): the video downloads instead
    }
  };

  const start = async () => {
    setBusy(true);
    const fileName = name.trim() || undefined;
    const queued = await s.enqueue(
      { preset, quality, encoder, captions, upscale: upscale || undefined, outputDir: inBrowser ? undefined : folder.trim() || undefined, fileName },
      inBrowser ? `${fileName ?? fileNameFor(s.title)}.mp4` : undefined,
    );
    setBusy(false);
    if (queued) {
      onClose();
      s.setView('queue');
    }
  };

  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div className="modal panel" role="dialog" aria-modal="true" aria-label="Export" onClick={(e) => e.stopPropagation()} data-testid="export-dialog">
        <h2>Export video</h2>
        <div className="row">
          <label>
            Format
            <select value={preset} onChange={(e) => setPreset(e.target.value as PresetName)} data-testid="export-preset">
              {(Object.keys(presets) as PresetName[]).map((p) => (
                <option key={p} value={p}>
                  {p === s.preset ? `this project’s size · ${s.width}×${s.height}` : `${p} · ${presets[p].width}×${presets[p].height}`}
                </option>
              ))}
            </select>
          </label>
          <label>
            Quality
            <select value={quality} onChange={(e) => setQuality(Number(e.target.value))} data-testid="export-quality">
              {qualities.map((q) => <option key={q.value} value={q.value}>{q.label}</option>)}
            </select>
          </label>
        </div>
        <label>
          Encoder
          <select value={encoder} onChange={(e) => setEncoder(e.target.value)} data-testid="export-encoder">
            <option value="auto">Automatic (fastest that works here)</option>
            {working.map((e) => <option key={e.name} value={e.name}>{e.name} · {e.hardware ? 'hardware' : 'software'}</option>)}
            {encoder !== 'auto' && !working.some((e) => e.name === encoder) ? <option value={encoder}>{encoder} (from Settings)</option> : null}
          </select>
          <span className="meta small">{s.checking ? 'Checking which encoders work on this machine…' : `${working.length} verified on this machine`}</span>
        </label>
        <fieldset>
          <legend>Captions</legend>
          {captionModes.map((m) => (
            <label key={m} className="check">
              <input type="radio" name="captions" checked={captions === m} onChange={() => setCaptions(m)} data-testid={`export-captions-${m}`} /> {captionWords[m]}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Upscale</legend>
          <div className="segmented">
            {([0, 2, 4] as const).map((u) => (
              <button type="button" key={u} className={upscale === u ? 'on' : ''} onClick={() => setUpscale(u)} data-testid={`export-upscale-${u}`}>
                {u === 0 ? 'No' : `×${u}`}
              </button>
            ))}
          </div>
          {upscale ? <p className="meta small">Real-ESRGAN on this machine after the render; it takes a while.</p> : null}
        </fieldset>
        <label>
          File name
          <span className="with-suffix">
            <input value={name} onChange={(e) => setName(e.target.value)} data-testid="export-name" aria-invalid={badName} />
            <span className="meta">.mp4</span>
          </span>
          {badName ? <span className="field-error">A file name cannot hold / \ : * ? " &lt; &gt; |</span> : null}
        </label>
        {inBrowser ? (
          <p className="meta" data-testid="export-download-note">
            When it is ready, the video downloads to this computer (your browser’s downloads folder). It also stays in the Queue.
          </p>
        ) : null}
        {inBrowser ? null : (
          <label>
            Folder
            <span className="with-suffix">
              <input value={folder} onChange={(e) => setFolder(e.target.value)} placeholder={rendersDir || 'the renders folder'} data-testid="export-folder" />
              <button type="button" onClick={() => void browse()} data-testid="export-browse">
                Browse…
              </button>
            </span>
          </label>
        )}
        <p className="estimate" data-testid="export-estimate">
          About <strong data-testid="export-size">{fmtBytes(bytes)}</strong> for {fmtDuration(s.seconds)} of video ·{' '}
          {seconds !== undefined ? (
            <>
              about <strong data-testid="export-time">{fmtDuration(seconds)}</strong> to make here{upscale ? ', plus the upscale' : ''}
            </>
          ) : (
            <span data-testid="export-time">the time is shown once this machine has made an export to measure</span>
          )}
        </p>
        <div className="actions end">
          <button onClick={onClose} data-testid="export-cancel">Cancel</button>
          <button className="primary" onClick={() => void start()} disabled={busy || badName} data-testid="export-start">
            {busy ? 'Queuing…' : 'Export'}
          </button>
        </div>
      </div>
    </div>
  );
}
