import type { DesignKind, Visual } from '../../preload/contract/project';
import { designKinds } from '../../preload/contract/project';

type Designed = Extract<Visual, { type: 'designed' }>;

const kindWords: Record<DesignKind, string> = {
  title: 'title',
  stat: 'number (stat)',
  illustrated: 'illustration',
  steps: 'numbered steps',
  quote: 'quote',
  cta: 'call to action',
  kinetic: 'the sentence, large (kinetic type)',
};

/**
 * A designed scene's fields (what the designer chose from the sentence, main/design): its kind and
 * the words it shows, editable; the render draws exactly this.
 */
export function DesignedFields({ visual, onChange }: { visual: Designed; onChange(v: Designed): void }) {
  const v = visual;
  return (
    <div className="designed-fields" data-testid="designed-fields">
      <label>
        Shows
        <select
          value={v.kind}
          onChange={(e) => {
            const kind = e.target.value as DesignKind;
            const next: Designed = { ...v, kind };
            if (kind === 'stat' && !next.figure) next.figure = { text: '1', prefix: '', suffix: '', decimals: 0, count: false };
            if (kind === 'steps' && !next.steps) next.steps = { items: [v.text || 'Step'], current: 0 };
            onChange(next);
          }}
          data-testid="designed-kind"
        >
          {designKinds.map((k) => <option key={k} value={k}>{kindWords[k]}</option>)}
        </select>
      </label>
      {v.kind === 'stat' && v.figure && (
        <label>
          Figure
          <input value={v.figure.text} maxLength={40} onChange={(e) => e.target.value.trim() && onChange({ ...v, figure: { ...v.figure!, text: e.target.value, value: undefined, count: false } })} data-testid="designed-figure" />
        </label>
      )}
      {(v.kind === 'title' || v.kind === 'cta' || v.kind === 'kinetic' || v.kind === 'illustrated') && (
        <label>
          {v.kind === 'kinetic' ? 'Key phrase (shown when captions are off)' : v.kind === 'illustrated' ? 'Phrase' : 'Text'}
          <input value={v.text} maxLength={200} onChange={(e) => onChange({ ...v, text: e.target.value })} data-testid="designed-text" />
        </label>
      )}
      {(v.kind === 'stat' || v.kind === 'quote') && (
        <label>
          {v.kind === 'stat' ? 'Label' : 'Source'}
          <input value={v.label ?? ''} maxLength={200} onChange={(e) => onChange({ ...v, label: e.target.value || undefined })} data-testid="designed-label" />
        </label>
      )}
      {v.kind === 'illustrated' && v.emoji && <p className="meta small">Illustration: <span className="emoji">{v.emoji.char}</span> ({v.emoji.icon.replaceAll('-', ' ')})</p>}
      {v.kind === 'steps' && v.steps && (
        <>
          <label>
            Steps, one a line
            <textarea
              value={v.steps.items.join('\n')}
              onChange={(e) => {
                const items = e.target.value.split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 8);
                if (items.length) onChange({ ...v, steps: { items, current: Math.min(v.steps!.current, items.length - 1) } });
              }}
              data-testid="designed-steps"
            />
          </label>
          <label>
            This scene is step
            <input type="number" min={1} max={v.steps.items.length} value={v.steps.current + 1} onChange={(e) => { const n = Number(e.target.value); if (n >= 1 && n <= v.steps!.items.length) onChange({ ...v, steps: { ...v.steps!, current: n - 1 } }); }} data-testid="designed-step-current" />
          </label>
        </>
      )}
    </div>
  );
}
