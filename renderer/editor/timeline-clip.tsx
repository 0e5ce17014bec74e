import { memo } from 'react';
import type { Scene } from '../../preload/contract/project';
import { useStudio } from '../app/studio-context';
import { sceneSeconds } from '../state/timeline-ops';
import { ClipThumbnail } from './clip-thumbnail';
import type { ClipBox } from './timeline-layout';

interface Props {
  scene: Scene;
  index: number;
  box: ClipBox;
  fileHover: boolean;
}

/**
 * One scene on the track. Memoised and subscribed only to its own selection and drag offset, so
 * dragging one clip in a 300-scene project re-renders that clip, not the other 299.
 */
export const TimelineClip = memo(function TimelineClip({ scene, index, box, fileHover }: Props) {
  const id = scene.id ?? '';
  const { selected, dx } = useStudio((s) => ({
    selected: s.selection.includes(id),
    dx: s.drag && s.drag.ids.includes(id) ? s.drag.dx : null,
  }));
  const seconds = sceneSeconds(scene);
  const cls = ['clip', selected && 'selected', dx !== null && 'dragging', fileHover && 'file-hover'].filter(Boolean).join(' ');
  return (
    <div
      className={cls}
      style={{ left: box.left, width: box.width, transform: dx !== null ? `translateX(${dx}px)` : undefined }}
      data-scene-id={id}
      data-index={index}
      data-testid="clip"
      role="listitem"
      aria-selected={selected}
      aria-label={`Scene ${index + 1}, ${seconds.toFixed(1)} seconds`}
    >
      <ClipThumbnail visual={scene.visual} />
      <div className="clip-label">
        <span className="clip-no">{index + 1}</span>
        <span className="clip-text">{scene.narration || scene.caption || scene.visual.type}</span>
        {/* a fit scene not voiced yet is an estimate */}
        <span className="clip-dur">{typeof scene.duration === 'number' || scene.words?.length ? `${seconds.toFixed(1)}s` : `~${seconds.toFixed(1)}s`}</span>
      </div>
      <div className="trim-handle" data-trim={id} title="Drag to change the duration" />
    </div>
  );
});
