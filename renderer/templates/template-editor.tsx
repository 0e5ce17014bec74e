import { useEffect, useState } from 'react';
import { backgroundKinds, captionStyleSchema, presets, transitionTypes, type CaptionStyle, type PresetName } from '../../preload/contract/project';
import { kenBurnsDirections, type Template } from '../../preload/contract/template';
import { filesToSources } from '../api/file-sources';
import { useConnection, useStudio } from '../app/studio-context';
import { FontSelect } from './font-select';
import { CheckField, ColorField, RangeField, Section, SelectField, TextField } from './template-fields';

const positions = [['top', 'top'], ['center', 'middle'], ['bottom', 'bottom']] as const;
const sides = [['left', 'left side'], ['center', 'centred'], ['right', 'right side']] as const;
const highlightNames: Record<string, string> = { color: 'word in colour', box: 'box behind word', karaoke: 'karaoke fill', none: 'none' };
const percent = (v: number) => `${Math.round(v * 1000) / 10} %`;
// The caption animation (word pop) is another issue's field of the caption style: the control shows
// once the contract has it, and highlight modes (karaoke among them) are read from the schema too.


/**
 * The template editor: every part of a template's look and voice. Each change shows on the live
 * frame beside it (drawn again by the real pipeline, debounced); Save keeps it in the library.
 * Built-in templates and template files are read-only: Duplicate makes an editable copy.
 */
export function TemplateEditor() {
  const conn = useConnection();
  const { draft, change, save, duplicate, rename, remove, addFont, loadFonts, prepare, media } = useStudio((s) => ({
    draft: s.templateDraft!,
    change: s.changeDraft,
    save: s.saveDraft,
    duplicate: s.duplicateTemplate,
    rename: s.renameTemplate,
    remove: s.deleteTemplate,
    addFont: s.addFont,
    loadFonts: s.loadFonts,
    prepare: s.prepareTemplateFile,
    media: s.media,
  }));
  useEffect(() => void loadFonts(), [loadFonts]);
  const t = draft.template;
  const [name, setName] = useState(t.name);
  useEffect(() => setName(t.name), [t.id, t.name]);
  const editable = draft.source === 'user';
  const fonts = useStudio((s) => s.fonts);
  const lang = t.defaults.language;
  const set = (patch: (t: Template) => Template) => change(patch);
  const style = (p: Partial<Template['style']>) => set((x) => ({ ...x, style: { ...x.style, ...p } }));
  const caption = (p: Partial<CaptionStyle>) => set((x) => ({ ...x, style: { ...x.style, caption: { ...x.style.caption, ...p } } }));
  // an imported font the template does not carry yet goes with it, so the render (and an export) can find its file
  const chooseFont = (family: string, patch: (s: Template['style']) => Template['style']) =>
    set((x) => {
      const own = fonts.user.find((f) => f.family === family);
      const carried = own && !x.style.fonts.some((f) => f.family === family) ? [...x.style.fonts, own] : x.style.fonts;
      return { ...x, style: patch({ ...x.style, fonts: carried }) };
    });
  const colors = (p: Partial<Template['style']['colors']>) => style({ colors: { ...t.style.colors, ...p } });
  const design = (p: Partial<Template['style']['design']>) => set((x) => ({ ...x, style: { ...x.style, design: { ...x.style.design, ...p } } }));
  const phrase = (part: 'hook' | 'points' | 'cta', text: string) =>
    set((x) => ({ ...x, structure: { ...x.structure, [part]: { ...x.structure[part], phrase: { ...x.structure[part].phrase, [lang]: text } } } }));
  const exportFile = async () => {
    const file = await prepare(t.id);
    if (!file) return;
    const a = document.createElement('a');
    a.href = conn.mediaUrl(file.path);
    a.download = file.fileName;
    a.click();
  };
  const pickFont = async (files: File[]) => {
    for (const s of await filesToSources(files, conn)) await addFont(s);
  };
  const music = media.filter((m) => m.kind === 'audio');

  return (
    <section className="template-editor panel" aria-label="Template editor" data-testid="template-editor" data-template-id={t.id}>
      <div className="editor-head">
        <input
          className="template-title"
          value={name}
          disabled={!editable}
          onChange={(e) => setName(e.target.value)}
          onBlur={() => name.trim() && name !== t.name && void rename(t.id, name.trim())}
          onKeyDown={(e) => e.key === 'Enter' && (e.target as HTMLInputElement).blur()}
          aria-label="Template name"
          data-testid="template-name"
        />
        {editable ? (
          <button className="primary" disabled={!draft.dirty} onClick={() => void save()} data-testid="template-save">
            {draft.dirty ? 'Save' : 'Saved'}
          </button>
        ) : null}
        <button onClick={() => void duplicate(t.id)} data-testid="template-duplicate">
          {editable ? 'Duplicate' : 'Duplicate to edit'}
        </button>
        <button onClick={() => void exportFile()} data-testid="template-export">Export</button>
        {editable ? (
          <button className="danger" onClick={() => void remove(t.id)} data-testid="template-delete">
            Delete
          </button>
        ) : null}
      </div>
      {!editable ? <p className="meta read-only-note">{draft.source === 'built-in' ? 'A built-in template is read-only.' : 'This template is read from a file you own; the app does not change it.'} Duplicate it to make your own.</p> : null}
      <fieldset className="template-form" disabled={!editable}>
        <Section title="Colours and fonts">
          <div className="row colours">
            <ColorField label="Background" value={t.style.colors.background} onChange={(v) => colors({ background: v })} testId="tpl-background" />
            <ColorField label="Text" value={t.style.colors.text} onChange={(v) => colors({ text: v })} testId="tpl-text" />
            <ColorField label="Accent" value={t.style.colors.accent} onChange={(v) => colors({ accent: v })} testId="tpl-accent" />
          </div>
          <div className="row">
            <FontSelect label="Titles and cards" value={t.style.font} fonts={fonts} extra={t.style.fonts.map((f) => f.family)} onChange={(v) => chooseFont(v, (x) => ({ ...x, font: v }))} testId="tpl-font" />
            <FontSelect label="Captions" value={t.style.caption.font} fonts={fonts} extra={t.style.fonts.map((f) => f.family)} onChange={(v) => chooseFont(v, (x) => ({ ...x, caption: { ...x.caption, font: v } }))} testId="tpl-caption-font" />
          </div>
          <label
            className="font-drop"
            onDragOver={(e) => e.dataTransfer.types.includes('Files') && e.preventDefault()}
            onDrop={(e) => {
              e.preventDefault();
              void pickFont([...e.dataTransfer.files]);
            }}
          >
            Add a font (.ttf, .otf): drop it here or choose
            <input type="file" accept=".ttf,.otf,font/ttf,font/otf" onChange={(e) => void pickFont([...(e.target.files ?? [])])} data-testid="tpl-font-file" />
          </label>
        </Section>
        <Section title="Captions" testId="tpl-captions">
          <div className="row">
            <SelectField label="Position" value={t.style.caption.position} options={positions} onChange={(v) => caption({ position: v })} testId="tpl-caption-position" />
            <SelectField label="Across" value={t.style.caption.align} options={sides} onChange={(v) => caption({ align: v })} testId="tpl-caption-align" />
            <SelectField
              label="Highlight"
              value={t.style.caption.highlight}
              options={captionStyleSchema.shape.highlight.unwrap().options.map((o) => [o, highlightNames[o] ?? o] as const)}
              onChange={(v) => caption({ highlight: v })}
              testId="tpl-caption-highlight"
            />
          </div>
          <div className="row colours">
            <ColorField label="Text" value={t.style.caption.color} onChange={(v) => caption({ color: v })} testId="tpl-caption-color" />
            <ColorField label="Spoken word" value={t.style.caption.highlightColor} onChange={(v) => caption({ highlightColor: v })} testId="tpl-caption-highlight-color" />
            <ColorField label="Outline" value={t.style.caption.outlineColor} onChange={(v) => caption({ outlineColor: v })} testId="tpl-caption-outline-color" />
          </div>
          <div className="row">
            <RangeField label="Size" value={t.style.caption.size} min={0.02} max={0.12} step={0.005} unit={percent} onChange={(v) => caption({ size: v })} testId="tpl-caption-size" />
            <RangeField label="Outline" value={t.style.caption.outline} min={0} max={0.3} step={0.01} unit={percent} onChange={(v) => caption({ outline: v })} testId="tpl-caption-outline" />
          </div>
          <RangeField
            label="Animation: the spoken word pops in"
            value={t.style.caption.wordPop}
            min={0}
            max={0.5}
            step={0.05}
            unit={(v) => (v ? percent(v) : 'off')}
            onChange={(v) => caption({ wordPop: v })}
            testId="tpl-caption-pop"
          />
          <div className="row">
            <CheckField label="Box behind the text" value={t.style.caption.box} onChange={(v) => caption({ box: v })} />
            <CheckField label="CAPITALS" value={t.style.caption.uppercase} onChange={(v) => caption({ uppercase: v })} testId="tpl-caption-uppercase" />
          </div>
        </Section>
        <Section title="Motion">
          <div className="row">
            <SelectField label="Transition" value={t.style.transition.type} options={transitionTypes} onChange={(v) => style({ transition: { ...t.style.transition, type: v } })} testId="tpl-transition" />
            <RangeField label="Length" value={t.style.transition.duration} min={0} max={2} step={0.05} unit={(v) => `${v.toFixed(2)} s`} onChange={(v) => style({ transition: { ...t.style.transition, duration: v } })} testId="tpl-transition-duration" />
          </div>
          <CheckField label="Ken Burns on stills" value={t.style.kenBurns} onChange={(v) => style({ kenBurns: v })} testId="tpl-kenburns" />
          <div className="row">
            <RangeField label="Strength" value={t.motion.strength} min={0} max={0.5} step={0.01} unit={percent} onChange={(v) => set((x) => ({ ...x, motion: { ...x.motion, strength: v } }))} testId="tpl-kenburns-strength" />
            <SelectField label="Direction" value={t.motion.direction} options={kenBurnsDirections.map((d) => [d, d === 'in' ? 'zoom in' : d === 'out' ? 'zoom out' : `pan ${d}`] as const)} onChange={(v) => set((x) => ({ ...x, motion: { ...x.motion, direction: v } }))} testId="tpl-kenburns-direction" />
          </div>
        </Section>
        <Section title="Scenes without media" testId="tpl-design">
          <div className="row">
            <SelectField label="Background" value={t.style.design.background.kind} options={backgroundKinds.map((k) => [k, { blobs: 'soft shapes', aurora: 'aurora bands', particles: 'rising dots', stripes: 'sliding stripes' }[k]] as const)} onChange={(v) => design({ background: { ...t.style.design.background, kind: v } })} testId="tpl-bg-kind" />
            <RangeField label="Speed" value={t.style.design.background.speed} min={0} max={3} step={0.1} unit={(v) => `${v.toFixed(1)}×`} onChange={(v) => design({ background: { ...t.style.design.background, speed: v } })} testId="tpl-bg-speed" />
            <RangeField label="Strength" value={t.style.design.background.intensity} min={0} max={1} step={0.05} unit={percent} onChange={(v) => design({ background: { ...t.style.design.background, intensity: v } })} testId="tpl-bg-intensity" />
          </div>
          <div className="row">
            <ColorField label="Base from" value={t.style.design.background.base?.[0] ?? t.style.colors.background} onChange={(v) => design({ background: { ...t.style.design.background, base: [v, t.style.design.background.base?.[1] ?? t.style.colors.background] } })} testId="tpl-bg-from" />
            <ColorField label="Base to" value={t.style.design.background.base?.[1] ?? t.style.colors.background} onChange={(v) => design({ background: { ...t.style.design.background, base: [t.style.design.background.base?.[0] ?? t.style.colors.background, v] } })} testId="tpl-bg-to" />
            <ColorField label="Shapes" value={t.style.design.background.shapes?.[0] ?? t.style.colors.accent} onChange={(v) => design({ background: { ...t.style.design.background, shapes: [v, ...(t.style.design.background.shapes?.slice(1) ?? [])] } })} testId="tpl-bg-shape" />
          </div>
          <div className="row">
            <RangeField label="Type scale" value={t.style.design.typeScale} min={0.5} max={1.6} step={0.05} unit={(v) => `${Math.round(v * 100)} %`} onChange={(v) => design({ typeScale: v })} testId="tpl-type-scale" />
            <SelectField label="Text" value={t.style.design.align} options={[['center', 'centred'], ['left', 'ranged left']] as const} onChange={(v) => design({ align: v })} testId="tpl-align" />
            <SelectField label="Arrives" value={t.style.design.enter} options={[['pop', 'pops in'], ['rise', 'rises in'], ['fade', 'fades in']] as const} onChange={(v) => design({ enter: v })} testId="tpl-enter" />
            <CheckField label="Capitals" value={t.style.design.uppercase} onChange={(v) => design({ uppercase: v })} testId="tpl-design-upper" />
          </div>
        </Section>
        <Section title="Layout">
          <div className="row">
            <CheckField label="Title card first" value={t.layout.titleCard} onChange={(v) => set((x) => ({ ...x, layout: { ...x.layout, titleCard: v } }))} testId="tpl-title-card" />
            <SelectField label="Frame" value={t.preset} options={Object.keys(presets) as PresetName[]} onChange={(v) => set((x) => ({ ...x, preset: v }))} testId="tpl-preset" />
          </div>
          <div className="row">
            <SelectField label="Title" value={t.layout.titlePosition} options={positions} onChange={(v) => set((x) => ({ ...x, layout: { ...x.layout, titlePosition: v } }))} />
            <RangeField label="Title size" value={t.layout.titleSize} min={0.02} max={0.2} step={0.005} unit={percent} onChange={(v) => set((x) => ({ ...x, layout: { ...x.layout, titleSize: v } }))} />
          </div>
          <div className="row">
            <SelectField label="Overlay text" value={t.layout.overlayPosition} options={positions} onChange={(v) => set((x) => ({ ...x, layout: { ...x.layout, overlayPosition: v } }))} />
            <RangeField label="Overlay size" value={t.layout.overlaySize} min={0.01} max={0.3} step={0.005} unit={percent} onChange={(v) => set((x) => ({ ...x, layout: { ...x.layout, overlaySize: v } }))} />
          </div>
          <div className="row colours">
            <SelectField label="Cards" value={t.cards.kind} options={['gradient', 'color', 'text'] as const} onChange={(v) => set((x) => ({ ...x, cards: { ...x.cards, kind: v } }))} testId="tpl-card-kind" />
            <ColorField label="From" value={t.cards.from} onChange={(v) => set((x) => ({ ...x, cards: { ...x.cards, from: v } }))} testId="tpl-card-from" />
            <ColorField label="To" value={t.cards.to} onChange={(v) => set((x) => ({ ...x, cards: { ...x.cards, to: v } }))} testId="tpl-card-to" />
          </div>
        </Section>
        <Section title="Pacing">
          <div className="row">
            <RangeField label="Words per minute" value={t.pacing.wordsPerMinute} min={60} max={300} step={5} onChange={(v) => set((x) => ({ ...x, pacing: { ...x.pacing, wordsPerMinute: v } }))} testId="tpl-wpm" />
            <RangeField label="Between scenes" value={t.pacing.scenePadding} min={0} max={5} step={0.05} unit={(v) => `${v.toFixed(2)} s`} onChange={(v) => set((x) => ({ ...x, pacing: { ...x.pacing, scenePadding: v } }))} testId="tpl-padding" />
          </div>
          <div className="row">
            <RangeField label="Voice speed" value={t.pacing.voiceSpeed} min={0.5} max={2} step={0.05} unit={(v) => `${v.toFixed(2)}×`} onChange={(v) => set((x) => ({ ...x, pacing: { ...x.pacing, voiceSpeed: v } }))} />
            <RangeField label="Scene length" value={t.pacing.targetSceneSeconds} min={1} max={60} step={1} unit={(v) => `${v} s`} onChange={(v) => set((x) => ({ ...x, pacing: { ...x.pacing, targetSceneSeconds: v } }))} />
          </div>
        </Section>
        <Section title="Music">
          <div className="row">
            <SelectField
              label="Music"
              value={t.music.file ?? ''}
              options={[['', 'chosen by mood'] as const, ...music.map((m) => [m.path, m.name] as const), ...(t.music.file && !music.some((m) => m.path === t.music.file) ? [[t.music.file, t.music.file.split(/[\\/]/).pop()!] as const] : [])]}
              onChange={(v) => set((x) => ({ ...x, music: { ...x.music, file: v || undefined } }))}
              testId="tpl-music-file"
            />
            <TextField label="Mood" value={t.music.mood} onChange={(v) => set((x) => ({ ...x, music: { ...x.music, mood: v } }))} testId="tpl-music-mood" />
          </div>
          <RangeField label="Volume" value={t.music.volume} min={0} max={1} step={0.01} unit={percent} onChange={(v) => set((x) => ({ ...x, music: { ...x.music, volume: v } }))} testId="tpl-music-volume" />
        </Section>
        <Section title="Script">
          <div className="row">
            <TextField label="Language" value={lang} onChange={(v) => set((x) => ({ ...x, defaults: { ...x.defaults, language: v.trim() || 'en' } }))} testId="tpl-language" />
            <RangeField label="Points" value={t.structure.points.count} min={1} max={12} step={1} onChange={(v) => set((x) => ({ ...x, structure: { ...x.structure, points: { ...x.structure.points, count: v } } }))} />
          </div>
          <TextField label="Hook" value={t.structure.hook.phrase[lang] ?? ''} onChange={(v) => phrase('hook', v)} testId="tpl-hook" />
          <TextField label="Each point" value={t.structure.points.phrase[lang] ?? ''} onChange={(v) => phrase('points', v)} />
          <TextField label="Call to action" value={t.structure.cta.phrase[lang] ?? ''} onChange={(v) => phrase('cta', v)} testId="tpl-cta" />
          <p className="meta small">Placeholders: {'{topic}'}, {'{audience}'}, {'{tone}'}, {'{point}'}, {'{n}'}.</p>
        </Section>
      </fieldset>
    </section>
  );
}

/** The editor's live frame: the sample scene with a caption mid-word, in the draft's look. */
export function TemplatePreviewFrame() {
  const { mediaUrl } = useConnection();
  const { frame, preset, dirty } = useStudio((s) => ({ frame: s.draftFrame, preset: s.templateDraft?.template.preset, dirty: s.templateDraft?.dirty }));
  const shape = preset ? presets[preset] : undefined;
  return (
    <section className="template-live panel" aria-label="Preview" data-testid="template-live">
      <h3>Preview {frame.status === 'drawing' ? <span className="meta small">drawing…</span> : dirty ? <span className="meta small">not saved</span> : null}</h3>
      {frame.path ? (
        <img className="template-live-frame" style={shape ? { aspectRatio: `${shape.width} / ${shape.height}` } : undefined} src={mediaUrl(frame.path)} alt="A frame of a video in this look" data-testid="template-preview-frame" data-path={frame.path} />
      ) : (
        <div className="template-live-frame placeholder">{frame.status === 'failed' ? 'No preview' : 'Drawing…'}</div>
      )}
      {frame.status === 'failed' ? <p className="job-error">{frame.message}</p> : null}
    </section>
  );
}
