import { memo } from 'react';
import { deserializeError } from '../../preload/contract/errors';
import type { JobView } from '../../preload/contract/studio-api';
import { describeError } from '../app/describe-error';
import { useStudio } from '../app/studio-context';
import { stageWords } from './stage-words';

export const fmtEta = (s: number | undefined) => (s === undefined ? '' : s < 60 ? `about ${Math.max(1, Math.ceil(s))} s left` : `about ${Math.floor(s / 60)} min ${Math.ceil(s % 60)} s left`);
const fileName = (p: string) => p.split(/[\\/]/).pop() ?? p;
const kindWords: Record<string, string> = { render: 'Export', make: 'New video', upscale: 'Upscale' };

const JobError = ({ job }: { job: JobView }) => {
  const { summary, details } = describeError(deserializeError(job.error));
  return (
    <div className="job-error" data-testid="job-error">
      <p>{summary}</p>
      {details ? (
        <details>
          <summary>Details</summary>
          <pre>{details}</pre>
        </details>
      ) : null}
    </div>
  );
};

const JobRow = memo(function JobRow({ job }: { job: JobView }) {
  const a = useStudio((s) => ({ cancel: s.cancelJob, retry: s.retryJob, reveal: s.revealOutput, open: s.openProject }));
  const pct = Math.round(job.progress * 100);
  const running = job.state === 'active' || job.state === 'waiting' || job.state === 'paused';
  return (
    <li className={`job ${job.state}`} data-testid="job" data-job-id={job.id} data-state={job.state} data-kind={job.kind}>
      <div className="job-head">
        <span className="job-title">
          <span className="job-kind">{kindWords[job.kind] ?? job.kind}</span> {job.title}
        </span>
        <span className="job-state" data-testid="job-state">{job.state}</span>
      </div>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct} data-testid="job-progress">
        <div className="bar" style={{ width: `${pct}%` }} />
        <span className="pct">{pct} %</span>
      </div>
      <div className="job-meta">
        <span data-testid="job-stage">{stageWords(job)}</span>
        <span data-testid="job-eta">{job.state === 'active' ? fmtEta(job.eta) : ''}</span>
        {job.attempt > 1 ? <span>attempt {job.attempt}</span> : null}
      </div>
      {job.state === 'completed' && job.output ? (
        <p className="path" data-testid="job-output">
          {job.output}
          {job.companions?.length ? ` + ${job.companions.map(fileName).join(', ')}` : ''}
        </p>
      ) : null}
      {job.error && job.state === 'failed' ? <JobError job={job} /> : null}
      <div className="actions">
        {running ? <button onClick={() => void a.cancel(job.id)} data-testid="job-cancel">Cancel</button> : null}
        {job.state === 'failed' || job.state === 'cancelled' ? <button onClick={() => void a.retry(job.id)} data-testid="job-retry">Retry</button> : null}
        {job.state === 'completed' && job.output ? <button onClick={() => void a.reveal(job.id)} data-testid="job-reveal">Show in folder</button> : null}
        {job.projectId ? <button onClick={() => void a.open(job.projectId!)} data-testid="job-open-project">Open project</button> : null}
      </div>
    </li>
  );
});

export function QueuePanel() {
  const jobs = useStudio((s) => Object.values(s.jobs).sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)));
  return (
    <section className="queue" data-testid="queue">
      <h2>Queue</h2>
      {jobs.length === 0 ? <p className="empty">Nothing queued. Open a project and press “Export”.</p> : null}
      <ul>
        {jobs.map((j) => (
          <JobRow key={j.id} job={j} />
        ))}
      </ul>
    </section>
  );
}
