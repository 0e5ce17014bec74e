import { useStudio } from '../app/studio-context';
import { CaptionPanel } from './caption-panel';
import { ProjectInspector } from './project-inspector';
import { SceneInspector } from './scene-inspector';

/** The selected scene's properties (with nothing or several selected, the video's), and the captions' look. */
export function Inspector() {
  const { scene, index } = useStudio((s) => {
    const scenes = s.history?.present.scenes ?? [];
    const i = s.selection.length === 1 ? scenes.findIndex((x) => x.id === s.selection[0]) : -1;
    return { scene: i >= 0 ? scenes[i] : undefined, index: i };
  });
  return (
    <aside className="inspector panel">
      {scene ? <SceneInspector scene={scene} index={index} /> : <ProjectInspector />}
      <CaptionPanel />
    </aside>
  );
}
