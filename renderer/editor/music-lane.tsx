import { useRef } from 'react';
import type { MediaItem } from '../../preload/contract/studio-api';
import { filesToSources } from '../api/file-sources';
import { useConnection, useStudio } from '../app/studio-context';
import { ImportProgress } from './import-progress';
import { MEDIA_MIME } from './media-panel';

const fileName = (p: string) => (p.split(/[\\/]/).pop() ?? p).replace(/^[0-9a-f]{12}-/, '');

/** The music under the whole video: its file, its volume, and whether it ducks under the voice. */
export function MusicLane() {
  const conn = useConnection();
  const input = useRef<HTMLInputElement>(null);
  const { music, audio, updateProject, importMedia, notify, trackImport, busy } = useStudio((s) => ({
    trackImport: s.trackImport,
    busy: s.importing?.where === 'music',
    music: s.history?.present.audio.music,
    audio: s.history!.present.audio,
    updateProject: s.updateProject,
    importMedia: s.importMedia,
    notify: s.notify,
  }));
  const use = (item: MediaItem | undefined) => {
    if (!item) return;
    if (item.kind === 'image') return notify('error', `“${item.name}” is a picture; music needs a sound file.`, 'INVALID_INPUT');
    updateProject({ audio: { ...audio, music: { path: item.path, volume: music?.volume ?? 0.3, ducking: music?.ducking ?? true } } });
  };
  const fromFiles = async (files: File[]) => {
    if (!files.length) return;
    const one = files.slice(0, 1);
    const [item] = await trackImport(one, 'music', async () => importMedia(await filesToSources(one, conn)));
    use(item);
  };
  return (
    <div
      className="music-lane"
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes(MEDIA_MIME) || e.dataTransfer.types.includes('Files')) e.preventDefault();
      }}
      onDrop={(e) => {
        e.preventDefault();
        const item = e.dataTransfer.getData(MEDIA_MIME);
        if (item) use(JSON.parse(item) as MediaItem);
        else void fromFiles([...e.dataTransfer.files]);
      }}
      data-testid="music-lane"
    >
      <span className="lane-label">♪ Music</span>
      {music ? (
        <div className="music-bar">
          <span className="music-name" title={music.path}>{fileName(music.path)}</span>
          <label className="inline">
            Volume
            <input type="range" min={0} max={1} step={0.05} value={music.volume} onChange={(e) => updateProject({ audio: { ...audio, music: { ...music, volume: Number(e.target.value) } } })} data-testid="music-volume" />
            <span className="meta">{Math.round(music.volume * 100)} %</span>
          </label>
          <label className="check inline">
            <input type="checkbox" checked={music.ducking} onChange={(e) => updateProject({ audio: { ...audio, music: { ...music, ducking: e.target.checked } } })} data-testid="music-ducking" /> Quieter under the voice
          </label>
          {busy ? <ImportProgress where="music" /> : <button onClick={() => input.current?.click()}>Replace…</button>}
          <button onClick={() => updateProject({ audio: { ...audio, music: undefined } })} data-testid="music-remove">Remove</button>
        </div>
      ) : (
        <div className="music-bar empty">
          {busy ? <ImportProgress where="music" /> : (
            <>
              <span className="meta">No music. Drop a sound file here or</span>
              <button onClick={() => input.current?.click()} data-testid="music-add">Add music…</button>
            </>
          )}
        </div>
      )}
      <input ref={input} type="file" accept="audio/*,video/*" hidden onChange={(e) => void fromFiles([...(e.target.files ?? [])]).then(() => (e.target.value = ''))} data-testid="music-file-input" />
    </div>
  );
}
