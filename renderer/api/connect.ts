import { mediaKeyFor } from '../../preload/contract/bridge';
import { StudioError } from '../../preload/contract/errors';
import type { StudioApi } from '../../preload/contract/studio-api';
import { createStudioClient } from '../../preload/contract/studio-client';
import type { ExposedStudio } from '../../preload/expose';
import { bridgeTransport } from './bridge-client';
import { ipcTransport } from './ipc-client';

export interface Connection {
  api: StudioApi;
  transport: 'ipc' | 'bridge';
  /** a URL the page can load a library or session file from */
  mediaUrl(path: string): string;
  /** Electron gives dropped files a real path; a plain browser does not */
  pathForFile?(file: File): string;
}

declare global {
  interface Window {
    studio?: ExposedStudio;
  }
}

/** Encodes each path segment, keeping the slashes (and Windows drive letters) readable. */
const encodePath = (p: string) => p.replace(/\\/g, '/').split('/').map(encodeURIComponent).join('/').replace(/^([^/])/, '/$1');

/**
 * Picks the transport: inside the Electron app the preload has put `window.studio` there; in a
 * plain browser the page was opened from `reelforge serve` with the bridge token in its URL.
 */
export async function connect(): Promise<Connection> {
  if (window.studio) {
    const exposed = window.studio;
    return {
      api: createStudioClient(ipcTransport(exposed)),
      transport: 'ipc',
      mediaUrl: (p) => `reelforge-media://local${encodePath(p)}`,
      pathForFile: (f) => exposed.pathForFile(f),
    };
  }
  const token = takeToken();
  if (!token) throw new StudioError('INVALID_INPUT', 'open the URL that `reelforge serve` printed (it carries the access token)');
  const transport = bridgeTransport(`ws://${location.host}/bridge?token=${encodeURIComponent(token)}`);
  const mediaKey = await mediaKeyFor(token);
  await transport.ready;
  return {
    api: createStudioClient(transport),
    transport: 'bridge',
    mediaUrl: (p) => `/media${encodePath(p)}?key=${mediaKey}`,
  };
}

/**
 * The bridge token, taken out of the address bar as soon as the page has it: it stays in this
 * tab's session storage (so a reload works) and shows up in no history entry, no Referer and no
 * screenshot of the URL.
 */
function takeToken(): string | null {
  const KEY = 'reelforge.bridgeToken';
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('token');
  if (fromUrl) {
    sessionStorage.setItem(KEY, fromUrl);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(history.state, '', `${location.pathname}${rest ? `?${rest}` : ''}${location.hash}`);
    return fromUrl;
  }
  return sessionStorage.getItem(KEY);
}
