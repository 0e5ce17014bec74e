import { createRoot } from 'react-dom/client';
import { connect } from './api/connect';
import { App } from './app/app';
import { ConnectionContext, StoreContext } from './app/studio-context';
import { connectEvents, createStudioStore } from './state/create-store';
import './styles.css';

const root = createRoot(document.getElementById('root')!);

connect().then(
  (conn) => {
    const store = createStudioStore(conn.api);
    connectEvents(store, conn.api);
    // Exposed for the end-to-end tests and the UI benchmark (built in 'test' mode), which read
    // state without poking React; never in a production build.
    if (import.meta.env.DEV || import.meta.env.MODE === 'test') (window as unknown as { __studio: typeof store }).__studio = store;
    root.render(
      <ConnectionContext.Provider value={conn}>
        <StoreContext.Provider value={store}>
          <App />
        </StoreContext.Provider>
      </ConnectionContext.Provider>,
    );
  },
  (err: Error) => root.render(<div className="fatal" role="alert">Reelforge cannot start: {err.message}</div>),
);
