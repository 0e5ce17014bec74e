import { StudioError } from '../../preload/contract/errors';
import type { StudioHandlers } from '../../preload/contract/studio-api';
import type { StudioContext } from './studio-context';

type VoiceHandlers = Pick<StudioHandlers, 'listVoices' | 'speakSample' | 'voiceScene' | 'templatePreview' | 'listMedia'>;

const pending = (what: string) => async (): Promise<never> => {
  throw new StudioError('INTERNAL', `${what} is being built in this wave and does not work yet`);
};

/** The studio's voice, template-frame and media-panel methods (issue 9's creator path). */
export function createVoiceHandlers(_ctx: StudioContext): VoiceHandlers {
  return {
    listVoices: pending('listVoices'),
    speakSample: pending('speakSample'),
    voiceScene: pending('voiceScene'),
    templatePreview: pending('templatePreview'),
    listMedia: pending('listMedia'),
  };
}
