import { useState } from 'react';
import type { CaptionStyle } from '../../preload/contract/project';
import type { StoredProject } from '../../preload/contract/studio-api';
import { sceneAt } from '../state/scene-time';

export type Band = { top: number; bottom: number; left: number; right: number };
type Place = Pick<CaptionStyle, 'position'> & Partial<Pick<CaptionStyle, 'margin'>>;

const round = (v: number) => Math.round(Math.min(0.45, Math.max(0, v)) * 1000) / 1000;

/**
 * The caption position a band dropped between `top` and `bottom` (fractions of the height) means:
 * near the top, hung from the top at that distance; near the bottom, standing on the bottom at
 * that distance (the renderer keeps it above the platforms' bottom band); in between, the middle.
 */
export function captionPlaceFor(top: number, bottom: number): Place {
  const centre = (top + bottom) / 2;
  if (centre < 0.4) return { position: 'top', margin: round(top) };
  if (centre > 0.6) return { position: 'bottom', margin: round(1 - bottom) };
  return { position: 'center' };
}

/**
 * Moves the captions of the scene under the playhead: the scene's own position when it has one
 * (set in its inspector), else its own look's when it has a template of its own, else the whole
 * video's caption style, which the caption panel edits too. One undo step.
 */
export function moveCaptions(p: StoredProject, playhead: number, place: Place): StoredProject {
  const { sceneIndex } = sceneAt(p.scenes, playhead);
  const scene = p.scenes[sceneIndex]!;
  const scenes = (patch: Partial<typeof scene>) => ({ ...p, scenes: p.scenes.map((s, i) => (i === sceneIndex ? { ...s, ...patch } : s)) });
  if (scene.captionStyle?.position) return scenes({ captionStyle: { ...scene.captionStyle, ...place } });
  if (scene.style) return scenes({ style: { ...scene.style, caption: { ...scene.style.caption, ...place } } });
  return { ...p, style: { ...p.style, caption: { ...p.style.caption, ...place } } };
}

/**
 * The caption band on the frame (a dashed box where the scene's captions are drawn): drag it up or
 * down to move the captions; the frame is drawn again where they now are.
 */
export function CaptionBand({ band, picture, onMove }: { band: Band; picture: { left: number; top: number; width: number; height: number }; onMove(place: Place): void }) {
  const [dy, setDy] = useState<number>();
  const top = picture.top + band.top * picture.height + (dy ?? 0);
  const height = (band.bottom - band.top) * picture.height;
  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    const from = e.clientY;
    const el = e.currentTarget;
    const move = (m: PointerEvent) => setDy(m.clientY - from);
    const up = (u: PointerEvent) => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      setDy(undefined);
      const shift = (u.clientY - from) / picture.height;
      if (Math.abs(shift) > 0.005) onMove(captionPlaceFor(band.top + shift, band.bottom + shift));
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
  };
  return (
    <div
      className={`caption-band${dy !== undefined ? ' dragging' : ''}`}
      style={{ top, height, left: picture.left + band.left * picture.width, width: (band.right - band.left) * picture.width }}
      onPointerDown={onPointerDown}
      title="Drag the captions up or down"
      data-testid="caption-band"
    >
      <span className="caption-band-label">⇕ Captions</span>
    </div>
  );
}
