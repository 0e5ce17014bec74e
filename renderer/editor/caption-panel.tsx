import type { CaptionStyle } from '../../preload/contract/project';
import { useStudio } from '../app/studio-context';

/** The look of the captions for the whole video (a scene with its own look keeps its own, and says so). */
export function CaptionPanel() {
  const { style, edit, ownList, changedList } = useStudio((s) => ({
    style: s.history!.present.style.caption,
    edit: s.edit,
    // a string, not a new array on every read (which would never compare equal)
    ownList: s.history!.present.scenes.flatMap((x, i) => (x.style ? [i + 1] : [])).join(','),
    changedList: s.history!.present.scenes.flatMap((x, i) => (x.captionStyle && Object.keys(x.captionStyle).length ? [i + 1] : [])).join(','),
  }));
  const own = ownList ? ownList.split(',') : [];
  const changed = changedList ? changedList.split(',') : [];
  const change = (c: Partial<CaptionStyle>) => edit((p) => ({ ...p, style: { ...p.style, caption: { ...p.style.caption, ...c } } }), `caption:${Object.keys(c).join(',')}`);
  return (
    <fieldset className="caption-panel" data-testid="caption-panel">
      <legend>Captions · whole video</legend>
      <p className="meta small" data-testid="caption-scope">
        {own.length
          ? `Changes the captions of every scene except scene${own.length > 1 ? 's' : ''} ${own.join(', ')}, which ${own.length > 1 ? 'have their' : 'has its'} own look.`
          : 'Changes the captions of every scene.'}
        {changed.length ? ` Scene${changed.length > 1 ? 's' : ''} ${changed.join(', ')} ${changed.length > 1 ? 'keep their' : 'keeps its'} own caption changes (Captions in this scene).` : ''}
      </p>
      <label className="check">
        <input type="checkbox" checked={style.enabled} onChange={(e) => change({ enabled: e.target.checked })} data-testid="caption-enabled" /> Show captions
      </label>
      <div className="row">
        <label>
          Position
          <select value={style.position} onChange={(e) => change({ position: e.target.value as CaptionStyle['position'] })} data-testid="caption-position">
            <option value="top">top</option>
            <option value="center">middle</option>
            <option value="bottom">bottom</option>
          </select>
        </label>
        <label>
          Across
          <select value={style.align} onChange={(e) => change({ align: e.target.value as CaptionStyle['align'] })} data-testid="caption-align">
            <option value="left">left side</option>
            <option value="center">centred</option>
            <option value="right">right side</option>
          </select>
        </label>
        <label>
          Highlight
          <select value={style.highlight} onChange={(e) => change({ highlight: e.target.value as CaptionStyle['highlight'] })} data-testid="caption-highlight">
            <option value="color">word in colour</option>
            <option value="box">box behind word</option>
            <option value="none">none</option>
          </select>
        </label>
      </div>
      <label>
        Size <span className="meta">{Math.round(style.size * 1000) / 10} % of the height</span>
        <input type="range" min={0.02} max={0.1} step={0.005} value={style.size} onChange={(e) => change({ size: Number(e.target.value) })} data-testid="caption-size" />
      </label>
      <div className="row colours">
        <label>
          Text <input type="color" value={style.color.slice(0, 7)} onChange={(e) => change({ color: e.target.value.toUpperCase() })} data-testid="caption-color" />
        </label>
        <label>
          Spoken word <input type="color" value={style.highlightColor.slice(0, 7)} onChange={(e) => change({ highlightColor: e.target.value.toUpperCase() })} data-testid="caption-highlight-color" />
        </label>
        <label>
          Outline <input type="color" value={style.outlineColor.slice(0, 7)} onChange={(e) => change({ outlineColor: e.target.value.toUpperCase() })} />
        </label>
      </div>
      <div className="row">
        <label className="check">
          <input type="checkbox" checked={style.box} onChange={(e) => change({ box: e.target.checked })} /> Box behind the text
        </label>
        <label className="check">
          <input type="checkbox" checked={style.uppercase} onChange={(e) => change({ uppercase: e.target.checked })} /> CAPITALS
        </label>
      </div>
    </fieldset>
  );
}
