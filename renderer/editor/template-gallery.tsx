import { memo } from 'react';
import type { PresetName } from '../../preload/contract/project';
import type { TemplateSummary } from '../../preload/contract/studio-api';
import { useStudio } from '../app/studio-context';
import { TemplateFrame } from '../create/template-picker';
import { TEMPLATE_MIME } from './timeline';

const TemplateCard = memo(function TemplateCard({ t, current, preset }: { t: TemplateSummary; current: boolean; preset?: PresetName }) {
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
      <TemplateFrame t={t} preset={preset} />
      <span className="template-name">{t.name}</span>
    </li>
  );
});

export function TemplateGallery() {
  const { templates, current, preset } = useStudio((s) => ({ templates: s.templates, current: s.history?.present.template, preset: s.history?.present.settings.preset }));
  return (
    <div className="gallery">
      {templates.length === 0 ? <p className="empty">No templates installed.</p> : null}
      <ul>
        {templates.map((t) => (
          <TemplateCard key={t.id} t={t} current={t.id === current} preset={preset} />
        ))}
      </ul>
    </div>
  );
}
