import type { CaptionStyle, Scene, Visual } from '../../preload/contract/project';
import { transitionTypes } from '../../preload/contract/project';
import { useStudio } from '../app/studio-context';
import { sceneSeconds } from '../state/timeline-ops';
import { OnlineVisualFields } from './online-visual-fields';

const defaultVisual: Record<'color' | 'gradient' | 'text', Visual> = {
  color: { type: 'color', color: '#202030' },
  gradient: { type: 'gradient', from: '#202030', to: '#FF3D6E', direction: 'vertical' },
  text: { type: 'text', text: 'Title', size: 0.07 },
};

function VisualFields({ visual, onChange }: { visual: Visual; onChange(v: Visual): void }) {
  return (
    <fieldset>
      <legend>Visual</legend>
      <label>
        Kind
        <select
          value={visual.type}
          onChange={(e) => {
            const t = e.target.value as Visual['type'];
            if (t === 'color' || t === 'gradient' || t === 'text') onChange(defaultVisual[t]);
          }}
          data-testid="visual-type"
        >
          {(visual.type === 'image' || visual.type === 'video') && <option value={visual.type}>{visual.type} (drop a file to replace)</option>}
          {(visual.type === 'generated' || visual.type === 'avatar') && <option value={visual.type}>{visual.type === 'generated' ? 'clip from a prompt' : 'avatar'} (see below)</option>}
          <option value="color">colour card</option>
          <option value="gradient">gradient card</option>
          <option value="text">text card</option>
        </select>
      </label>
      {(visual.type === 'image' || visual.type === 'video') && <p className="path">{visual.path}</p>}
      {visual.type === 'color' && (
        <label>
          Colour <input type="color" value={visual.color.slice(0, 7)} onChange={(e) => onChange({ ...visual, color: e.target.value.toUpperCase() })} />
        </label>
      )}
      {visual.type === 'gradient' && (
        <div className="row">
          <input type="color" value={visual.from.slice(0, 7)} onChange={(e) => onChange({ ...visual, from: e.target.value.toUpperCase() })} aria-label="From" />
          <input type="color" value={visual.to.slice(0, 7)} onChange={(e) => onChange({ ...visual, to: e.target.value.toUpperCase() })} aria-label="To" />
        </div>
      )}
      {visual.type === 'text' && (
        <label>
          Card text <input value={visual.text} onChange={(e) => e.target.value && onChange({ ...visual, text: e.target.value })} />
        </label>
      )}
    </fieldset>
  );
}

function CaptionFields({ style, onChange }: { style: CaptionStyle; onChange(c: Partial<CaptionStyle>): void }) {
  return (
    <fieldset>
      <legend>Captions (whole project)</legend>
      <label className="check">
        <input type="checkbox" checked={style.enabled} onChange={(e) => onChange({ enabled: e.target.checked })} /> Show captions
      </label>
      <label>
        Position
        <select value={style.position} onChange={(e) => onChange({ position: e.target.value as CaptionStyle['position'] })}>
          <option value="top">top</option>
          <option value="center">center</option>
          <option value="bottom">bottom</option>
        </select>
      </label>
      <div className="row">
        <label>
          Text <input type="color" value={style.color.slice(0, 7)} onChange={(e) => onChange({ color: e.target.value.toUpperCase() })} />
        </label>
        <label>
          Highlight <input type="color" value={style.highlightColor.slice(0, 7)} onChange={(e) => onChange({ highlightColor: e.target.value.toUpperCase() })} />
        </label>
      </div>
      <label className="check">
        <input type="checkbox" checked={style.box} onChange={(e) => onChange({ box: e.target.checked })} /> Box behind text
      </label>
    </fieldset>
  );
}

export function SceneInspector({ scene, index }: { scene: Scene; index: number }) {
  const { update, caption, edit } = useStudio((s) => ({ update: s.updateScene, caption: s.history!.present.style.caption, edit: s.edit }));
  const updateCaption = (c: Partial<CaptionStyle>) => edit((p) => ({ ...p, style: { ...p.style, caption: { ...p.style.caption, ...c } } }), 'caption');
  const id = scene.id ?? '';
  const fit = scene.duration === 'fit';
  return (
    <div className="inspector-body" data-testid="scene-inspector">
      <h3>Scene {index + 1}</h3>
      <label>
        Narration
        <textarea rows={4} value={scene.narration} onChange={(e) => update(id, { narration: e.target.value })} data-testid="scene-narration" />
      </label>
      <VisualFields visual={scene.visual} onChange={(visual) => update(id, { visual })} />
      <OnlineVisualFields scene={scene} onChange={(visual) => update(id, { visual })} />
      <fieldset>
        <legend>Duration</legend>
        <label className="check">
          <input type="checkbox" checked={fit} onChange={(e) => update(id, { duration: e.target.checked ? 'fit' : Math.round(sceneSeconds(scene) * 10) / 10 })} /> Fit the narration
        </label>
        {!fit && (
          <label>
            Seconds
            <input type="number" min={0.5} max={120} step={0.1} value={scene.duration as number} onChange={(e) => Number(e.target.value) > 0 && update(id, { duration: Number(e.target.value) })} data-testid="scene-duration" />
          </label>
        )}
      </fieldset>
      <fieldset>
        <legend>Transition in</legend>
        <select
          value={scene.transition?.type ?? ''}
          onChange={(e) => update(id, { transition: e.target.value ? { type: e.target.value as (typeof transitionTypes)[number], duration: scene.transition?.duration ?? 0.5 } : undefined })}
        >
          <option value="">template default</option>
          {transitionTypes.map((t) => (
            <option key={t} value={t}>{t}</option>
          ))}
        </select>
      </fieldset>
      <CaptionFields style={caption} onChange={updateCaption} />
    </div>
  );
}
