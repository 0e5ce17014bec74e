import { memo } from 'react';
import type { TemplateSummary } from '../../preload/contract/studio-api';
import { useStudio } from '../app/studio-context';
import { TEMPLATE_MIME } from './timeline';

/** A template's preview: its background, a caption in its font and colours, its accent bar. */
const TemplateCard = memo(function TemplateCard({ t, current }: { t: TemplateSummary; current: boolean }) {
  const apply = useStudio((s) => s.applyTemplate);
  return (
    <li
      className={current ? 'template-card current' : 'template-card'}
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData(TEMPLATE_MIME, t.id);
        e.dataTransfer.effectAllowed = 'copy';
      }}
      onDoubleClick={() => void apply(t.id)}
      title={`${t.description}\nDrag onto the timeline (or double-click) to apply.`}
      data-testid="template-card"
      data-template-id={t.id}
    >
      <div className="template-preview" style={{ background: t.colors.background, fontFamily: t.font }}>
        <span className="template-accent" style={{ background: t.colors.accent }} />
        <span className={`template-caption ${t.captionPosition}`} style={{ color: t.colors.text }}>
          Aa
        </span>
      </div>
      <span className="template-name">{t.name}</span>
    </li>
  );
});

export function TemplateGallery() {
  const { templates, current } = useStudio((s) => ({ templates: s.templates, current: s.history?.present.template }));
  return (
    <section className="gallery panel" aria-label="Templates">
      <h3>Templates</h3>
      {templates.length === 0 ? <p className="empty">No templates installed.</p> : null}
      <ul>
        {templates.map((t) => (
          <TemplateCard key={t.id} t={t} current={t.id === current} />
        ))}
      </ul>
    </section>
  );
}
