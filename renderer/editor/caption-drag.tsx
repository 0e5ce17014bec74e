import { useState } from 'react';
import type { CaptionStyle } from '../../preload/contract/project';
import type { StoredProject } from '../../preload/contract/studio-api';
import { sceneAt } from '../state/scene-time';

export type Band = { top: number; bottom: number; left: number; right: number; align: CaptionStyle['align'] };
type Place = Pick<CaptionStyle, 'position'> & Partial<Pick<CaptionStyle, 'margin' | 'align'>>;

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
 * The side a band dragged sideways goes to: the third of the frame the pointer was let go in. A
 * drag that moved less than `SIDEWAYS` of the width keeps the side it had (a drag up or down).
 */
export function captionSideFor(dx: number, pointerX: number, current: CaptionStyle['align']): CaptionStyle['align'] {
  if (Math.abs(dx) < SIDEWAYS) return current;
  return pointerX < 1 / 3 ? 'left' : pointerX > 2 / 3 ? 'right' : 'center';
}
const SIDEWAYS = 0.06;

/**
 * Moves the captions of the scene under the playhead: the scene's own position when it has one
 * (set in its inspector), else its own look's when it has a template of its own, else the whole
 * video's caption style, which the caption panel edits too. One undo step.
 */
export function moveCaptions(p: StoredProject, playhead: number, place: Partial<Place>): StoredProject {
  const { sceneIndex } = sceneAt(p.scenes, playhead);
  const scene = p.scenes[sceneIndex]!;
  const scenes = (patch: Partial<typeof scene>) => ({ ...p, scenes: p.scenes.map((s, i) => (i === sceneIndex ? { ...s, ...patch } : s)) });
  if (scene.captionStyle?.position || scene.captionStyle?.align || scene.captionStyle?.enabled === true) return scenes({ captionStyle: { ...scene.captionStyle, ...place } });
  if (scene.style) return scenes({ style: { ...scene.style, caption: { ...scene.style.caption, ...place } } });
  return { ...p, style: { ...p.style, caption: { ...p.style.caption, ...place } } };
}

const sideWords = { left: 'left', center: 'centred', right: 'right' } as const;

/**
 * The caption band on the frame (a dashed box where the scene's captions are drawn): drag it up or
 * down, or to a side, to move the captions; the frame is drawn again where they now are.
 */
export function CaptionBand({ band, picture, onMove }: { band: Band; picture: { left: number; top: number; width: number; height: number }; onMove(place: Partial<Place>): void }) {
  const [drag, setDrag] = useState<{ dx: number; dy: number }>();
  const top = picture.top + band.top * picture.height + (drag?.dy ?? 0);
  const height = (band.bottom - band.top) * picture.height;
  const onPointerDown = (e: React.PointerEvent<HTMLDivElement>) => {
    e.preventDefault();
    e.currentTarget.setPointerCapture(e.pointerId);
    const from = { x: e.clientX, y: e.clientY };
    const el = e.currentTarget;
    const move = (m: PointerEvent) => setDrag({ dx: m.clientX - from.x, dy: m.clientY - from.y });
    const up = (u: PointerEvent) => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      setDrag(undefined);
      const shift = (u.clientY - from.y) / picture.height;
      const sideways = (u.clientX - from.x) / picture.width;
      // `picture` is placed in the band's container: the pointer is read in the same frame
      const origin = (el.offsetParent ?? el.parentElement)?.getBoundingClientRect().left ?? 0;
      const align = captionSideFor(sideways, (u.clientX - origin - picture.left) / picture.width, band.align);
      if (Math.abs(shift) <= 0.005 && align === band.align) return;
      // a drag only sideways keeps the height the captions have
      const place = Math.abs(shift) > 0.005 ? captionPlaceFor(band.top + shift, band.bottom + shift) : undefined;
      onMove({ ...place, align });
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
  };
  return (
    <div
      className={`caption-band${drag ? ' dragging' : ''}`}
      style={{ top, height, left: picture.left + band.left * picture.width + (drag?.dx ?? 0), width: (band.right - band.left) * picture.width }}
      onPointerDown={onPointerDown}
      title="Drag the captions up or down, or to a side"
      data-testid="caption-band"
      data-align={band.align}
    >
      <span className="caption-band-label">✥ Captions · {sideWords[band.align]}</span>
    </div>
  );
}
