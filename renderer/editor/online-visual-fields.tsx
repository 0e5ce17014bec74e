import { useEffect, useState } from 'react';
import type { Scene, Visual } from '../../preload/contract/project';
import type { ProviderInfo } from '../../preload/contract/providers';
import { useConnection } from '../app/studio-context';

type Made = Extract<Visual, { type: 'generated' | 'avatar' }>;
const fileName = (p: string) => p.split(/[\\/]/).pop() ?? p;

/** The providers of one kind, loaded once per inspector; a failure leaves the list empty and says why. */
function useProviders(): { providers: ProviderInfo[]; error?: string } {
  const { api } = useConnection();
  const [providers, setProviders] = useState<ProviderInfo[]>([]);
  const [error, setError] = useState<string>();
  useEffect(() => {
    let live = true;
    api.listProviders().then((p) => live && setProviders(p.filter((x) => x.kind === 'clip' || x.kind === 'avatar')), (e: Error) => live && setError(e.message));
    return () => void (live = false);
  }, [api]);
  return { providers, error };
}

function ProviderSelect({ kind, providers, value, onChange, testId }: { kind: 'clip' | 'avatar'; providers: ProviderInfo[]; value: string; onChange(v: string): void; testId: string }) {
  return (
    <label>
      Service
      <select value={value} onChange={(e) => onChange(e.target.value)} data-testid={testId}>
        <option value="">best one set up</option>
        {providers.filter((p) => p.kind === kind).map((p) => (
          <option key={p.id} value={p.id}>{p.name}{p.status.ready ? '' : ' (not set up)'}</option>
        ))}
      </select>
    </label>
  );
}

/** What will happen to a chosen service, in words: ready and what it costs, or what to set up. */
function readiness(kind: 'clip' | 'avatar', providers: ProviderInfo[], chosen: string): { ready: boolean; note: string } {
  const list = providers.filter((p) => p.kind === kind && (!chosen || p.id === chosen));
  const ready = list.find((p) => p.status.ready);
  if (ready) return { ready: true, note: `${ready.name}: made when the video is rendered, paid once — ${ready.capabilities.costNotes ?? 'see the service’s pricing'}` };
  const why = list.map((p) => `${p.name}: ${p.status.reason}`).join('; ');
  return { ready: false, note: `No ${kind === 'clip' ? 'clip' : 'avatar'} service is set up${why ? ` (${why})` : ''}. Add a key in Settings → Providers.` };
}

/**
 * The scene's "made by a service" choices: generate a clip from a prompt, or have an avatar
 * present the scene. Choosing one sets the scene's visual; the queue makes it when the video is
 * rendered (checkpointed, paid once) and the library's project then points at the made file.
 */
export function OnlineVisualFields({ scene, onChange }: { scene: Scene; onChange(v: Visual): void }) {
  const { providers, error } = useProviders();
  const v = scene.visual;
  const gen = v.type === 'generated' ? v : undefined;
  const av = v.type === 'avatar' ? v : undefined;
  const [prompt, setPrompt] = useState(gen?.prompt ?? '');
  const [clipProvider, setClipProvider] = useState(gen?.provider ?? '');
  const [seconds, setSeconds] = useState(gen?.seconds ? String(gen.seconds) : '');
  const [avatarId, setAvatarId] = useState(av?.avatarId ?? '');
  const [avatarProvider, setAvatarProvider] = useState(av?.provider ?? '');
  const [voiceId, setVoiceId] = useState(av?.voiceId ?? '');
  // another scene selected: start from its values
  useEffect(() => {
    setPrompt(gen?.prompt ?? '');
    setClipProvider(gen?.provider ?? '');
    setSeconds(gen?.seconds ? String(gen.seconds) : '');
    setAvatarId(av?.avatarId ?? '');
    setAvatarProvider(av?.provider ?? '');
    setVoiceId(av?.voiceId ?? '');
  }, [scene.id]); // eslint-disable-line react-hooks/exhaustive-deps

  const clip = readiness('clip', providers, clipProvider);
  const avatar = readiness('avatar', providers, avatarProvider);
  const secs = Number(seconds);
  const secondsOk = seconds === '' || (secs >= 1 && secs <= 60);

  const generate = () => {
    const next: Made = { type: 'generated', prompt: prompt.trim(), fit: gen?.fit ?? 'fill', ...(clipProvider ? { provider: clipProvider } : {}), ...(seconds ? { seconds: secs } : {}) };
    // the same request keeps the clip already made; a changed one is made again at the next render
    const same = gen && gen.prompt === next.prompt && gen.provider === next.provider && gen.seconds === next.seconds;
    onChange(same && gen.path ? { ...next, path: gen.path } : next);
  };
  const useAvatar = () => {
    const next: Made = { type: 'avatar', avatarId: avatarId.trim(), fit: av?.fit ?? 'fill', ...(avatarProvider ? { provider: avatarProvider } : {}), ...(voiceId.trim() ? { voiceId: voiceId.trim() } : {}) };
    const same = av && av.avatarId === next.avatarId && av.provider === next.provider && av.voiceId === next.voiceId;
    onChange(same && av.path ? { ...next, path: av.path } : next);
  };
  const made = gen ?? av;

  return (
    <fieldset data-testid="online-visual">
      <legend>Made by a service</legend>
      {made && (
        <p className="meta small" data-testid="online-visual-state" data-state={made.path ? 'made' : 'waiting'}>
          {made.path ? `Made: ${fileName(made.path)}` : gen ? 'Clip from a prompt — made when the video is rendered' : 'Avatar — made when the video is rendered'}
        </p>
      )}
      {error && <p className="error small">Services could not be listed: {error}</p>}
      <label>
        Clip prompt
        <textarea rows={2} value={prompt} placeholder="a lighthouse at dawn, slow aerial shot" onChange={(e) => setPrompt(e.target.value)} data-testid="clip-prompt" />
      </label>
      <div className="row">
        <ProviderSelect kind="clip" providers={providers} value={clipProvider} onChange={setClipProvider} testId="clip-provider" />
        <label>
          Seconds
          <input type="number" min={1} max={60} step={1} value={seconds} placeholder="auto" onChange={(e) => setSeconds(e.target.value)} data-testid="clip-seconds" />
        </label>
      </div>
      <p className="meta small" data-testid="clip-note" data-ready={clip.ready}>{clip.note}</p>
      <button type="button" disabled={!prompt.trim() || !secondsOk || !clip.ready} onClick={generate} data-testid="generate-clip">
        Generate clip from prompt
      </button>
      <label>
        Avatar
        <input value={avatarId} placeholder="the service’s avatar id (D-ID: a portrait URL)" onChange={(e) => setAvatarId(e.target.value)} data-testid="avatar-id" />
      </label>
      <div className="row">
        <ProviderSelect kind="avatar" providers={providers} value={avatarProvider} onChange={setAvatarProvider} testId="avatar-provider" />
        <label>
          Voice
          <input value={voiceId} placeholder="for a scene without narration audio" onChange={(e) => setVoiceId(e.target.value)} data-testid="avatar-voice" />
        </label>
      </div>
      <p className="meta small" data-testid="avatar-note" data-ready={avatar.ready}>
        {avatar.note}
        {avatar.ready && ' The avatar is lip-synced to the scene’s narration.'}
      </p>
      <button type="button" disabled={!avatarId.trim() || !avatar.ready} onClick={useAvatar} data-testid="use-avatar">
        Use this avatar
      </button>
    </fieldset>
  );
}
