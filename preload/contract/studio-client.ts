import { deserializeError, StudioError } from './errors';
import {
  studioEvents,
  studioMethodNames,
  studioMethods,
  type StudioApi,
  type StudioEventName,
  type StudioMethodName,
} from './studio-api';

/** What a transport must provide: call a method by name, and deliver raw events. */
export interface StudioTransport {
  /** resolves with the raw result, or rejects with a typed error (already rebuilt) */
  call(method: StudioMethodName, args: unknown[]): Promise<unknown>;
  /** starts delivering events of this name; returns the unsubscribe function */
  listen(event: StudioEventName, deliver: (payload: unknown) => void): () => void;
}

/**
 * Turns a transport into a typed StudioApi. Results and event payloads are parsed with their
 * schemas on arrival, so a renderer never works with a value of the wrong shape, whichever
 * transport (IPC or the WebSocket bridge) carried it.
 */
export function createStudioClient(transport: StudioTransport): StudioApi {
  const api: Record<string, unknown> = {};
  for (const method of studioMethodNames) {
    api[method] = async (...args: unknown[]) => {
      const raw = await transport.call(method, args);
      const parsed = studioMethods[method].result.safeParse(raw);
      if (!parsed.success) throw new StudioError('INTERNAL', `malformed result from ${method}: ${parsed.error.issues[0]?.message ?? ''}`);
      return parsed.data;
    };
  }
  api.on = (event: StudioEventName, listener: (payload: unknown) => void) =>
    transport.listen(event, (payload) => {
      const parsed = studioEvents[event].safeParse(payload);
      if (parsed.success) listener(parsed.data);
    });
  return api as StudioApi;
}

export { deserializeError };
