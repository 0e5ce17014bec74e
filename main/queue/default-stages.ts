import type { StageDefinition } from './stage';
import { prepareMediaStage } from './stages/prepare-media';
import { renderStage } from './stages/render';
import { upscaleStage } from './stages/upscale';

/** The stages this build knows, by name; a job names its stages and options. */
export function defaultStages(): StageDefinition[] {
  return [prepareMediaStage, renderStage, upscaleStage];
}
