import { useEffect, useMemo, useRef, useState } from 'react';
import { sceneSeconds } from '../state/timeline-ops';
import { useConnection, useStudio, useStudioStore } from '../app/studio-context';
import type { MediaItem } from '../../preload/contract/studio-api';
import { filesToSources } from '../api/file-sources';
import { MEDIA_MIME } from './media-panel';
import { TimelineClip } from './timeline-clip';
import { fileDropTarget, insertionIndex, layoutClips, sceneStarts, type ClipBox } from './timeline-layout';

export const TEMPLATE_MIME = 'application/x-reelforge-template';
const DRAG_THRESHOLD = 4;

type Gesture =
  | { kind: 'pending'; id: string; startX: number; pointerId: number }
  | { kind: 'move'; ids: string[]; startX: number }
  | { kind: 'trim'; id: string; startX: number; startSeconds: number; key: string };

type FileTarget = { sceneIndex: number } | { index: number } | null;

/** The insertion marker listens to the drag alone, so moving the pointer re-renders only it and the dragged clips. */
function DropMarker({ boxes }: { boxes: ClipBox[] }) {
  const target = useStudio((s) => s.drag?.targetIndex ?? null);
  if (target === null) return null;
  const b = boxes[target];
  const last = boxes[boxes.length - 1];
  const left = b ? b.left - 2 : last ? last.left + last.width : 0;
  // moved with a transform: a new left would re-run layout for the whole 300-clip track
  return <div className="drop-marker" style={{ transform: `translateX(${left}px)` }} data-testid="drop-marker" />;
}

/** Where the preview is playing: a line over the clips, moved with a transform like the drop marker. */
function Playhead({ boxes, starts }: { boxes: ClipBox[]; starts: number[] }) {
  const { t, zoom } = useStudio((s) => ({ t: s.playhead, zoom: s.zoom }));
  if (t === null || !boxes.length) return null;
  let i = starts.length - 1;
  while (i > 0 && starts[i]! > t) i--;
  const b = boxes[i]!;
  const x = Math.min(b.left + b.width, b.left + (t - starts[i]!) * zoom);
  return <div className="playhead" style={{ transform: `translateX(${x}px)` }} data-testid="playhead" data-seconds={t.toFixed(2)} />;
}

export function Timeline() {
  const store = useStudioStore();
  const conn = useConnection();
  const { scenes, zoom } = useStudio((s) => ({ scenes: s.history?.present.scenes ?? [], zoom: s.zoom }));
  const { boxes, width } = useMemo(() => layoutClips(scenes, zoom), [scenes, zoom]);
  const starts = useMemo(() => sceneStarts(scenes), [scenes]);
  const projectId = useStudio((s) => s.history?.present.id);
  // A project opens with its whole length across the track, so short videos are not a sliver.
  useEffect(() => {
    const el = trackRef.current;
    const total = starts.length ? starts[starts.length - 1]! + sceneSeconds(scenes[scenes.length - 1]!) : 0;
    if (el && total > 0) store.getState().setZoom(Math.max(40, Math.min(160, (el.clientWidth - 100) / total)));
  }, [projectId]); // eslint-disable-line react-hooks/exhaustive-deps
  const trackRef = useRef<HTMLDivElement>(null);
  const gesture = useRef<Gesture | null>(null);
  const [fileTarget, setFileTarget] = useState<FileTarget>(null);
  // a template held over the track: over a clip it restyles that scene, elsewhere the whole project
  const [templateHover, setTemplateHover] = useState<false | { sceneIndex?: number }>(false);

  const trackX = (clientX: number) => {
    const el = trackRef.current!;
    return clientX - el.getBoundingClientRect().left + el.scrollLeft;
  };

  const onPointerDown = (e: React.PointerEvent) => {
    if (e.button !== 0) return;
    const target = e.target as HTMLElement;
    const trimId = target.closest<HTMLElement>('[data-trim]')?.dataset.trim;
    const clip = target.closest<HTMLElement>('[data-scene-id]');
    if (!clip) {
      store.getState().clearSelection();
      return;
    }
    const id = clip.dataset.sceneId!;
    const state = store.getState();
    trackRef.current!.setPointerCapture(e.pointerId);
    if (trimId) {
      const scene = state.history?.present.scenes.find((s) => s.id === trimId);
      const box = boxes.find((b) => b.id === trimId);
      if (!scene || !box) return;
      gesture.current = { kind: 'trim', id: trimId, startX: e.clientX, startSeconds: box.width / zoom, key: `trim:${trimId}:${e.timeStamp}` };
      state.select(trimId);
      return;
    }
    if (e.shiftKey) state.select(id, 'range');
    else if (e.ctrlKey || e.metaKey) state.select(id, 'toggle');
    else if (!state.selection.includes(id)) state.select(id);
    gesture.current = { kind: 'pending', id, startX: e.clientX, pointerId: e.pointerId };
  };

  const onPointerMove = (e: React.PointerEvent) => {
    const g = gesture.current;
    if (!g) return;
    const state = store.getState();
    if (g.kind === 'trim') {
      state.trim(g.id, g.startSeconds + (e.clientX - g.startX) / zoom, g.key);
      return;
    }
    if (g.kind === 'pending') {
      if (Math.abs(e.clientX - g.startX) < DRAG_THRESHOLD) return;
      const order = state.history?.present.scenes.map((s) => s.id ?? '') ?? [];
      const ids = order.filter((x) => state.selection.includes(x));
      gesture.current = { kind: 'move', ids: ids.length ? ids : [g.id], startX: g.startX };
    }
    const m = gesture.current as Extract<Gesture, { kind: 'move' }>;
    state.setDrag({ ids: m.ids, dx: e.clientX - m.startX, targetIndex: insertionIndex(boxes, trackX(e.clientX)) });
  };

  const endGesture = (e: React.PointerEvent, commit: boolean) => {
    const g = gesture.current;
    gesture.current = null;
    if (trackRef.current?.hasPointerCapture(e.pointerId)) trackRef.current.releasePointerCapture(e.pointerId);
    const state = store.getState();
    if (g?.kind === 'pending' && commit && !(e.shiftKey || e.ctrlKey || e.metaKey)) state.select(g.id);
    if (g?.kind !== 'move') return;
    const drag = state.drag;
    state.setDrag(null);
    if (commit && drag) state.moveSelected(drag.targetIndex);
  };

  const onDragOver = (e: React.DragEvent) => {
    const types = e.dataTransfer.types;
    if (types.includes(TEMPLATE_MIME)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      const where = templateTarget(e.clientX);
      setTemplateHover((h) => (h && h.sceneIndex === where ? h : { sceneIndex: where }));
    } else if (types.includes('Files') || types.includes(MEDIA_MIME)) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
      setFileTarget(fileDropTarget(boxes, trackX(e.clientX)));
    }
  };

  /** the scene whose clip is under the pointer (anywhere on the clip), or undefined off the clips */
  const templateTarget = (clientX: number): number | undefined => {
    const x = trackX(clientX);
    const i = boxes.findIndex((b) => x >= b.left && x < b.left + b.width);
    return i < 0 ? undefined : i;
  };

  const onDrop = async (e: React.DragEvent) => {
    e.preventDefault();
    setTemplateHover(false);
    setFileTarget(null);
    const state = store.getState();
    const templateId = e.dataTransfer.getData(TEMPLATE_MIME);
    if (templateId) {
      const sceneIndex = templateTarget(e.clientX);
      return void (sceneIndex === undefined ? state.applyTemplate(templateId) : state.applyTemplateToScene(templateId, sceneIndex));
    }
    const where = fileDropTarget(boxes, trackX(e.clientX));
    const sceneId = 'sceneIndex' in where ? scenes[where.sceneIndex]?.id : undefined;
    const target = sceneId ? { sceneId } : { index: 'index' in where ? where.index : scenes.length };
    const fromLibrary = e.dataTransfer.getData(MEDIA_MIME);
    if (fromLibrary) return state.placeMedia([JSON.parse(fromLibrary) as MediaItem], target);
    const files = [...e.dataTransfer.files];
    if (!files.length) return;
    await state.trackImport(files, 'media', async () => state.dropMedia(await filesToSources(files, conn), target));
  };

  const between = fileTarget && 'index' in fileTarget ? boxes[fileTarget.index] ?? null : null;
  const betweenLeft = fileTarget && 'index' in fileTarget ? (between ? between.left - 2 : width) : null;

  return (
    <div
      className={templateHover ? 'timeline template-hover' : 'timeline'}
      ref={trackRef}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={(e) => endGesture(e, true)}
      onPointerCancel={(e) => endGesture(e, false)}
      onDragOver={onDragOver}
      onDragLeave={() => {
        setTemplateHover(false);
        setFileTarget(null);
      }}
      onDrop={(e) => void onDrop(e)}
      data-testid="timeline"
      role="list"
      aria-label="Timeline"
    >
      <div className="track" style={{ width: width + 80 }}>
        {scenes.map((scene, i) => (
          <TimelineClip
            key={scene.id}
            scene={scene}
            index={i}
            box={boxes[i]!}
            fileHover={(fileTarget !== null && 'sceneIndex' in fileTarget && fileTarget.sceneIndex === i) || (templateHover !== false && templateHover.sceneIndex === i)}
          />
        ))}
        <DropMarker boxes={boxes} />
        <Playhead boxes={boxes} starts={starts} />
        {betweenLeft !== null ? <div className="drop-marker file" style={{ left: betweenLeft }} /> : null}
      </div>
      {templateHover ? (
        <div className="template-drop-hint">{templateHover.sceneIndex === undefined ? 'Drop to restyle the whole project' : `Drop to restyle scene ${templateHover.sceneIndex + 1} only`}</div>
      ) : null}
    </div>
  );
}
