import { useState } from 'react';
import { MediaPanel } from './media-panel';
import { TemplateGallery } from './template-gallery';

/** The editor's left column: the media library and the templates, one at a time. */
export function SidePanel() {
  const [tab, setTab] = useState<'media' | 'templates'>('media');
  return (
    <section className="side panel" aria-label={tab === 'media' ? 'Media' : 'Templates'}>
      <div className="segmented small" role="tablist">
        <button role="tab" aria-selected={tab === 'media'} className={tab === 'media' ? 'on' : ''} onClick={() => setTab('media')} data-testid="side-media">
          Media
        </button>
        <button role="tab" aria-selected={tab === 'templates'} className={tab === 'templates' ? 'on' : ''} onClick={() => setTab('templates')} data-testid="side-templates">
          Templates
        </button>
      </div>
      {tab === 'media' ? <MediaPanel /> : <TemplateGallery />}
    </section>
  );
}
