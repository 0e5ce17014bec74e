import { useState } from 'react';
import { videoFormats, type VideoFormat } from '../../preload/contract/make';
import { presets, type PresetName } from '../../preload/contract/project';
import { estimateNarrationSeconds, wordCount } from '../../preload/contract/narration-pace';
import { useStudio } from '../app/studio-context';
import { stageWords } from '../queue/stage-words';
import { TemplatePicker } from './template-picker';
import { VoicePicker } from './voice-picker';

const formats: Array<{ key: VideoFormat; label: string; shape: string }> = [
  { key: 'shorts', label: 'Shorts', shape: '9:16' },
  { key: 'reels', label: 'Reels', shape: '9:16' },
  { key: 'youtube', label: 'YouTube', shape: '16:9' },
  { key: 'square', label: 'Square', shape: '1:1' },
];

/** The shape of a template's own format, as the format buttons show theirs. */
function templateShape(t: { preset?: string } | undefined): string {
  const p = t?.preset ? presets[t.preset as PresetName] : undefined;
  return p ? p.aspect : '';
}

/** Progress of the make job while the script is split, voiced and built into a project. */
function Making() {
  const job = useStudio((s) => (s.making ? s.jobs[s.making.jobId] : undefined));
  const title = useStudio((s) => s.making?.title ?? '');
  const cancel = useStudio((s) => s.cancelJob);
  const pct = Math.round((job?.progress ?? 0) * 100);
  return (
    <div className="making panel" data-testid="make-progress" aria-live="polite">
      <h3>Making “{title}”</h3>
      <p className="meta" data-testid="make-stage">{job ? stageWords(job) : 'Starting…'}</p>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div className="bar" style={{ width: `${pct}%` }} />
        <span className="pct">{pct} %</span>
      </div>
      {job ? <button type="button" onClick={() => void cancel(job.id)}>Cancel</button> : null}
    </div>
  );
}

/**
 * "New video": a script (or a topic), a template picked by its look, a voice heard before it is
 * chosen, the format, and optionally media to match. Create runs the one make pipeline up to a
 * voiced project, and opens it.
 */
export function NewVideoView() {
  const { templates, create, making } = useStudio((s) => ({ templates: s.templates, create: s.createVideo, making: s.making !== undefined }));
  const [mode, setMode] = useState<'script' | 'topic'>('script');
  const [title, setTitle] = useState('');
  const [script, setScript] = useState('');
  const [topic, setTopic] = useState('');
  const [templateId, setTemplateId] = useState('bold-shorts');
  const [voice, setVoice] = useState('');
  // the template's own format (its preset) until the user picks another
  const [format, setFormat] = useState<VideoFormat | undefined>(undefined);
  const [matchLibrary, setMatchLibrary] = useState(false);
  const [folder, setFolder] = useState('');
  const text = mode === 'script' ? script : topic;
  const words = wordCount(script);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    void create({
      title: title.trim() || undefined,
      ...(mode === 'script' ? { script } : { topic }),
      templateId: templates.some((t) => t.id === templateId) ? templateId : undefined,
      voice: voice || undefined,
      ...(format ? { format } : {}),
      matchLibrary,
      mediaFolders: folder.trim() ? [folder.trim()] : [],
    });
  };

  return (
    <form className="new-video" onSubmit={submit} data-testid="new-video">
      <section className="panel script-panel">
        <h2>New video</h2>
        <div className="segmented" role="tablist">
          <button type="button" role="tab" aria-selected={mode === 'script'} className={mode === 'script' ? 'on' : ''} onClick={() => setMode('script')} data-testid="mode-script">
            My script
          </button>
          <button type="button" role="tab" aria-selected={mode === 'topic'} className={mode === 'topic' ? 'on' : ''} onClick={() => setMode('topic')} data-testid="mode-topic">
            From a topic
          </button>
        </div>
        <label>
          <span>
            Title <span className="meta">(optional)</span>
          </span>
          <input value={title} onChange={(e) => setTitle(e.target.value)} placeholder="Taken from the script when empty" data-testid="new-title" />
        </label>
        {mode === 'script' ? (
          <label>
            Script
            <textarea value={script} onChange={(e) => setScript(e.target.value)} rows={12} placeholder="Write or paste your script. Each paragraph becomes a scene, spoken by the voice you choose." data-testid="new-script" />
            <span className="meta small">{words} words · about {Math.round(estimateNarrationSeconds(script))} s of narration</span>
          </label>
        ) : (
          <label>
            Topic
            <input value={topic} onChange={(e) => setTopic(e.target.value)} placeholder="Why octopuses have three hearts" data-testid="new-topic" />
            <span className="meta small">Written by the language model set in Settings, or from the template’s structure (hook, points, call to action) when none is set.</span>
          </label>
        )}
      </section>

      <section className="panel look-panel">
        <h3>Look</h3>
        <TemplatePicker value={templateId} onChange={setTemplateId} preset={format ? videoFormats[format] : undefined} />
        <div className="row options">
          <div className="field">
            <span className="field-label">Voice</span>
            <VoicePicker value={voice} onChange={setVoice} testId="new-voice" />
          </div>
          <div className="field">
            <span className="field-label">Format</span>
            <div className="segmented" role="radiogroup" aria-label="Format">
              <button type="button" role="radio" aria-checked={format === undefined} className={format === undefined ? 'on' : ''} onClick={() => setFormat(undefined)} data-testid="format-template" title="the format the template was designed for">
                Template’s own <span className="meta">{templateShape(templates.find((t) => t.id === templateId))}</span>
              </button>
              {formats.map((f) => (
                <button type="button" key={f.key} role="radio" aria-checked={format === f.key} className={format === f.key ? 'on' : ''} onClick={() => setFormat(f.key)} data-testid={`format-${f.key}`} title={`${videoFormats[f.key]}`}>
                  {f.label} <span className="meta">{f.shape}</span>
                </button>
              ))}
            </div>
          </div>
        </div>
        <fieldset>
          <legend>Media (optional)</legend>
          <label className="check">
            <input type="checkbox" checked={matchLibrary} onChange={(e) => setMatchLibrary(e.target.checked)} data-testid="match-library" /> Match pictures and clips from my media library to the scenes
          </label>
          <label>
            A folder of pictures and clips
            <input value={folder} onChange={(e) => setFolder(e.target.value)} placeholder="/home/me/Pictures/octopus (matched by file names, in script order)" data-testid="media-folder" />
          </label>
        </fieldset>
        {making ? (
          <Making />
        ) : (
          <button type="submit" className="primary big" disabled={!text.trim()} data-testid="create-video">
            Create
          </button>
        )}
      </section>
    </form>
  );
}
