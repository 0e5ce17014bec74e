import type { StageDefinition } from '../../queue/stage';
import { makeOnlineVisuals } from './online-visuals';

/**
 * Clips: scenes whose visual is "generate from prompt" get a clip from a clip provider (Veo),
 * submitted once, polled with backoff, downloaded into the library. It works on the project
 * document, so it serves both a make job (after `project`) and a render job from the studio
 * (before `prepare-media`); its artifact is the document with the clips' paths filled in.
 */
export const clipsStage: StageDefinition = {
  name: 'clips',
  version: 1,
  weight: 3,
  // generation is slow by nature; polling beyond this is a stuck service
  deadlineMs: 2 * 60 * 60_000,
  // waiting on a service, not on this machine's CPU
  resource: () => 'light',
  run: (ctx) => makeOnlineVisuals(ctx, 'clip'),
};
