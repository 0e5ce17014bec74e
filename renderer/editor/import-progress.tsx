import { useEffect, useState } from 'react';
import { useStudio } from '../app/studio-context';
import type { MediaImport } from '../state/media-slice';

const mb = (n: number) => (n >= 1024 * 1024 ? `${(n / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} kB`);

/**
 * What an import is doing while it works: the file, its size, the seconds so far and a moving
 * bar. The page cannot know how far the copy and the probe have got, so the bar says "busy"
 * rather than inventing a percentage.
 */
export function ImportProgress({ where }: { where: MediaImport['where'] }) {
  const importing = useStudio((s) => (s.importing?.where === where ? s.importing : undefined));
  const [, tick] = useState(0);
  useEffect(() => {
    if (!importing) return;
    const t = setInterval(() => tick((n) => n + 1), 500);
    return () => clearInterval(t);
  }, [importing]);
  if (!importing) return null;
  const seconds = Math.floor((Date.now() - importing.startedAt) / 1000);
  const what = importing.names.length === 1 ? `“${importing.names[0]}”` : `${importing.names.length} files`;
  return (
    <div className="import-progress" role="status" data-testid={`${where}-importing`}>
      <span>
        Adding {what} ({mb(importing.bytes)})…{seconds >= 1 ? ` ${seconds} s` : ''}
      </span>
      <div className="progress busy" role="progressbar" aria-busy="true" aria-label={`Adding ${what}`}>
        <div className="bar" />
      </div>
    </div>
  );
}
