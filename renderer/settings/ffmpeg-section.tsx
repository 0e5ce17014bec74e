import { useStudio } from '../app/studio-context';
import { encoderSummary } from './encoder-choices';

/**
 * The video engine: one plain sentence on what exports will use, the buttons to change it, and
 * FFmpeg's own words (paths, the encoder table, errors with memory addresses) folded under
 * Details, for when something needs explaining to someone who asks for them.
 */
export function FfmpegSection() {
  const s = useStudio((s) => ({
    settings: s.settings!,
    caps: s.capabilities,
    checking: s.checkingCapabilities,
    update: s.updateSettings,
    chooseFfmpeg: s.chooseFfmpeg,
    check: s.checkCapabilities,
  }));
  const { caps, settings } = s;
  return (
    <section className="panel" data-testid="ffmpeg-section">
      <h2>Video engine</h2>
      {caps?.ffmpeg ? (
        <p data-testid="ffmpeg-found">
          <strong className="ok-text">✓ Ready</strong> — FFmpeg {caps.ffmpeg.version.split(/[-+ ]/)[0]}. {encoderSummary(caps.encoders)}
        </p>
      ) : caps?.ffmpegError ? (
        <p className="warn-text" data-testid="ffmpeg-missing">
          <strong>FFmpeg was not found, or it does not run.</strong> Videos cannot be made until it is: choose the program below, or install FFmpeg from your system’s package manager. What went wrong is under Details.
        </p>
      ) : (
        <p className="meta">{s.checking ? 'Checking what this computer can do…' : 'Not checked yet.'}</p>
      )}
      <div className="ffmpeg-choice">
        {/* The binary is picked in the main process's file dialog and checked there; the page never sends a path to run. */}
        <span className="meta" data-testid="ffmpeg-path">{settings.ffmpegPath ? `Using the FFmpeg you chose` : 'Found automatically'}</span>
        <button onClick={() => void s.chooseFfmpeg()} data-testid="choose-ffmpeg">Choose…</button>
        {settings.ffmpegPath ? <button onClick={() => void s.update({ ffmpegPath: '' })} data-testid="clear-ffmpeg">Find automatically</button> : null}
        <button onClick={() => void s.check(true)} disabled={s.checking} data-testid="check-ffmpeg">
          {s.checking ? 'Checking…' : 'Check again'}
        </button>
      </div>
      <details className="details-fold" data-testid="ffmpeg-details">
        <summary>Details</summary>
        {caps?.ffmpeg ? <p className="meta small">{caps.ffmpeg.path} (version {caps.ffmpeg.version}, {caps.ffmpeg.source})</p> : null}
        {settings.ffmpegPath ? <p className="meta small">Chosen: {settings.ffmpegPath}</p> : null}
        {caps?.ffmpegError ? <pre className="job-error" data-testid="ffmpeg-error">{caps.ffmpegError}</pre> : null}
        <table className="caps" data-testid="encoder-table">
          <thead>
            <tr><th>Encoder</th><th>Kind</th><th>Works here</th><th>Why not</th></tr>
          </thead>
          <tbody>
            {(caps?.encoders ?? []).map((e) => (
              <tr key={e.name} className={e.works ? 'ok' : 'no'}>
                <td>{e.name}</td>
                <td>{e.hardware ? 'graphics card' : 'processor'}</td>
                <td>{e.works ? 'yes' : 'no'}</td>
                <td className="why-not">{e.works ? '' : e.reason ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </section>
  );
}
