import { StudioError } from '../../preload/contract/errors';
import type { StudioHandlers } from '../../preload/contract/studio-api';
import type { StudioContext } from './studio-context';

/** The one door every caller uses to make a video: it enqueues the `make` job. */
export function createMakeHandlers(_ctx: StudioContext): Pick<StudioHandlers, 'createVideo'> {
  return {
    createVideo: async () => {
      throw new StudioError('INTERNAL', 'createVideo is being built in this wave and does not work yet');
    },
  };
}
