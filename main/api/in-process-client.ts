import { createStudioClient } from '../../preload/contract/studio-client';
import type { StudioApi } from '../../preload/contract/studio-api';
import type { Dispatch } from './dispatch';
import type { EventHub } from './event-hub';

/**
 * The StudioApi for callers inside main (REST, MCP, the app shell): the renderer's own typed
 * proxy over the same dispatch every transport uses, so a call is `api.getJob(id)` (arguments
 * checked, result parsed and typed by the contract) instead of a method name as a string and a cast.
 */
export function inProcessClient(dispatch: Dispatch, events: EventHub): StudioApi {
  return createStudioClient({
    call: (method, args) => dispatch(method, args),
    listen: (event, deliver) => events.subscribe((name, payload) => name === event && deliver(payload)),
  });
}
