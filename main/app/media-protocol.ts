import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { allowedMediaPath } from '../api/media-access';

export const MEDIA_SCHEME = 'reelforge-media';

/** Must run before the app is ready: the scheme streams (video seeking) and is not a web origin. */
export function registerMediaScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true } }]);
}

/**
 * `reelforge-media://local/<absolute path>` serves a file of the media library or a job's session
 * folder, and nothing else: the path is resolved (symlinks too) and must lie inside a root.
 */
export function handleMediaProtocol(roots: () => readonly string[]): void {
  protocol.handle(MEDIA_SCHEME, (request) => {
    const url = new URL(request.url);
    let path = decodeURIComponent(url.pathname);
    if (process.platform === 'win32') path = path.replace(/^\/([a-zA-Z]:)/, '$1');
    const file = allowedMediaPath(path, roots());
    if (!file) return new Response('not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString(), { headers: request.headers });
  });
}
