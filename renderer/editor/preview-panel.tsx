import { useEffect, useRef } from 'react';
import { useConnection, useStudio, useStudioStore } from '../app/studio-context';
import { sceneStarts } from './timeline-layout';

/**
 * A quick low-resolution render through the real pipeline, played with its sound. While it plays,
 * its time drives the playhead on the timeline (offset by the scene's start for a one-scene preview).
 */
export function PreviewPanel() {
  const { mediaUrl } = useConnection();
  const store = useStudioStore();
  const { preview, renderPreview, hasSelection } = useStudio((s) => ({ preview: s.preview, renderPreview: s.renderPreview, hasSelection: s.selection.length > 0 }));
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    const v = video.current;
    if (!v) return;
    let frame = 0;
    const offset = () => {
      const s = store.getState();
      const p = s.history?.present;
      if (!p || s.preview.scope !== 'scene') return 0;
      const i = Math.max(0, p.scenes.findIndex((x) => x.id === s.selection[0]));
      return sceneStarts(p.scenes)[i] ?? 0;
    };
    const tick = () => {
      store.getState().setPlayhead(offset() + v.currentTime);
      if (!v.paused && !v.ended) frame = requestAnimationFrame(tick);
    };
    const onPlay = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(tick);
    };
    v.addEventListener('play', onPlay);
    v.addEventListener('seeked', tick);
    v.addEventListener('ended', tick);
    return () => {
      cancelAnimationFrame(frame);
      v.removeEventListener('play', onPlay);
      v.removeEventListener('seeked', tick);
      v.removeEventListener('ended', tick);
      store.getState().setPlayhead(null);
    };
  }, [store, preview.path]);

  return (
    <section className="preview panel" aria-label="Preview">
      <div className="preview-stage">
        {preview.status === 'ready' && preview.path ? (
          <video ref={video} key={preview.path} src={mediaUrl(preview.path)} controls autoPlay data-testid="preview-video" />
        ) : (
          <div className="preview-empty">{preview.status === 'rendering' ? 'Rendering preview…' : 'Preview a scene or the whole video, with its sound'}</div>
        )}
      </div>
      <div className="actions">
        <button onClick={() => void renderPreview('scene')} disabled={preview.status === 'rendering' || !hasSelection} data-testid="preview-scene">
          ▶ Preview scene
        </button>
        <button onClick={() => void renderPreview('project')} disabled={preview.status === 'rendering'} data-testid="preview-project">
          ▶ Preview all
        </button>
      </div>
    </section>
  );
}
