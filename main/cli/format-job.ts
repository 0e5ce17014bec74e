import type { Job } from '../../preload/contract/jobs';
import { formatEta } from './progress-bar';

/** One line per job for `queue list`: short id, state, progress, title. */
export function jobLine(j: Job): string {
  const pct = j.state === 'completed' ? '100%' : j.progress ? `${Math.floor(j.progress.percent)}%` : '';
  const stage = j.state === 'active' && j.progress ? `${j.progress.stage} ETA ${formatEta(j.progress.eta)}` : '';
  const retry = j.state === 'waiting' && j.runAt > Date.now() ? `retry in ${Math.ceil((j.runAt - Date.now()) / 1000)} s` : '';
  const err = j.state === 'failed' && j.error ? j.error.message.split('\n')[0]!.slice(0, 60) : '';
  return [j.id.slice(0, 8), j.state.padEnd(9), pct.padStart(4), j.title.replace(/\s+/g, ' ').slice(0, 40).padEnd(40), stage || retry || err].join('  ').trimEnd();
}

export function jobDetails(j: Job): string {
  const t = (ms: number | null) => (ms ? new Date(ms).toISOString() : '-');
  return [
    `id        ${j.id}`,
    `title     ${j.title}`,
    `state     ${j.state}${j.progress && j.state !== 'completed' ? ` (${j.progress.stage}, ${j.progress.percent}%)` : ''}`,
    `attempts  ${j.attempts} of ${j.maxAttempts}`,
    `priority  ${j.priority}`,
    `stages    ${j.stages.map((s) => s.name).join(' → ')}`,
    `output    ${j.output ?? '(session final/ folder)'}`,
    `session   ${j.sessionDir}`,
    `created   ${t(j.createdAt)}   started ${t(j.startedAt)}   finished ${t(j.finishedAt)}`,
    ...(j.error ? [`error     ${j.error.name} [${j.error.code}]: ${j.error.message}`] : []),
  ].join('\n');
}
