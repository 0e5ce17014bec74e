import { memo, useState } from 'react';
import type { ProjectSummary } from '../../preload/contract/studio-api';
import { useStudio } from '../app/studio-context';
import { ProjectThumbnail } from './project-thumbnail';

const fmtSeconds = (s: number) => `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`;

export const ProjectCard = memo(function ProjectCard({ project }: { project: ProjectSummary }) {
  const a = useStudio((s) => ({ open: s.openProject, duplicate: s.duplicateProject, rename: s.renameProject, remove: s.deleteProject }));
  // the look by its name, as the template library shows it (an id only when the template is gone)
  const look = useStudio((s) => (project.template ? (s.templates.find((t) => t.id === project.template)?.name ?? project.template) : 'default look'));
  const [renaming, setRenaming] = useState(false);
  const [title, setTitle] = useState(project.title);
  const [confirming, setConfirming] = useState(false);

  return (
    <li className="project-card panel" data-testid="project-card" data-project-id={project.id}>
      <ProjectThumbnail id={project.id} updatedAt={project.updatedAt} title={project.title} />
      {renaming ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            setRenaming(false);
            if (title.trim() && title !== project.title) void a.rename(project.id, title.trim());
          }}
        >
          <input autoFocus value={title} onChange={(e) => setTitle(e.target.value)} onBlur={() => setRenaming(false)} data-testid="rename-input" />
        </form>
      ) : (
        <h3 onDoubleClick={() => setRenaming(true)}>{project.title}</h3>
      )}
      <p className="meta">
        {project.sceneCount} {project.sceneCount === 1 ? 'scene' : 'scenes'} · {fmtSeconds(project.durationSeconds)} · <span data-testid="project-look">{look}</span>
      </p>
      <p className="meta">edited {new Date(project.updatedAt).toLocaleString()}</p>
      <div className="actions">
        <button className="primary" onClick={() => void a.open(project.id)} data-testid="open-project">Open</button>
        <button onClick={() => void a.duplicate(project.id)} data-testid="duplicate-project">Duplicate</button>
        <button onClick={() => { setTitle(project.title); setRenaming(true); }} data-testid="rename-project">Rename</button>
        {confirming ? (
          <button className="danger" onClick={() => void a.remove(project.id)} onBlur={() => setConfirming(false)} data-testid="confirm-delete">
            Really delete?
          </button>
        ) : (
          <button onClick={() => setConfirming(true)} data-testid="delete-project">Delete</button>
        )}
      </div>
    </li>
  );
});
