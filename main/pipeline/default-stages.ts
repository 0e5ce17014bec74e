import { avatarsStage } from './stages/avatars-stage';
import { clipsStage } from './stages/clips-stage';
import { mediaStage } from './stages/media-stage';
import { projectStage } from './stages/project-stage';
import { scriptStage } from './stages/script-stage';
import { sidecarsStage } from './stages/sidecars-stage';
import { voiceStage } from './stages/voice-stage';
import type { StageDefinition } from '../queue/stage';
import { prepareMediaStage } from './stages/prepare-media';
import { projectSidecarsStage } from './stages/project-sidecars';
import { renderStage } from './stages/render';
import { upscaleStage } from './stages/upscale';

/** The stages this build knows, by name; a job names its stages and options. */
export function defaultStages(): StageDefinition[] {
  return [scriptStage, voiceStage, mediaStage, projectStage, clipsStage, avatarsStage, prepareMediaStage, renderStage, sidecarsStage, projectSidecarsStage, upscaleStage];
}
