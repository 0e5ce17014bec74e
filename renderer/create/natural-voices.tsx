import { useEffect, useRef } from 'react';
import type { VoiceModelState } from '../../preload/contract/voice-model';
import { filesToSources } from '../api/file-sources';
import { useConnection, useStudio } from '../app/studio-context';

/** 1.2 MB, 326 MB, 18 KB: sizes as a person reads them. */
export function bytesInWords(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(1)} GB`;
  if (n >= 1e6) return `${n >= 1e7 ? Math.round(n / 1e6) : (n / 1e6).toFixed(1)} MB`;
  if (n >= 1e3) return `${n >= 1e4 ? Math.round(n / 1e3) : (n / 1e3).toFixed(1)} KB`;
  return `${Math.round(n)} bytes`;
}

function timeLeft(seconds: number): string {
  if (seconds < 60) return `about ${Math.max(1, Math.round(seconds))} s left`;
  if (seconds < 3600) return `about ${Math.round(seconds / 60)} min left`;
  return `about ${(seconds / 3600).toFixed(1)} h left`;
}

/** "120 MB of 326 MB · 4.1 MB/s · about 50 s left" */
export function progressWords(m: VoiceModelState): string {
  const parts = [`${bytesInWords(m.received)} of ${bytesInWords(m.total)}`];
  if (m.phase === 'downloading' && m.bytesPerSecond) parts.push(`${bytesInWords(m.bytesPerSecond)}/s`);
  if (m.phase === 'downloading' && m.secondsLeft !== undefined) parts.push(timeLeft(m.secondsLeft));
  return parts.join(' · ');
}

/**
 * "Natural voices": the one place a creator gets the natural (Kokoro) voices — one click downloads
 * them with progress, pause, resume and cancel; "Import a model file…" installs them on a machine
 * without network. Compact in the voice pickers (gone once installed), full in Settings.
 */
export function NaturalVoices({ compact = false, testId = 'natural-voices' }: { compact?: boolean; testId?: string }) {
  const conn = useConnection();
  const { model, act, importModel, reportError } = useStudio((s) => ({ model: s.voiceModel, act: s.voiceModelAction, importModel: s.importVoiceModel, reportError: s.reportError }));
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (!model) void act('status');
  }, [model, act]);
  if (!model || (compact && model.phase === 'installed')) return null;

  const choose = async (files: File[]) => {
    if (!files[0]) return;
    try {
      const [source] = await filesToSources([files[0]], conn);
      await importModel(source!);
    } catch (err) {
      reportError(err, 'Importing the model file');
    }
  };
  const importButton = (
    <>
      <button type="button" onClick={() => input.current?.click()} data-testid={`${testId}-import`}>
        Import a model file…
      </button>
      <input ref={input} type="file" accept=".onnx" hidden onChange={(e) => void choose([...(e.target.files ?? [])]).then(() => (e.target.value = ''))} data-testid={`${testId}-file`} />
    </>
  );
  const pct = model.total ? Math.min(100, (100 * model.received) / model.total) : 0;
  const bar = (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={model.total} aria-valuenow={model.received} aria-label="Natural voices download">
      <div className="bar" style={{ width: `${pct}%` }} />
      <span className="pct">{Math.floor(pct)} %</span>
    </div>
  );

  let body;
  switch (model.phase) {
    case 'installed':
      body = <p className="meta">✓ Natural voices are installed on this computer ({model.source === 'import' ? 'from a model file' : model.source === 'app' ? 'they came with the app' : 'downloaded'}, {bytesInWords(model.total)}). They come first in every voice picker.</p>;
      break;
    case 'downloading':
    case 'checking':
      body = (
        <>
          {bar}
          <div className="row natural-actions">
            <span className="meta small" data-testid={`${testId}-progress`}>
              {model.phase === 'checking' ? 'Checking the file (SHA-256) before installing it…' : progressWords(model)}
            </span>
            <button type="button" onClick={() => void act('pause')} disabled={model.phase === 'checking'} data-testid={`${testId}-pause`}>
              Pause
            </button>
            <button type="button" onClick={() => void act('cancel')} disabled={model.phase === 'checking'} data-testid={`${testId}-cancel`}>
              Cancel
            </button>
          </div>
        </>
      );
      break;
    case 'paused':
      body = (
        <>
          {bar}
          <div className="row natural-actions">
            <span className="meta small" data-testid={`${testId}-progress`}>
              Paused at {progressWords(model)}
            </span>
            <button type="button" className="primary" onClick={() => void act('download')} data-testid={`${testId}-resume`}>
              Resume
            </button>
            <button type="button" onClick={() => void act('cancel')} data-testid={`${testId}-cancel`}>
              Cancel
            </button>
          </div>
        </>
      );
      break;
    default:
      body = (
        <>
          {model.phase === 'failed' && (
            <p className="natural-error" role="alert" data-testid={`${testId}-error`}>
              {model.error}
            </p>
          )}
          <div className="row natural-actions">
            <button type="button" className="primary" onClick={() => void act('download')} data-testid={`${testId}-download`}>
              {model.phase === 'failed' ? 'Try again' : `Download natural voices (${bytesInWords(model.total)})`}
            </button>
            {importButton}
          </div>
          {!compact && <p className="meta small">Import is for a computer without internet: bring the Kokoro-82M v1.0 model file (.onnx) on a USB stick or from a shared folder.</p>}
        </>
      );
  }
  return (
    <div className={`natural-voices${compact ? ' compact' : ''}`} data-testid={testId} data-phase={model.phase}>
      {compact ? (
        <p className="meta small">
          <strong>Natural voices</strong> (Heart, Michael, Emma and others) speak like a person, on this computer. {model.phase === 'installed' ? '' : 'Until they are installed, the system voice speaks.'}
        </p>
      ) : (
        <p className="meta">Heart, Michael, Emma and others: voices that speak like a person, made on this computer (Kokoro-82M), in American and British English, Spanish, French, Italian, Brazilian Portuguese and Hindi. One download, checked by its SHA-256 checksum before it is installed.</p>
      )}
      {body}
    </div>
  );
}
