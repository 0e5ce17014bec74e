import type { StudioEventName, StudioEventPayload } from '../../preload/contract/studio-api';

export type EventListener = (event: StudioEventName, payload: unknown) => void;

/** Fans main-side events out to every subscribed transport (IPC windows, bridge sockets). */
export class EventHub {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<E extends StudioEventName>(event: E, payload: StudioEventPayload<E>): void {
    for (const l of [...this.listeners]) {
      try {
        l(event, payload);
      } catch {
        // one broken subscriber (a closed socket) must not stop the others
      }
    }
  }
}
