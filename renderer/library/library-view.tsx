import { useStudio } from '../app/studio-context';
import { ProjectCard } from './project-card';

export function LibraryView() {
  const { projects, loaded, setView } = useStudio((s) => ({ projects: s.projects, loaded: s.libraryLoaded, setView: s.setView }));
  return (
    <div className="library" data-testid="library">
      <section className="project-list">
        <div className="list-head">
          <h2>Projects</h2>
          <button className="primary" onClick={() => setView('create')} data-testid="new-video-button">
            + New video
          </button>
        </div>
        {loaded && projects.length === 0 ? <p className="empty">No projects yet: press “New video”, paste a script, pick a look and a voice.</p> : null}
        <ul>
          {projects.map((p) => (
            <ProjectCard key={p.id} project={p} />
          ))}
        </ul>
      </section>
    </div>
  );
}
