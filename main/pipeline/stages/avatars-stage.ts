import type { StageDefinition } from '../../queue/stage';
import { makeOnlineVisuals } from './online-visuals';

/**
 * Avatars: scenes whose visual is an avatar get a talking-head video from an avatar provider
 * (HeyGen, D-ID), lip-synced to the scene's narration audio (or speaking its text with the
 * service's voice when it has none). Same shape and checkpoints as the clips stage.
 */
export const avatarsStage: StageDefinition = {
  name: 'avatars',
  version: 1,
  weight: 3,
  deadlineMs: 2 * 60 * 60_000,
  resource: () => 'light',
  run: (ctx) => makeOnlineVisuals(ctx, 'avatar'),
};
