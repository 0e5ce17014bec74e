import { useEffect, useRef, useState } from 'react';
import { useConnection, useStudio, useStudioStore } from '../app/studio-context';
import { totalSeconds } from '../state/timeline-ops';
import { playGrowingMp4 } from './stream-player';
import { FrameView } from './frame-view';
import { FramingView } from './framing-view';

/**
 * A change after a quiet moment asks for its frame at once; changes that follow each other faster
 * than this (a scrub, typing, a slider) ask once they rest this long.
 */
export const FRAME_DEBOUNCE_MS = 120;

const clock = (s: number) => `${Math.floor(s / 60)}:${(s % 60).toFixed(1).padStart(4, '0')}`;

/** Asks for the frame under the playhead whenever the document or the playhead changes (not while a preview plays). */
function useFrameUnderPlayhead() {
  const store = useStudioStore();
  const { present, playhead, playing } = useStudio((s) => ({ present: s.history?.present, playhead: s.playhead, playing: s.preview.status === 'ready' }));
  const lastChange = useRef(-Infinity);
  useEffect(() => {
    if (!present || playing) return;
    const now = performance.now();
    const quiet = now - lastChange.current >= FRAME_DEBOUNCE_MS;
    lastChange.current = now;
    // one edit: its frame now (the debounce's wait was a fifth of the whole delay); a run of changes: the last one's
    if (quiet) return void store.getState().drawFrame();
    const t = setTimeout(() => void store.getState().drawFrame(), FRAME_DEBOUNCE_MS);
    return () => clearTimeout(t);
  }, [store, present, playhead, playing]);
}

/**
 * The editor's picture. At rest it is the frame under the playhead, drawn by the real render
 * pipeline a moment after each edit or move of the playhead; "Play" streams a quick
 * low-resolution render through the same pipeline from the playhead, with its sound, and plays it
 * while it is being made. While it plays, its time drives the playhead.
 */
export function PreviewPanel() {
  const { mediaUrl } = useConnection();
  const store = useStudioStore();
  const { preview, renderPreview, hasSelection, playhead, total } = useStudio((s) => ({
    preview: s.preview,
    renderPreview: s.renderPreview,
    hasSelection: s.selection.length > 0,
    playhead: s.playhead,
    total: s.history ? totalSeconds(s.history.present) : 0,
  }));
  // the selected scene, when it is a still: its framing can be set by hand on the picture
  const still = useStudio((s) => {
    const scenes = s.history?.present.scenes ?? [];
    const i = scenes.findIndex((x) => x.id === s.selection[0]);
    return i >= 0 && s.selection.length === 1 && scenes[i]!.visual.type === 'image' ? i : -1;
  });
  const stillScene = useStudio((s) => (still >= 0 ? s.history?.present.scenes[still] : undefined));
  const [framing, setFraming] = useState(false);
  useEffect(() => {
    if (still < 0) setFraming(false);
  }, [still]);
  const video = useRef<HTMLVideoElement>(null);
  useFrameUnderPlayhead();

  const stream = preview.status === 'ready' ? preview.stream : undefined;
  useEffect(() => {
    const v = video.current;
    if (!v || !stream || !preview.path) return;
    // the stream's bytes go to the player as the render writes them
    const stopFeeding = playGrowingMp4(v, {
      url: mediaUrl(preview.path),
      mime: stream.mime,
      duration: stream.duration,
      onError: (message) => {
        store.getState().stopPreview();
        store.getState().reportError(new Error(message), 'Preview');
      },
    });
    let frame = 0;
    // while it plays, the video's time drives the playhead (the stream's 0 is where Play was pressed)
    const tick = () => {
      store.getState().setPlayhead(stream.start + v.currentTime);
      if (!v.paused && !v.ended) frame = requestAnimationFrame(tick);
    };
    const onPlay = () => {
      cancelAnimationFrame(frame);
      frame = requestAnimationFrame(tick);
    };
    v.addEventListener('play', onPlay);
    v.addEventListener('seeked', tick);
    v.addEventListener('ended', tick);
    return () => {
      stopFeeding();
      cancelAnimationFrame(frame);
      v.removeEventListener('play', onPlay);
      v.removeEventListener('seeked', tick);
      v.removeEventListener('ended', tick);
    };
  }, [store, stream, preview.path, mediaUrl]);
  // leaving the editor (another tab, another project) stops a stream still being made
  useEffect(() => () => store.getState().stopPreview(), [store]);

  const playing = !!stream;
  return (
    <section className="preview panel" aria-label="Preview">
      <div className="preview-stage">
        {playing ? (
          <video ref={video} key={stream!.id} controls autoPlay data-testid="preview-video" data-stream-id={stream!.id} />
        ) : framing && stillScene?.visual.type === 'image' ? (
          <FramingView scene={stillScene as Parameters<typeof FramingView>[0]['scene']} sceneIndex={still} onDone={() => setFraming(false)} />
        ) : (
          <FrameView />
        )}
        {preview.status === 'rendering' ? (
          <div className="stage-note" role="status" data-testid="preview-rendering">
            <span className="spinner" aria-hidden /> Starting the preview…
          </div>
        ) : null}
      </div>
      <div className="scrub-row">
        <input
          type="range"
          min={0}
          max={Math.max(0.1, total)}
          step={0.04}
          value={Math.min(playhead ?? 0, total)}
          onChange={(e) => {
            store.getState().stopPreview();
            store.setState({ playhead: Number(e.target.value) });
          }}
          aria-label="Playhead"
          data-testid="scrub"
        />
        <span className="time" data-testid="playhead-time">
          {clock(playhead ?? 0)} / {clock(total)}
        </span>
      </div>
      <div className="actions">
        {playing ? (
          <button onClick={() => store.getState().stopPreview()} data-testid="show-frame">
            ■ Back to the frame
          </button>
        ) : null}
        <button onClick={() => void renderPreview('project')} disabled={preview.status === 'rendering'} data-testid="preview-project" title="A quick low-resolution render of the whole video, with its sound, from the playhead">
          ▶ Play
        </button>
        {still >= 0 && !playing ? (
          <button onClick={() => setFraming(!framing)} className={framing ? 'on' : ''} aria-pressed={framing} data-testid="framing-open" title="Drag and zoom the picture's window on the whole picture">
            ⤢ Framing
          </button>
        ) : null}
        <button onClick={() => void renderPreview('scene')} disabled={preview.status === 'rendering' || !hasSelection} data-testid="preview-scene">
          ▶ Play scene
        </button>
      </div>
    </section>
  );
}
