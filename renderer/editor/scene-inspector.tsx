import { VoicePicker } from '../create/voice-picker';
import type { Scene, Visual } from '../../preload/contract/project';
import { fitModes, transitionTypes } from '../../preload/contract/project';
import { useStudio } from '../app/studio-context';
import { sceneSeconds } from '../state/timeline-ops';
import { OnlineVisualFields } from './online-visual-fields';
import { DesignedFields } from './designed-fields';
import { SceneCaptionFields } from './scene-captions';

const defaultVisual: Record<'color' | 'gradient' | 'text' | 'designed', Visual> = {
  designed: { type: 'designed', kind: 'kinetic', text: '', at: 0 },
  color: { type: 'color', color: '#202030' },
  gradient: { type: 'gradient', from: '#202030', to: '#FF3D6E', direction: 'vertical' },
  text: { type: 'text', text: 'Title', size: 0.07 },
};
const fitWords: Record<(typeof fitModes)[number], string> = { fill: 'fill the frame (crop)', fit: 'fit inside (bars)', 'blur-pad': 'fit on a blurred copy' };
const fileName = (p: string) => (p.split(/[\\/]/).pop() ?? p).replace(/^[0-9a-f]{12}-/, '');

function Num({ label, value, min, max, step, onChange, testId }: { label: string; value: number; min: number; max: number; step: number; onChange(v: number): void; testId?: string }) {
  return (
    <label>
      {label}
      <input type="number" min={min} max={max} step={step} value={value} onChange={(e) => { const v = Number(e.target.value); if (e.target.value !== '' && v >= min && v <= max) onChange(v); }} data-testid={testId} />
    </label>
  );
}

function VisualFields({ visual, onChange }: { visual: Visual; onChange(v: Visual): void }) {
  return (
    <fieldset>
      <legend>Picture</legend>
      <label>
        Kind
        <select
          value={visual.type}
          onChange={(e) => {
            const t = e.target.value as Visual['type'];
            if (t === 'color' || t === 'gradient' || t === 'text' || (t === 'designed' && visual.type !== 'designed')) onChange(defaultVisual[t]);
          }}
          data-testid="visual-type"
        >
          {(visual.type === 'image' || visual.type === 'video') && <option value={visual.type}>{visual.type === 'image' ? 'picture' : 'video clip'}: {fileName(visual.path)}</option>}
          {(visual.type === 'generated' || visual.type === 'avatar') && <option value={visual.type}>{visual.type === 'generated' ? 'clip from a prompt' : 'avatar'} (see below)</option>}
          <option value="designed">designed from the sentence</option>
          <option value="color">colour card</option>
          <option value="gradient">gradient card</option>
          <option value="text">text card</option>
        </select>
      </label>
      {visual.type === 'designed' && <DesignedFields visual={visual} onChange={onChange} />}
      {(visual.type === 'image' || visual.type === 'video') && (
        <label>
          Framing
          <select value={visual.fit} onChange={(e) => onChange({ ...visual, fit: e.target.value as (typeof fitModes)[number] })} data-testid="visual-fit">
            {fitModes.map((m) => <option key={m} value={m}>{fitWords[m]}</option>)}
          </select>
        </label>
      )}
      {visual.type === 'image' && (
        <>
          <div className="row">
            <Num label="Zoom from" value={visual.zoom[0]} min={1} max={3} step={0.05} onChange={(v) => onChange({ ...visual, zoom: [v, visual.zoom[1]] })} testId="visual-zoom-from" />
            <Num label="Zoom to" value={visual.zoom[1]} min={1} max={3} step={0.05} onChange={(v) => onChange({ ...visual, zoom: [visual.zoom[0], v] })} testId="visual-zoom-to" />
          </div>
          <label>
            Pan
            <select value={visual.pan} onChange={(e) => onChange({ ...visual, pan: e.target.value as typeof visual.pan })} data-testid="visual-pan">
              {(['none', 'left', 'right', 'up', 'down'] as const).map((p) => <option key={p} value={p}>{p}</option>)}
            </select>
          </label>
        </>
      )}
      {visual.type === 'video' && (
        <>
          <div className="row">
            <Num label="Start at (s)" value={visual.start} min={0} max={36000} step={0.1} onChange={(v) => onChange({ ...visual, start: v })} testId="visual-trim-start" />
            <Num label="Clip sound" value={visual.volume} min={0} max={2} step={0.1} onChange={(v) => onChange({ ...visual, volume: v })} />
          </div>
          <label className="check">
            <input type="checkbox" checked={visual.loop} onChange={(e) => onChange({ ...visual, loop: e.target.checked })} /> Loop when shorter than the scene
          </label>
          <p className="meta small">The clip plays from “Start at” for as long as the scene lasts (set below).</p>
        </>
      )}
      {visual.type === 'color' && (
        <label>
          Colour <input type="color" value={visual.color.slice(0, 7)} onChange={(e) => onChange({ ...visual, color: e.target.value.toUpperCase() })} />
        </label>
      )}
      {visual.type === 'gradient' && (
        <div className="row">
          <input type="color" value={visual.from.slice(0, 7)} onChange={(e) => onChange({ ...visual, from: e.target.value.toUpperCase() })} aria-label="From" />
          <input type="color" value={visual.to.slice(0, 7)} onChange={(e) => onChange({ ...visual, to: e.target.value.toUpperCase() })} aria-label="To" />
        </div>
      )}
      {visual.type === 'text' && (
        <label>
          Card text <input value={visual.text} onChange={(e) => e.target.value && onChange({ ...visual, text: e.target.value })} />
        </label>
      )}
    </fieldset>
  );
}

export function SceneInspector({ scene, index }: { scene: Scene; index: number }) {
  const { update, setNarration, revoiceScene, voicing, templates, projectVoice, speakerVoice } = useStudio((s) => ({
    update: s.updateScene,
    setNarration: s.setNarration,
    revoiceScene: s.revoiceScene,
    voicing: !!s.voicing[scene.id ?? ''],
    templates: s.templates,
    projectVoice: s.history?.present.audio.voice,
    speakerVoice: scene.speaker ? s.history?.present.audio.speakers?.[scene.speaker] : undefined,
  }));
  const templateName = (tid: string) => templates.find((t) => t.id === tid)?.name ?? tid;
  const id = scene.id ?? '';
  const fit = scene.duration === 'fit';
  const voiced = !!scene.audio && !!scene.words?.length;
  return (
    <div className="inspector-body" data-testid="scene-inspector">
      <h3>Scene {index + 1}</h3>
      {scene.style ? (
        <div className="own-look" data-testid="scene-own-look">
          <p>
            <strong>This scene has its own look</strong>
            {scene.template ? ` (from the template “${templateName(scene.template)}”)` : ''}: its colours, fonts and captions differ from the rest of the video.
          </p>
          <button onClick={() => update(id, { style: undefined, template: undefined })} data-testid="scene-clear-look">
            Use the video’s look
          </button>
        </div>
      ) : null}
      <label>
        Narration
        <textarea rows={4} value={scene.narration} onChange={(e) => setNarration(id, e.target.value)} data-testid="scene-narration" />
      </label>
      <p className="meta small voice-state" data-testid="voice-state" data-state={voicing ? 'voicing' : voiced ? 'voiced' : 'silent'}>
        {voicing ? 'Speaking the new words…' : voiced ? `Voiced · ${scene.words!.length} words · ${sceneSeconds(scene).toFixed(1)} s` : scene.narration.trim() ? 'Not voiced yet' : 'No narration'}
      </p>
      <fieldset className="scene-voice">
        <legend>{scene.speaker ? `Voice (${scene.speaker} speaks this scene)` : 'Voice of this scene'}</legend>
        <VoicePicker
          value={scene.voice ?? speakerVoice ?? projectVoice ?? ''}
          onChange={(v) => v && void revoiceScene(id, v)}
          testId="scene-voice"
          emptyLabel="The video’s voice"
          offerNatural={false}
        />
      </fieldset>
      <VisualFields visual={scene.visual} onChange={(visual) => update(id, { visual })} />
      <OnlineVisualFields scene={scene} onChange={(visual) => update(id, { visual })} />
      <SceneCaptionFields scene={scene} />
      <fieldset>
        <legend>Length</legend>
        <label className="check">
          <input type="checkbox" checked={fit} disabled={!scene.audio && !fit} data-testid="scene-fit" onChange={(e) => update(id, { duration: e.target.checked ? 'fit' : Math.round(sceneSeconds(scene) * 10) / 10 })} /> As long as the narration
        </label>
        {!fit && (
          <label>
            Seconds
            <input type="number" min={0.5} max={120} step={0.1} value={scene.duration as number} onChange={(e) => Number(e.target.value) > 0 && update(id, { duration: Number(e.target.value) })} data-testid="scene-duration" />
          </label>
        )}
      </fieldset>
      <fieldset>
        <legend>Transition in</legend>
        <select
          value={scene.transition?.type ?? ''}
          onChange={(e) => update(id, { transition: e.target.value ? { type: e.target.value as (typeof transitionTypes)[number], duration: scene.transition?.duration ?? 0.5 } : undefined })}
        >
          <option value="">template default</option>
          {transitionTypes.map((t) => (
            <option key={t} value={t}>{t}</option>
          ))}
        </select>
      </fieldset>
    </div>
  );
}
