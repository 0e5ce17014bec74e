import type { JobView } from '../../preload/contract/studio-api';

/** What the job's generated clips and avatars took and cost, one line each (the services' own cost notes). */
export function JobOnlineNotes({ job }: { job: Pick<JobView, 'online'> }) {
  if (!job.online?.length) return null;
  return (
    <ul className="meta small job-online" data-testid="job-online">
      {job.online.map((line, i) => (
        <li key={i}>{line}</li>
      ))}
    </ul>
  );
}
