import { deserializeError, StudioError } from '../../preload/contract/errors';
import type { StudioEventName, StudioMethodName } from '../../preload/contract/studio-api';
import type { StudioTransport } from '../../preload/contract/studio-client';

interface Pending {
  resolve(v: unknown): void;
  reject(e: unknown): void;
}

/**
 * The WebSocket bridge transport (`reelforge serve`). Calls are nonce-tagged; a dropped socket
 * rejects every pending call instead of leaving the UI waiting forever.
 */
export function bridgeTransport(wsUrl: string): StudioTransport & { ready: Promise<void>; close(): void } {
  const ws = new WebSocket(wsUrl);
  const pending = new Map<number, Pending>();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let nextId = 1;
  let closed: StudioError | undefined;

  const ready = new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve(), { once: true });
    ws.addEventListener('error', () => reject(new StudioError('INTERNAL', 'cannot reach the Reelforge backend (is `reelforge serve` running?)')), { once: true });
  });
  ws.addEventListener('close', () => {
    closed = new StudioError('INTERNAL', 'the connection to the Reelforge backend was closed');
    for (const p of pending.values()) p.reject(closed);
    pending.clear();
  });
  ws.addEventListener('message', (e) => {
    let msg: { id?: number; result?: unknown; error?: unknown; event?: string; payload?: unknown };
    try {
      msg = JSON.parse(String(e.data));
    } catch {
      return;
    }
    if (typeof msg.event === 'string') {
      for (const l of listeners.get(msg.event) ?? []) l(msg.payload);
      return;
    }
    const p = msg.id !== undefined ? pending.get(msg.id) : undefined;
    if (!p || msg.id === undefined) return;
    pending.delete(msg.id);
    if (msg.error !== undefined) p.reject(deserializeError(msg.error));
    else p.resolve(msg.result === null ? undefined : msg.result);
  });

  return {
    ready,
    close: () => ws.close(),
    async call(method: StudioMethodName, args: unknown[]) {
      await ready;
      if (closed) throw closed;
      const id = nextId++;
      // an optional argument left out arrives as absent, not as JSON's null (which the schema refuses)
      let n = args.length;
      while (n > 0 && args[n - 1] === undefined) n--;
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject });
        ws.send(JSON.stringify({ id, method, args: args.slice(0, n) }));
      });
    },
    listen(event: StudioEventName, deliver: (p: unknown) => void) {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(deliver);
      return () => set.delete(deliver);
    },
  };
}
