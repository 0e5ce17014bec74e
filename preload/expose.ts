import { serializeError } from './contract/errors';
import { channels, EVENT_CHANNEL, studioEventNames, studioMethodNames, SUBSCRIBE_CHANNEL, type Envelope, type StudioEventName } from './contract/studio-api';

/** The slice of Electron's ipcRenderer the preload uses (so it can be checked without Electron). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  send(channel: string, ...args: unknown[]): void;
}

/** What the preload puts on `window.studio`: the contract's methods (as envelopes) and `on`. */
export type ExposedStudio = Record<string, (...args: unknown[]) => Promise<Envelope>> & {
  on(event: StudioEventName, listener: (payload: unknown) => void): () => void;
  /** the file path of a dropped File (Electron ≥ 32 no longer puts it on File.path) */
  pathForFile(file: unknown): string;
};

/**
 * Builds exactly the contract, method by method, from the channel table — never a generic
 * `send(channel, payload)`, so the renderer can reach nothing else in main. Results cross as
 * envelopes because the context bridge (like `invoke`) strips error classes.
 */
export function buildExposedStudio(ipc: IpcRendererLike, pathForFile: (file: unknown) => string): ExposedStudio {
  const api: Record<string, unknown> = {};
  for (const method of studioMethodNames) {
    const channel = channels[method];
    api[method] = async (...args: unknown[]): Promise<Envelope> => {
      try {
        return (await ipc.invoke(channel, ...args)) as Envelope;
      } catch (err) {
        return { ok: false, error: serializeError(err) };
      }
    };
  }
  api.on = (event: StudioEventName, listener: (payload: unknown) => void) => {
    if (!studioEventNames.includes(event)) throw new Error(`unknown event ${String(event)}`);
    const wrapped = (_e: unknown, name: unknown, payload: unknown) => {
      if (name === event) listener(payload);
    };
    ipc.on(EVENT_CHANNEL, wrapped as (event: unknown, ...args: unknown[]) => void);
    ipc.send(SUBSCRIBE_CHANNEL);
    return () => void ipc.removeListener(EVENT_CHANNEL, wrapped as (event: unknown, ...args: unknown[]) => void);
  };
  api.pathForFile = (file: unknown) => pathForFile(file);
  return api as ExposedStudio;
}
