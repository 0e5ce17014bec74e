import { useConnection, useStudio } from '../app/studio-context';

/** A quick low-resolution render through the real pipeline, played back in place. */
export function PreviewPanel() {
  const { mediaUrl } = useConnection();
  const { preview, renderPreview, hasSelection } = useStudio((s) => ({ preview: s.preview, renderPreview: s.renderPreview, hasSelection: s.selection.length > 0 }));
  return (
    <section className="preview panel" aria-label="Preview">
      <div className="preview-stage">
        {preview.status === 'ready' && preview.path ? (
          <video key={preview.path} src={mediaUrl(preview.path)} controls autoPlay muted data-testid="preview-video" />
        ) : (
          <div className="preview-empty">{preview.status === 'rendering' ? 'Rendering preview…' : 'Preview a scene or the whole video'}</div>
        )}
      </div>
      <div className="actions">
        <button onClick={() => void renderPreview('scene')} disabled={preview.status === 'rendering' || !hasSelection} data-testid="preview-scene">
          Preview scene
        </button>
        <button onClick={() => void renderPreview('project')} disabled={preview.status === 'rendering'} data-testid="preview-project">
          Preview all
        </button>
      </div>
    </section>
  );
}
