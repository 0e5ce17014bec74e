import { ImportProgress } from './import-progress';
import { memo, useRef, useState } from 'react';
import type { MediaItem } from '../../preload/contract/studio-api';
import { filesToSources } from '../api/file-sources';
import { useConnection, useStudio } from '../app/studio-context';

export const MEDIA_MIME = 'application/x-reelforge-media';

const fmtLength = (s?: number) => (s === undefined ? '' : `${Math.floor(s / 60)}:${String(Math.round(s % 60)).padStart(2, '0')}`);

const MediaTile = memo(function MediaTile({ item }: { item: MediaItem }) {
  const { mediaUrl } = useConnection();
  const place = useStudio((s) => s.placeMedia);
  const selected = useStudio((s) => (s.selection.length === 1 ? s.selection[0] : undefined));
  return (
    <li
      className={`media-item ${item.kind}`}
      draggable
      onDragStart={(e) => {
        e.dataTransfer.setData(MEDIA_MIME, JSON.stringify(item));
        e.dataTransfer.effectAllowed = 'copy';
      }}
      onDoubleClick={() => selected && place([item], { sceneId: selected })}
      title={`${item.name}${item.width ? ` · ${item.width}×${item.height}` : ''}\nDrag onto a scene or between scenes${selected ? ', or double-click to use it on the selected scene' : ''}.`}
      data-testid="media-item"
      data-media-name={item.name}
      data-kind={item.kind}
    >
      {item.kind === 'image' ? (
        <img src={mediaUrl(item.path)} alt={item.name} loading="lazy" draggable={false} />
      ) : item.kind === 'video' ? (
        <video src={`${mediaUrl(item.path)}#t=0.1`} muted preload="metadata" aria-label={item.name} />
      ) : (
        <div className="audio-tile" aria-label={item.name}>♪</div>
      )}
      <span className="media-name">{item.name}</span>
      {item.duration !== undefined ? <span className="media-length">{fmtLength(item.duration)}</span> : null}
    </li>
  );
});

/** The media library: import by button or by dropping files here, drag a tile onto the timeline. */
export function MediaPanel() {
  const conn = useConnection();
  const { media, importMedia, trackImport, busy } = useStudio((s) => ({ media: s.media, importMedia: s.importMedia, trackImport: s.trackImport, busy: s.importing !== undefined }));
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const add = async (files: File[]) => {
    if (!files.length) return;
    await trackImport(files, 'media', async () => importMedia(await filesToSources(files, conn)));
  };
  return (
    <div
      className={over ? 'media-panel drop-over' : 'media-panel'}
      onDragOver={(e) => {
        if (!e.dataTransfer.types.includes('Files')) return;
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        if (!e.dataTransfer.files.length) return;
        e.preventDefault();
        setOver(false);
        void add([...e.dataTransfer.files]);
      }}
      data-testid="media-panel"
    >
      <div className="panel-head">
        <button onClick={() => input.current?.click()} disabled={busy} data-testid="media-import">
          {busy ? 'Importing…' : '+ Import'}
        </button>
        <ImportProgress where="media" />
        <input ref={input} type="file" multiple accept="image/*,video/*,audio/*" hidden onChange={(e) => void add([...(e.target.files ?? [])]).then(() => (e.target.value = ''))} data-testid="media-file-input" />
      </div>
      {media.length === 0 ? <p className="empty small">Drop pictures, clips or music here, or press Import.</p> : null}
      <ul className="media-grid">
        {media.map((m) => (
          <MediaTile key={m.path} item={m} />
        ))}
      </ul>
    </div>
  );
}
