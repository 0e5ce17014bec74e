import { useState } from 'react';
import { useStudio } from '../app/studio-context';

/** Create a project from a script and a template; the backend splits the script into scenes. */
export function CreateProjectForm() {
  const { templates, createProject } = useStudio((s) => ({ templates: s.templates, createProject: s.createProject }));
  const [title, setTitle] = useState('');
  const [script, setScript] = useState('');
  const [templateId, setTemplateId] = useState('');
  const [busy, setBusy] = useState(false);

  const submit = async (e: React.FormEvent) => {
    e.preventDefault();
    setBusy(true);
    await createProject({ title, script, templateId: templateId || undefined });
    setBusy(false);
  };

  return (
    <form className="create-form panel" onSubmit={submit} data-testid="create-form">
      <h2>New video</h2>
      <label>
        Title
        <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Three facts about octopuses" data-testid="new-title" />
      </label>
      <label>
        Script
        <textarea
          value={script}
          onChange={(e) => setScript(e.target.value)}
          rows={8}
          placeholder={'Write or paste your script. Each paragraph becomes a scene.'}
          data-testid="new-script"
        />
      </label>
      <label>
        Template
        <select value={templateId} onChange={(e) => setTemplateId(e.target.value)} data-testid="new-template">
          <option value="">Default look</option>
          {templates.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="primary" disabled={busy || !title.trim() || !script.trim()} data-testid="create-project">
        {busy ? 'Creating…' : 'Create project'}
      </button>
    </form>
  );
}
