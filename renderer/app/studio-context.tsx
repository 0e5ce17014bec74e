import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import { useShallow } from 'zustand/react/shallow';
import type { Connection } from '../api/connect';
import type { StudioState, StudioStore } from '../state/types';

export const StoreContext = createContext<StudioStore | null>(null);
export const ConnectionContext = createContext<Connection | null>(null);

export function useStudioStore(): StudioStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error('useStudio outside <StoreContext.Provider>');
  return store;
}

/** Selects from the store; objects and arrays are compared shallowly so equal picks don't re-render. */
export function useStudio<T>(selector: (s: StudioState) => T): T {
  return useStore(useStudioStore(), useShallow(selector));
}

export function useConnection(): Connection {
  const c = useContext(ConnectionContext);
  if (!c) throw new Error('useConnection outside <ConnectionContext.Provider>');
  return c;
}
