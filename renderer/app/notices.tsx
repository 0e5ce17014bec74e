import { useStudio } from './studio-context';

/** Errors and confirmations, newest last; errors stay until dismissed so they can be read. */
export function Notices() {
  const { notices, dismiss } = useStudio((s) => ({ notices: s.notices, dismiss: s.dismissNotice }));
  if (!notices.length) return null;
  return (
    <div className="notices">
      {notices.map((n) => (
        <div key={n.id} className={`notice ${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'} data-testid={`notice-${n.kind}`}>
          <div className="notice-body">
            <p className="notice-text">{n.message}</p>
            {n.details ? (
              <details>
                <summary>Details</summary>
                <pre>{n.details}</pre>
              </details>
            ) : null}
          </div>
          {n.action ? (
            <button
              onClick={() => {
                dismiss(n.id);
                n.action!.run();
              }}
              data-testid="notice-action"
            >
              {n.action.label}
            </button>
          ) : null}
          <button onClick={() => dismiss(n.id)} aria-label="Dismiss">×</button>
        </div>
      ))}
    </div>
  );
}
