import { deserializeError } from '../../preload/contract/errors';
import type { Envelope, StudioEventName, StudioMethodName } from '../../preload/contract/studio-api';
import type { StudioTransport } from '../../preload/contract/studio-client';
import type { ExposedStudio } from '../../preload/expose';

/** The Electron transport: the preload's `window.studio`, envelopes unwrapped into typed errors. */
export function ipcTransport(exposed: ExposedStudio): StudioTransport {
  return {
    async call(method: StudioMethodName, args: unknown[]) {
      const fn = exposed[method] as ((...a: unknown[]) => Promise<Envelope>) | undefined;
      if (!fn) throw deserializeError({ name: 'StudioError', message: `the preload does not expose ${method}`, code: 'INTERNAL' });
      const envelope = await fn(...args);
      if (envelope.ok) return envelope.value;
      throw deserializeError(envelope.error);
    },
    listen(event: StudioEventName, deliver: (p: unknown) => void) {
      return exposed.on(event, deliver);
    },
  };
}
