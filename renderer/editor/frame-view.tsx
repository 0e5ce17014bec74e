import { useCallback, useEffect, useRef, useState } from 'react';
import { useConnection, useStudio, useStudioStore } from '../app/studio-context';
import { CaptionBand, moveCaptions } from './caption-drag';

/**
 * The frame under the playhead. The last frame stays on screen while the next is drawn (a small
 * note says so), so the picture never goes black between edits. Where the scene has captions,
 * their band is on the frame and can be dragged up or down.
 */
export function FrameView() {
  const { mediaUrl } = useConnection();
  const store = useStudioStore();
  const frame = useStudio((s) => s.frame);
  const img = useRef<HTMLImageElement>(null);
  // where the picture is drawn inside the view (it is letterboxed), for the caption band on it
  const [picture, setPicture] = useState<{ left: number; top: number; width: number; height: number }>();
  const measure = useCallback(() => {
    const el = img.current;
    if (!el || !el.naturalWidth) return setPicture(undefined);
    setPicture({ left: el.offsetLeft, top: el.offsetTop, width: el.offsetWidth, height: el.offsetHeight });
  }, []);
  useEffect(() => {
    const el = img.current;
    if (!el) return;
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, [measure, frame.path]);

  return (
    <div className="frame-view">
      {frame.path ? (
        <img ref={img} onLoad={measure} src={mediaUrl(frame.path)} alt="The frame under the playhead" data-testid="frame-image" data-path={frame.path} data-at={frame.at?.toFixed(2)} draggable={false} />
      ) : frame.status !== 'failed' ? (
        <div className="preview-empty">Drawing the first frame…</div>
      ) : null}
      {frame.captions && picture ? (
        <CaptionBand
          band={frame.captions}
          picture={picture}
          onMove={(place) => {
            const s = store.getState();
            s.edit((p) => moveCaptions(p, s.playhead ?? 0, place));
          }}
        />
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
