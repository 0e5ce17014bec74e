import { memo } from 'react';
import type { JobView } from '../../preload/contract/studio-api';
import { useStudio } from '../app/studio-context';

const fmtEta = (s: number | undefined) => (s === undefined ? '' : s < 60 ? `${Math.ceil(s)} s left` : `${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s left`);

const JobRow = memo(function JobRow({ job }: { job: JobView }) {
  const a = useStudio((s) => ({ cancel: s.cancelJob, retry: s.retryJob, reveal: s.revealOutput }));
  const pct = Math.round(job.progress * 100);
  const running = job.state === 'active' || job.state === 'waiting' || job.state === 'paused';
  return (
    <li className={`job ${job.state}`} data-testid="job" data-job-id={job.id} data-state={job.state}>
      <div className="job-head">
        <span className="job-title">{job.title}</span>
        <span className="job-state" data-testid="job-state">{job.state}</span>
      </div>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} data-testid="job-progress">
        <div className="bar" style={{ width: `${pct}%` }} />
        <span className="pct">{pct} %</span>
      </div>
      <div className="job-meta">
        <span>{job.stage ?? ''}</span>
        <span>{job.state === 'active' ? fmtEta(job.eta) : ''}</span>
        {job.attempt > 1 ? <span>attempt {job.attempt}</span> : null}
      </div>
      {job.error && job.state === 'failed' ? <pre className="job-error" data-testid="job-error">{job.error.message}</pre> : null}
      <div className="actions">
        {running ? <button onClick={() => void a.cancel(job.id)} data-testid="job-cancel">Cancel</button> : null}
        {job.state === 'failed' || job.state === 'cancelled' ? <button onClick={() => void a.retry(job.id)} data-testid="job-retry">Retry</button> : null}
        {job.state === 'completed' ? <button onClick={() => void a.reveal(job.id)} data-testid="job-reveal">Show file</button> : null}
      </div>
    </li>
  );
});

export function QueuePanel() {
  const jobs = useStudio((s) => Object.values(s.jobs).sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)));
  return (
    <section className="queue" data-testid="queue">
      <h2>Render queue</h2>
      {jobs.length === 0 ? <p className="empty">Nothing queued. Open a project and press “Render video”.</p> : null}
      <ul>
        {jobs.map((j) => (
          <JobRow key={j.id} job={j} />
        ))}
      </ul>
    </section>
  );
}
