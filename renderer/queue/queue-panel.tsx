import { memo, useEffect, useState } from 'react';
import { deserializeError } from '../../preload/contract/errors';
import type { JobView } from '../../preload/contract/studio-api';
import { describeError } from '../app/describe-error';
import { useConnection, useStudio } from '../app/studio-context';
import { fmtBytes, fmtDuration } from '../editor/export-estimate';
import { stageWords } from './stage-words';
import { JobOnlineNotes } from './job-online-notes';

/** Which worker runs which chunk of a job, by job id. */
type FarmWork = Record<string, Array<{ worker: string; index: number; count: number }>>;

/**
 * While this studio renders on the farm and a job is running, the workers' heartbeats say which
 * of them runs which chunk (or which batch row): looked at every two seconds, not otherwise.
 */
function useFarmWork(): FarmWork {
  const { api } = useConnection();
  const { enabled, active } = useStudio((s) => ({ enabled: s.settings?.farm.enabled ?? false, active: Object.values(s.jobs).some((j) => j.state === 'active') }));
  const [work, setWork] = useState<FarmWork>({});
  useEffect(() => {
    if (!enabled || !active) return void setWork({});
    let stopped = false;
    const look = () =>
      api.farmStatus().then(
        (st) => {
          if (stopped) return;
          const next: FarmWork = {};
          for (const w of st.workers) for (const x of w.work) (next[x.job] ??= []).push({ worker: w.name, index: x.index, count: x.count });
          for (const list of Object.values(next)) list.sort((a, b) => a.index - b.index);
          setWork(next);
        },
        () => undefined, // the farm is away for a moment: the list waits for the next look
      );
    void look();
    const t = setInterval(look, 2000);
    return () => {
      stopped = true;
      clearInterval(t);
    };
  }, [api, enabled, active]);
  return work;
}

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

/** A finished video: its thumbnail, length, size, and what can be done with it here. */
function OutputCard({ job }: { job: JobView }) {
  const { mediaUrl, transport } = useConnection();
  const { info, describe, play, reveal } = useStudio((s) => ({ info: s.outputs[job.id], describe: s.describeOutput, play: s.play, reveal: s.revealOutput }));
  useEffect(() => void describe(job.id), [describe, job.id, job.output]);
  const name = fileName(job.output!);
  return (
    <div className="output-card" data-testid="job-output-card">
      <button className="output-thumb" onClick={() => play(job.id)} title="Play" data-testid="job-thumb">
        {info?.thumbnail ? <img src={mediaUrl(info.thumbnail)} alt="" /> : <span className="output-thumb-empty">▶</span>}
      </button>
      <div className="output-facts">
        <span className="output-name" title={job.output} data-testid="job-file-name">{name}</span>
        <span className="meta small" data-testid="job-output-facts">
          {info ? [info.durationSeconds !== undefined ? fmtDuration(info.durationSeconds) : null, fmtBytes(info.sizeBytes), info.width ? `${info.width}×${info.height}` : null].filter(Boolean).join(' · ') : '…'}
        </span>
        <div className="actions">
          <button onClick={() => play(job.id)} data-testid="job-play">▶ Play</button>
          {transport === 'bridge' ? (
            <a className="button" href={mediaUrl(job.output!)} download={name} data-testid="job-download">
              Download
            </a>
          ) : (
            <button onClick={() => void reveal(job.id)} data-testid="job-reveal">Show in folder</button>
          )}
        </div>
      </div>
    </div>
  );
}

/** The studio's player for a finished video. */
function Player() {
  const { mediaUrl } = useConnection();
  const { job, play } = useStudio((s) => ({ job: s.playing ? s.jobs[s.playing] : undefined, play: s.play }));
  if (!job?.output) return null;
  return (
    <div className="modal-backdrop" onClick={() => play(null)}>
      <div className="modal panel player" role="dialog" aria-modal="true" aria-label={`Playing ${job.title}`} onClick={(e) => e.stopPropagation()} data-testid="player">
        <div className="list-head">
          <h2>{job.title}</h2>
          <button onClick={() => play(null)} aria-label="Close" data-testid="player-close">×</button>
        </div>
        <video src={mediaUrl(job.output)} controls autoPlay data-testid="player-video" />
      </div>
    </div>
  );
}

/**
 * In a browser an export has no folder on this computer to go to: once done it is downloaded, as
 * the export dialog said. Mounted with the app, so it happens whatever view is open.
 */
export function AutoDownloads() {
  const { mediaUrl } = useConnection();
  const { pending, jobs, started } = useStudio((s) => ({ pending: s.pendingDownloads, jobs: s.jobs, started: s.downloadStarted }));
  useEffect(() => {
    for (const [id, name] of Object.entries(pending)) {
      const job = jobs[id];
      if (!job || (job.state !== 'completed' && job.state !== 'failed' && job.state !== 'cancelled')) continue;
      started(id);
      if (job.state !== 'completed' || !job.output) continue;
      const a = document.createElement('a');
      a.href = mediaUrl(job.output);
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
    }
  }, [pending, jobs, started, mediaUrl]);
  return null;
}

const JobRow = memo(function JobRow({ job, farm }: { job: JobView; farm?: FarmWork[string] }) {
  const a = useStudio((s) => ({ cancel: s.cancelJob, retry: s.retryJob, reveal: s.revealOutput, open: s.openProject }));
  const { transport } = useConnection();
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
      {job.state === 'completed' && job.output ? <OutputCard job={job} /> : null}
      {job.state === 'completed' && job.output ? (
        // the full path means something in the desktop app (Show in folder opens it); in a browser the file is a download, named above
        transport === 'ipc' ? (
          <p className="path" data-testid="job-output">
            {job.output}
            {job.companions?.length ? ` + ${job.companions.map(fileName).join(', ')}` : ''}
          </p>
        ) : job.companions?.length ? (
          <p className="meta small" title={[job.output, ...job.companions].join('\n')} data-testid="job-output">
            With captions: {job.companions.map(fileName).join(', ')}
          </p>
        ) : null
      ) : null}
      {job.state === 'active' && farm?.length ? (
        <p className="meta small" data-testid="job-farm">
          On the farm: {farm.map((f) => `${f.count > 1 ? `chunk ${f.index + 1}/${f.count}` : 'the video'} on ${f.worker}`).join(' · ')}
        </p>
      ) : null}
      <JobOnlineNotes job={job} />
      {job.error && job.state === 'failed' ? <JobError job={job} /> : null}
      <div className="actions">
        {running ? <button onClick={() => void a.cancel(job.id)} data-testid="job-cancel">Cancel</button> : null}
        {job.state === 'failed' || job.state === 'cancelled' ? <button onClick={() => void a.retry(job.id)} data-testid="job-retry">Retry</button> : null}
        {job.projectId ? <button onClick={() => void a.open(job.projectId!)} data-testid="job-open-project">Open project</button> : null}
      </div>
    </li>
  );
});

export function QueuePanel() {
  const jobs = useStudio((s) => Object.values(s.jobs).sort((a, b) => (a.createdAt < b.createdAt ? 1 : -1)));
  const farm = useFarmWork();
  return (
    <section className="queue" data-testid="queue">
      <h2>Queue</h2>
      {jobs.length === 0 ? <p className="empty">Nothing queued. Open a project and press “Export”.</p> : null}
      <ul>
        {jobs.map((j) => (
          <JobRow key={j.id} job={j} farm={farm[j.id]} />
        ))}
      </ul>
      <Player />
    </section>
  );
}
