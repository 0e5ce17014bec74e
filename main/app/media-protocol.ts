import { net, protocol } from 'electron';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { allowedMediaPath } from '../api/http/media-access';
import { isGrowing, readGrowing } from '../media/growing-file';
import { downloadTypeOf, mediaTypeOf } from '../media/sniff-format';

const mediaHeaders = { 'content-security-policy': 'sandbox', 'x-content-type-options': 'nosniff' };

export const MEDIA_SCHEME = 'reelforge-media';

/** Must run before the app is ready: the scheme streams (video seeking) and is not a web origin. */
export function registerMediaScheme(): void {
  // corsEnabled: the page (a file:// origin) fetches a streamed preview from here (see below)
  protocol.registerSchemesAsPrivileged([{ scheme: MEDIA_SCHEME, privileges: { standard: true, secure: true, stream: true, supportFetchAPI: true, corsEnabled: true } }]);
}

/**
 * `reelforge-media://local/<absolute path>` serves a file of the media library or a job's session
 * folder, or a media file a project names, and nothing else: the path is resolved (symlinks too)
 * and must lie inside a root or be that very file.
 */
export function handleMediaProtocol(roots: () => readonly string[], files?: () => Iterable<string>): void {
  protocol.handle(MEDIA_SCHEME, async (request) => {
    const url = new URL(request.url);
    let path = decodeURIComponent(url.pathname);
    if (process.platform === 'win32') path = path.replace(/^\/([a-zA-Z]:)/, '$1');
    const file = allowedMediaPath(path, roots(), files);
    if (!file) return new Response('not found', { status: 404 });
    // Served as what its bytes are, never as a page (see the bridge's /media).
    const format = mediaTypeOf(file);
    const download = format ? undefined : downloadTypeOf(file);
    if (!format && !download) return new Response('not a media file', { status: 415, headers: mediaHeaders });
    // a streamed preview still being written: followed until whole (see growing-file.ts)
    if (format && isGrowing(file)) {
      const body = Readable.toWeb(Readable.from(readGrowing(file, request.signal))) as ReadableStream<Uint8Array>;
      // read by fetch() from the app's page, another origin than this scheme: it may read it (nothing else loads this scheme)
      return new Response(body, { status: 200, headers: { ...mediaHeaders, 'content-type': format.mime, 'cache-control': 'no-store', 'access-control-allow-origin': '*' } });
    }
    const res = await net.fetch(pathToFileURL(file).toString(), { headers: request.headers });
    const headers = new Headers(res.headers);
    headers.set('content-type', format?.mime ?? download!.mime);
    if (download) headers.set('content-disposition', download.disposition);
    for (const [k, v] of Object.entries(mediaHeaders)) headers.set(k, v);
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers });
  });
}
