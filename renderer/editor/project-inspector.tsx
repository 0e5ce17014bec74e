import { useEffect, useRef, useState } from 'react';
import { presets, type PresetName } from '../../preload/contract/project';
import { filesToSources } from '../api/file-sources';
import { useConnection, useStudio } from '../app/studio-context';
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
  const conn = useConnection();
  const fileInput = useRef<HTMLInputElement>(null);
  const { project, updateProject, reportError } = useStudio((s) => ({
    project: s.history!.present,
    updateProject: s.updateProject,
    reportError: s.reportError,
  }));
  const api = conn.api;
  const music = project.audio.music;

  const chooseMusic = async (files: FileList | null) => {
    if (!files?.length) return;
    try {
      const [item] = await api.importMedia(await filesToSources([...files], conn));
      if (item?.kind !== 'audio' && item?.kind !== 'video') throw new Error(`${item?.name ?? 'that file'} has no sound`);
      updateProject({ audio: { ...project.audio, music: { path: item.path, volume: 0.3, ducking: true } } });
    } catch (err) {
      reportError(err, 'Adding music');
    }
  };

  return (
    <div className="inspector-body" data-testid="project-inspector">
      <h3>Project</h3>
      <label>
        Title <input value={project.title} onChange={(e) => updateProject({ title: e.target.value })} />
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
        {project.scenes.length} scenes · about {Math.round(totalSeconds(project))} s · template {project.template ?? 'none'}
      </p>
      <fieldset>
        <legend>Voice</legend>
        <p className="meta">Narration voice: the system voice (voice choice arrives with the voice engine).</p>
      </fieldset>
      <fieldset>
        <legend>Music</legend>
        {music ? (
          <>
            <p className="path">{music.path}</p>
            <label>
              Volume <input type="range" min={0} max={1} step={0.05} value={music.volume} onChange={(e) => updateProject({ audio: { ...project.audio, music: { ...music, volume: Number(e.target.value) } } })} />
            </label>
            <label className="check">
              <input type="checkbox" checked={music.ducking} onChange={(e) => updateProject({ audio: { ...project.audio, music: { ...music, ducking: e.target.checked } } })} /> Duck under the voice
            </label>
            <button onClick={() => updateProject({ audio: { ...project.audio, music: undefined } })}>Remove music</button>
          </>
        ) : (
          <button onClick={() => fileInput.current?.click()}>Add music…</button>
        )}
        <input ref={fileInput} type="file" accept="audio/*" hidden onChange={(e) => void chooseMusic(e.target.files)} />
      </fieldset>
    </div>
  );
}
