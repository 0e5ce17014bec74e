import { mediaStage } from '../make/stages/media-stage';
import { projectStage } from '../make/stages/project-stage';
import { scriptStage } from '../make/stages/script-stage';
import { sidecarsStage } from '../make/stages/sidecars-stage';
import { voiceStage } from '../make/stages/voice-stage';
import type { StageDefinition } from './stage';
import { prepareMediaStage } from './stages/prepare-media';
import { projectSidecarsStage } from './stages/project-sidecars';
import { renderStage } from './stages/render';
import { upscaleStage } from './stages/upscale';

/** The stages this build knows, by name; a job names its stages and options. */
export function defaultStages(): StageDefinition[] {
  return [scriptStage, voiceStage, mediaStage, projectStage, prepareMediaStage, renderStage, sidecarsStage, projectSidecarsStage, upscaleStage];
}
