/**
 * Undo/redo over immutable values. Edits that return the same value are not recorded, and a
 * burst of edits can be merged into one step (a trim drag is one undo, not sixty).
 */
export interface History<T> {
  past: T[];
  present: T;
  future: T[];
  /** edits with the same key, one after another, become a single undo step */
  lastKey?: string;
}

export const HISTORY_LIMIT = 200;

export const initHistory = <T>(present: T): History<T> => ({ past: [], present, future: [] });

export function commit<T>(h: History<T>, next: T, mergeKey?: string): History<T> {
  if (next === h.present) return h;
  if (mergeKey !== undefined && mergeKey === h.lastKey) return { past: h.past, present: next, future: [], lastKey: mergeKey };
  const past = [...h.past, h.present];
  if (past.length > HISTORY_LIMIT) past.shift();
  return { past, present: next, future: [], lastKey: mergeKey };
}

export function undo<T>(h: History<T>): History<T> {
  const prev = h.past[h.past.length - 1];
  if (prev === undefined) return h;
  return { past: h.past.slice(0, -1), present: prev, future: [h.present, ...h.future] };
}

export function redo<T>(h: History<T>): History<T> {
  const next = h.future[0];
  if (next === undefined) return h;
  return { past: [...h.past, h.present], present: next, future: h.future.slice(1) };
}

export const canUndo = (h: History<unknown>) => h.past.length > 0;
export const canRedo = (h: History<unknown>) => h.future.length > 0;
