import { useConnection, useStudio } from '../app/studio-context';

/**
 * The frame under the playhead. The last frame stays on screen while the next is drawn (a small
 * note says so), so the picture never goes black between edits.
 */
export function FrameView() {
  const { mediaUrl } = useConnection();
  const frame = useStudio((s) => s.frame);
  return (
    <div className="frame-view">
      {frame.path ? (
        <img src={mediaUrl(frame.path)} alt="The frame under the playhead" data-testid="frame-image" data-path={frame.path} data-at={frame.at?.toFixed(2)} draggable={false} />
      ) : frame.status !== 'failed' ? (
        <div className="preview-empty">Drawing the first frame…</div>
      ) : null}
      {frame.status === 'drawing' && frame.path ? (
        <div className="stage-note subtle" data-testid="frame-drawing">
          <span className="spinner" aria-hidden /> Drawing…
        </div>
      ) : null}
      {frame.status === 'failed' ? (
        <div className="frame-error" role="alert" data-testid="frame-error">
          This frame cannot be drawn: {frame.message}
        </div>
      ) : null}
    </div>
  );
}
