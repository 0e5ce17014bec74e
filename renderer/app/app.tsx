import { useEffect } from 'react';
import { NewVideoView } from '../create/new-video-view';
import { EditorView } from '../editor/editor-view';
import { LibraryView } from '../library/library-view';
import { AutoDownloads, QueuePanel } from '../queue/queue-panel';
import { SettingsView } from '../settings/settings-view';
import { TemplatesView } from '../templates/templates-view';
import type { View } from '../state/ui-slice';
import { ErrorBoundary } from './error-boundary';
import { Notices } from './notices';
import { useStudio } from './studio-context';

const tabs: Array<{ view: View; label: string }> = [
  { view: 'library', label: 'Projects' },
  { view: 'create', label: 'New video' },
  { view: 'editor', label: 'Editor' },
  { view: 'templates', label: 'Templates' },
  { view: 'queue', label: 'Queue' },
  { view: 'settings', label: 'Settings' },
];

export function App() {
  const { view, setView, hasProject, activeJobs, loadLibrary, loadJobs, loadSettings, loadMedia } = useStudio((s) => ({
    view: s.view,
    setView: s.setView,
    hasProject: s.history !== undefined,
    activeJobs: Object.values(s.jobs).filter((j) => j.state === 'active' || j.state === 'waiting').length,
    loadLibrary: s.loadLibrary,
    loadJobs: s.loadJobs,
    loadSettings: s.loadSettings,
    loadMedia: s.loadMedia,
  }));
  useEffect(() => {
    void loadLibrary();
    void loadJobs();
    void loadSettings();
    void loadMedia();
  }, [loadLibrary, loadJobs, loadSettings, loadMedia]);

  return (
    <div className="app">
      <header className="topbar">
        <span className="brand">Reelforge</span>
        <nav>
          {tabs.map((t) => (
            <button
              key={t.view}
              className={view === t.view ? 'tab active' : 'tab'}
              disabled={t.view === 'editor' && !hasProject}
              onClick={() => setView(t.view)}
              data-testid={`tab-${t.view}`}
            >
              {t.label}
              {t.view === 'queue' && activeJobs > 0 ? <span className="badge">{activeJobs}</span> : null}
            </button>
          ))}
        </nav>
      </header>
      <Notices />
      <AutoDownloads />
      <main className="content">
        <ErrorBoundary key={view}>
          {view === 'library' && <LibraryView />}
        {view === 'create' && <NewVideoView />}
        {view === 'editor' && hasProject && <EditorView />}
        {view === 'templates' && <TemplatesView />}
        {view === 'queue' && <QueuePanel />}
        {view === 'settings' && <SettingsView />}
        </ErrorBoundary>
      </main>
    </div>
  );
}
