import { memo, useEffect } from 'react';
import type { TemplateSummary } from '../../preload/contract/studio-api';
import { presets, type PresetName } from '../../preload/contract/project';
import { useConnection, useStudio } from '../app/studio-context';
import { frameKey } from '../state/create-slice';

/** A template as a frame of a video made with it (rendered by the real pipeline), not a swatch. */
export const TemplateFrame = memo(function TemplateFrame({ t, preset }: { t: TemplateSummary; preset?: PresetName }) {
  const { mediaUrl } = useConnection();
  const { frame, load } = useStudio((s) => ({ frame: s.templateFrames[frameKey(t.id, preset, t.hash)], load: s.loadTemplateFrame }));
  useEffect(() => {
    if (!frame) void load(t.id, preset, t.hash);
  }, [frame, load, t.id, preset, t.hash]);
  // the box has the frame's own shape (the chosen format's, else the template's): a wide or square
  // frame in a tall box would be cropped, and its sample caption cut off
  const own = preset ?? (t.preset && t.preset in presets ? (t.preset as PresetName) : undefined);
  const shape = own ? presets[own] : undefined;
  const style = shape ? { aspectRatio: `${shape.width} / ${shape.height}` } : undefined;
  if (frame?.status === 'ready') return <img className="template-frame" style={style} src={mediaUrl(frame.path)} alt={`A frame in the ${t.name} look`} draggable={false} data-testid="template-frame" />;
  return (
    <div className="template-frame placeholder" style={{ ...style, background: t.colors.background, color: t.colors.text }} title={frame?.status === 'failed' ? frame.message : undefined}>
      {frame?.status === 'failed' ? 'No preview' : 'Drawing…'}
    </div>
  );
});

/** The templates as cards to pick one from; the chosen one is outlined. No preset: each in its own format. */
export function TemplatePicker({ value, onChange, preset }: { value: string; onChange(id: string): void; preset?: PresetName }) {
  const templates = useStudio((s) => s.templates);
  return (
    <div className={preset && presets[preset].width > presets[preset].height ? 'template-picker wide' : 'template-picker'} role="radiogroup" aria-label="Template">
      {templates.map((t) => (
        <button
          type="button"
          key={t.id}
          role="radio"
          aria-checked={t.id === value}
          className={t.id === value ? 'template-option chosen' : 'template-option'}
          onClick={() => onChange(t.id)}
          title={t.description}
          data-testid="template-option"
          data-template-id={t.id}
        >
          <TemplateFrame t={t} preset={preset} />
          <span className="template-name">{t.name}</span>
        </button>
      ))}
    </div>
  );
}
