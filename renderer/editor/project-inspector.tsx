import { useEffect, useState } from 'react';
import { presets, type PresetName } from '../../preload/contract/project';
import { useStudio } from '../app/studio-context';
import { VoicePicker } from '../create/voice-picker';
import { totalSeconds } from '../state/timeline-ops';

/** A preset override, committed on blur or Enter: half-typed values (27 of 270) are never applied. */
function OverrideField({ label, value, valid, onCommit }: { label: string; value?: number; valid(v: number): boolean; onCommit(v: number | undefined): void }) {
  const [draft, setDraft] = useState(value === undefined ? '' : String(value));
  useEffect(() => setDraft(value === undefined ? '' : String(value)), [value]);
  const commit = () => {
    if (draft.trim() === '') return onCommit(undefined);
    const v = Number(draft);
    if (Number.isFinite(v) && valid(v)) onCommit(v);
    else setDraft(value === undefined ? '' : String(value));
  };
  return (
    <label title={label === 'fps' ? 'frames per second' : 'even number of pixels'}>
      {label}
      <input
        type="number"
        placeholder="preset"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
        data-testid={`project-${label}`}
      />
    </label>
  );
}

export function ProjectInspector() {
  const { project, updateProject, setVoice, change } = useStudio((s) => ({
    project: s.history!.present,
    updateProject: s.updateProject,
    setVoice: s.setVoice,
    change: s.voiceChange,
  }));

  return (
    <div className="inspector-body" data-testid="project-inspector">
      <h3>Video</h3>
      <label>
        Title <input value={project.title} onChange={(e) => updateProject({ title: e.target.value })} data-testid="project-title" />
      </label>
      <label>
        Format
        <select value={project.settings.preset} onChange={(e) => updateProject({ settings: { preset: e.target.value as PresetName } })} data-testid="project-preset">
          {(Object.keys(presets) as PresetName[]).map((p) => (
            <option key={p} value={p}>
              {p} ({presets[p].aspect}, {presets[p].width}×{presets[p].height})
            </option>
          ))}
        </select>
      </label>
      <div className="row size-row">
        {(['width', 'height', 'fps'] as const).map((k) => (
          <OverrideField
            key={k}
            label={k}
            value={project.settings[k]}
            valid={(v) => (k === 'fps' ? v >= 1 && v <= 120 : v >= 16 && v <= 7680 && v % 2 === 0)}
            onCommit={(v) => updateProject({ settings: { [k]: v } })}
          />
        ))}
      </div>
      <p className="meta">
        {project.scenes.length} scenes · {Math.round(totalSeconds(project))} s · template {project.template ?? 'none'}
      </p>
      <fieldset>
        <legend>Voice</legend>
        <VoicePicker value={project.audio.voice ?? ''} onChange={(v) => v && void setVoice(v)} testId="project-voice" />
        {change ? (
          <div data-testid="project-voice-progress" data-done={change.done} data-total={change.total}>
            <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={change.total} aria-valuenow={change.done}>
              <div className="bar" style={{ width: `${change.total ? (100 * change.done) / change.total : 100}%` }} />
              <span className="pct">
                {change.done} of {change.total} scenes
              </span>
            </div>
            <p className="meta small">Speaking scene {Math.min(change.done + 1, change.total)} of {change.total} with the new voice… (one Undo brings the old voice back)</p>
          </div>
        ) : (
          <p className="meta small">Choosing another voice speaks every scene again (one Undo brings the old one back).</p>
        )}
      </fieldset>
    </div>
  );
}
