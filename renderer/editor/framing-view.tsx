import { useEffect, useRef, useState } from 'react';
import { outputFormat, type Scene, type Visual } from '../../preload/contract/project';
import { useConnection, useStudio } from '../app/studio-context';
import { updateScene } from '../state/timeline-ops';

type Still = Extract<Visual, { type: 'image' }>;
type Pan = Still['pan'];

/** Where the window ends for a pan, as the box's left/top in % of the frame (the renderer's kenBurnsWindow at t = 1). */
export function endBox(zoom: number, pan: Pan): { left: number; top: number; size: number } {
  const size = 100 / zoom;
  const free = 100 - size;
  return { size, left: pan === 'left' ? 0 : pan === 'right' ? free : free / 2, top: pan === 'up' ? 0 : pan === 'down' ? free : free / 2 };
}

/** The pan a box dropped at (left, top) means: the side it was moved most towards, or none near the middle. */
export function panFor(left: number, top: number, size: number): Pan {
  const free = 100 - size;
  if (free <= 0.5) return 'none';
  const dx = (left - free / 2) / (free / 2);
  const dy = (top - free / 2) / (free / 2);
  if (Math.max(Math.abs(dx), Math.abs(dy)) < 0.35) return 'none';
  return Math.abs(dx) >= Math.abs(dy) ? (dx < 0 ? 'left' : 'right') : dy < 0 ? 'up' : 'down';
}

const clampZoom = (z: number) => Math.round(Math.min(3, Math.max(1, z)) * 100) / 100;

/**
 * Framing by hand: the scene's whole picture (drawn by the render pipeline with no zoom) and, on
 * it, the box the Ken Burns ends on. Drag the box towards a side to pan there, scroll on it (or
 * use − / +) to zoom; the dashed box is where the motion starts. Each change is one undoable edit.
 */
export function FramingView({ scene, sceneIndex, onDone }: { scene: Scene & { visual: Still }; sceneIndex: number; onDone(): void }) {
  const { api, mediaUrl } = useConnection();
  const { project, edit } = useStudio((s) => ({ project: s.history!.present, edit: s.edit }));
  const [whole, setWhole] = useState<string>();
  const [drag, setDrag] = useState<{ left: number; top: number }>();
  const area = useRef<HTMLDivElement>(null);
  const v = scene.visual;
  const pictureKey = `${v.path}|${v.fit}|${project.settings.width}|${project.settings.height}|${project.settings.preset}`;

  useEffect(() => {
    let live = true;
    // the same picture with the motion taken out: zoom 1 is the whole frame the boxes are drawn on
    const flat = { ...project, scenes: project.scenes.map((s, i) => (i === sceneIndex ? { ...s, visual: { ...v, zoom: [1, 1] as [number, number], pan: 'none' as const } } : s)) };
    void api.renderFrame({ project: flat, sceneIndex, offset: 0 }).then((r) => live && setWhole(r.path), () => {});
    return () => {
      live = false;
    };
  }, [pictureKey]); // eslint-disable-line react-hooks/exhaustive-deps

  // a drag or a click is one undo step; a wheel gesture's many small steps are one
  const set = (patch: Partial<Still>, mergeKey?: string) => edit((p) => updateScene(p, scene.id!, { visual: { ...v, kenBurns: true, ...patch } }), mergeKey);
  const end = endBox(v.zoom[1], v.pan);
  const start = endBox(v.zoom[0], v.pan === 'left' ? 'right' : v.pan === 'right' ? 'left' : v.pan === 'up' ? 'down' : v.pan === 'down' ? 'up' : 'none');
  const box = drag ? { ...end, ...drag } : end;

  const onPointerDown = (e: React.PointerEvent) => {
    const rect = area.current!.getBoundingClientRect();
    const from = { x: e.clientX, y: e.clientY, left: end.left, top: end.top };
    (e.target as HTMLElement).setPointerCapture(e.pointerId);
    const free = 100 - end.size;
    const at = (ev: PointerEvent) => ({
      left: Math.min(free, Math.max(0, from.left + ((ev.clientX - from.x) / rect.width) * 100)),
      top: Math.min(free, Math.max(0, from.top + ((ev.clientY - from.y) / rect.height) * 100)),
    });
    const move = (ev: PointerEvent) => setDrag(at(ev));
    const up = (ev: PointerEvent) => {
      window.removeEventListener('pointermove', move);
      window.removeEventListener('pointerup', up);
      const p = at(ev);
      setDrag(undefined);
      const pan = panFor(p.left, p.top, end.size);
      if (pan !== v.pan) set({ pan });
    };
    window.addEventListener('pointermove', move);
    window.addEventListener('pointerup', up);
  };

  return (
    <div className="framing" data-testid="framing">
      <div className="framing-area" ref={area} style={{ aspectRatio: `${outputFormat(project.settings).width} / ${outputFormat(project.settings).height}` }}>
        {whole ? <img src={mediaUrl(whole)} alt="The scene's whole picture" data-testid="framing-picture" draggable={false} /> : <div className="preview-empty">Drawing the whole picture…</div>}
        <div
          className="framing-box end"
          style={{ left: `${box.left}%`, top: `${box.top}%`, width: `${box.size}%`, height: `${box.size}%` }}
          onPointerDown={onPointerDown}
          onWheel={(e) => set({ zoom: [v.zoom[0], clampZoom(v.zoom[1] * (e.deltaY < 0 ? 1.05 : 1 / 1.05))] }, `framing-wheel:${scene.id}`)}
          data-testid="framing-box"
          data-pan={v.pan}
          data-zoom={v.zoom[1]}
          role="slider"
          aria-label="Where the picture ends: drag to pan, scroll to zoom"
          aria-valuenow={v.zoom[1]}
          aria-valuemin={1}
          aria-valuemax={3}
        />
        <div className="framing-box start" style={{ left: `${start.left}%`, top: `${start.top}%`, width: `${start.size}%`, height: `${start.size}%` }} data-testid="framing-start" title="Where the motion starts" />
      </div>
      <div className="framing-bar">
        <span className="meta small">
          Ends on the solid box (zoom {v.zoom[1].toFixed(2)}×{v.pan === 'none' ? '' : `, pans ${v.pan}`}); starts on the dashed one.
        </span>
        <button onClick={() => set({ zoom: [v.zoom[0], clampZoom(v.zoom[1] - 0.1)] })} aria-label="Zoom out" data-testid="framing-zoom-out">−</button>
        <button onClick={() => set({ zoom: [v.zoom[0], clampZoom(v.zoom[1] + 0.1)] })} aria-label="Zoom in" data-testid="framing-zoom-in">+</button>
        <button className="primary" onClick={onDone} data-testid="framing-done">Done</button>
      </div>
    </div>
  );
}
