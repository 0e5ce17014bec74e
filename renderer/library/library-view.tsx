import { useStudio } from '../app/studio-context';
import { CreateProjectForm } from './create-project-form';
import { ProjectCard } from './project-card';

export function LibraryView() {
  const { projects, loaded } = useStudio((s) => ({ projects: s.projects, loaded: s.libraryLoaded }));
  return (
    <div className="library" data-testid="library">
      <CreateProjectForm />
      <section className="project-list">
        <h2>Projects</h2>
        {loaded && projects.length === 0 ? <p className="empty">No projects yet: write a script on the left to make your first video.</p> : null}
        <ul>
          {projects.map((p) => (
            <ProjectCard key={p.id} project={p} />
          ))}
        </ul>
      </section>
    </div>
  );
}
