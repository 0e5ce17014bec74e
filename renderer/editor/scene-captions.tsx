import type { Scene, SceneCaption } from '../../preload/contract/project';
import { sceneCaptionStyle } from '../../preload/contract/project';
import { useStudio } from '../app/studio-context';

const positionWords = { top: 'top', center: 'middle', bottom: 'bottom' } as const;
const sideWords = { left: 'left side', center: 'centred', right: 'right side' } as const;

/**
 * This scene's own changes to the captions, said as such: hidden here, or another position or
 * size than the whole video's. Each field shows what the video gives until it is changed, and
 * "As the whole video" takes the scene's changes away.
 */
export function SceneCaptionFields({ scene }: { scene: Scene }) {
  const { style, update } = useStudio((s) => ({ style: s.history!.present.style, update: s.updateScene }));
  const own = scene.captionStyle ?? {};
  const video = sceneCaptionStyle({ style }, { style: scene.style });
  const shown = sceneCaptionStyle({ style }, scene);
  const set = (patch: SceneCaption) => {
    const next = Object.fromEntries(Object.entries({ ...own, ...patch }).filter(([, v]) => v !== undefined)) as SceneCaption;
    update(scene.id ?? '', { captionStyle: Object.keys(next).length ? next : undefined });
  };
  const changed = Object.keys(own).length > 0;
  const videoOn = style.caption.enabled;
  const showsHere = own.enabled ?? videoOn;
  return (
    <fieldset className="scene-captions" data-testid="scene-captions" data-own={changed ? 'yes' : 'no'}>
      <legend>Captions in this scene</legend>
      <p className="meta small">
        {changed ? 'This scene’s captions differ from the whole video’s:' : videoOn ? 'As the whole video (Captions panel); change them here for this scene only.' : 'The whole video has no captions (Captions panel); this scene can show its own.'}
      </p>
      {videoOn ? (
        <label className="check">
          <input type="checkbox" checked={own.enabled === false} onChange={(e) => set({ enabled: e.target.checked ? false : undefined })} data-testid="scene-caption-hide" /> Hide captions in this scene
        </label>
      ) : (
        <label className="check">
          <input type="checkbox" checked={own.enabled === true} onChange={(e) => set({ enabled: e.target.checked ? true : undefined })} data-testid="scene-caption-show" /> Show captions in this scene
        </label>
      )}
      {showsHere ? (
        <div className="row">
          <label>
            Position
            <select
              value={own.position ?? ''}
              onChange={(e) => set(e.target.value ? { position: e.target.value as SceneCaption['position'], margin: own.margin ?? video.margin } : { position: undefined, margin: undefined })}
              data-testid="scene-caption-position"
            >
              <option value="">{positionWords[video.position]} (video)</option>
              {(['top', 'center', 'bottom'] as const).map((p) => (
                <option key={p} value={p}>{positionWords[p]}</option>
              ))}
            </select>
          </label>
          <label>
            Across
            <select value={own.align ?? ''} onChange={(e) => set({ align: (e.target.value || undefined) as SceneCaption['align'] })} data-testid="scene-caption-align">
              <option value="">{sideWords[video.align]} (video)</option>
              {(['left', 'center', 'right'] as const).map((a) => (
                <option key={a} value={a}>{sideWords[a]}</option>
              ))}
            </select>
          </label>
          <label>
            Size <span className="meta">{Math.round(shown.size * 1000) / 10} %{own.size === undefined ? ' (the video’s)' : ''}</span>
            <input type="range" min={0.02} max={0.1} step={0.005} value={shown.size} onChange={(e) => set({ size: Number(e.target.value) })} data-testid="scene-caption-size" />
          </label>
        </div>
      ) : null}
      {changed ? (
        <button onClick={() => update(scene.id ?? '', { captionStyle: undefined })} data-testid="scene-caption-reset">
          As the whole video
        </button>
      ) : null}
    </fieldset>
  );
}
