import type { IpcMainInvokeEvent } from 'electron';
import { serializeError } from '../../preload/contract/errors';
import { channels, EVENT_CHANNEL, studioMethodNames, SUBSCRIBE_CHANNEL, type Envelope } from '../../preload/contract/studio-api';
import type { Dispatch } from '../api/dispatch';
import type { EventHub } from '../api/event-hub';

/** The slice of ipcMain used here, so the wiring is checked in tests without Electron. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcMainInvokeEvent | { sender: unknown }, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
  on(channel: string, listener: (event: { sender: unknown }) => void): void;
}

interface SenderLike {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', fn: () => void): void;
}

/**
 * Transport 1: one `ipcMain.handle` per StudioApi method, from the channel table. Calls from a
 * frame that is not the app's own page are refused; outcomes travel as envelopes (invoke keeps
 * only an error's message); events go to the windows that subscribed.
 */
export function registerIpc(ipc: IpcMainLike, dispatch: Dispatch, events: EventHub, trusted: (event: unknown) => boolean): () => void {
  for (const method of studioMethodNames) {
    ipc.handle(channels[method], async (event, ...args): Promise<Envelope> => {
      if (!trusted(event)) return { ok: false, error: { name: 'StudioError', message: 'call from an untrusted frame refused', code: 'INVALID_INPUT' } };
      try {
        return { ok: true, value: await dispatch(method, args) };
      } catch (err) {
        return { ok: false, error: serializeError(err) };
      }
    });
  }
  const subscribers = new Set<SenderLike>();
  ipc.on(SUBSCRIBE_CHANNEL, (event) => {
    if (!trusted(event)) return;
    const sender = event.sender as SenderLike;
    if (subscribers.has(sender)) return;
    subscribers.add(sender);
    sender.once('destroyed', () => subscribers.delete(sender));
  });
  const off = events.subscribe((name, payload) => {
    for (const s of subscribers) if (!s.isDestroyed()) s.send(EVENT_CHANNEL, name, payload);
  });
  return () => {
    off();
    for (const method of studioMethodNames) ipc.removeHandler(channels[method]);
  };
}
