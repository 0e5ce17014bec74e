import { useEffect, useState } from 'react';
import type { StudioApi } from '../../preload/contract/studio-api';
import { useConnection } from '../app/studio-context';

// One card drawn at a time: a library of many projects must not start a render per card at once.
let queue: Promise<unknown> = Promise.resolve();
const inTurn = <T,>(work: () => Promise<T>): Promise<T> => {
  const next = queue.then(work, work);
  queue = next.catch(() => undefined);
  return next;
};

/** A little in, so a designed scene's words have arrived; a frame of a short scene at its start. */
const AT_SECONDS = 0.6;

async function drawCard(api: StudioApi, id: string): Promise<string | undefined> {
  const project = await api.getProject(id);
  const first = project.scenes[0];
  if (!first) return undefined;
  const at = typeof first.duration === 'number' ? Math.min(AT_SECONDS, first.duration / 2) : AT_SECONDS;
  // the real pipeline's still of the first scene (cached by content, so a second visit is instant)
  return (await api.renderFrame({ project, sceneIndex: 0, offset: at })).path;
}

/** A project's first scene, as the video shows it. */
export function ProjectThumbnail({ id, updatedAt, title }: { id: string; updatedAt: string; title: string }) {
  const { api, mediaUrl } = useConnection();
  const [state, setState] = useState<{ path?: string; status: 'drawing' | 'ready' | 'none' }>({ status: 'drawing' });
  useEffect(() => {
    let live = true;
    // a card no longer on screen is not drawn: the studio draws one still at a time, and a newer
    // request (the editor's frame) must not be displaced by a card left behind
    void inTurn(() => (live ? drawCard(api, id) : Promise.resolve(undefined))).then(
      (path) => live && setState(path ? { path, status: 'ready' } : { status: 'none' }),
      () => live && setState({ status: 'none' }),
    );
    return () => {
      live = false;
    };
  }, [api, id, updatedAt]);
  return (
    <div className="project-thumb" data-testid="project-thumb" data-state={state.status}>
      {state.path ? <img src={mediaUrl(state.path)} alt={`${title}: its first scene`} draggable={false} /> : state.status === 'drawing' ? <span className="spinner" aria-label="Drawing the first scene" /> : null}
    </div>
  );
}
