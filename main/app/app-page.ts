import { fileURLToPath } from 'node:url';
import { normalize } from 'node:path';

/**
 * Whether a URL is the app's own page, for IPC trust and navigation: in development the dev
 * server's exact origin (scheme, host and port — `http://localhost:5173.evil.example` is another
 * site), otherwise the one built index.html file, not any `file://` page.
 */
export function isAppPageUrl(url: string, app: { rendererIndex: string; devUrl?: string }): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (app.devUrl) {
    try {
      return parsed.origin === new URL(app.devUrl).origin && parsed.origin !== 'null';
    } catch {
      return false;
    }
  }
  if (parsed.protocol !== 'file:' || (parsed.host !== '' && parsed.host !== 'localhost')) return false;
  try {
    const path = fileURLToPath(`file://${parsed.pathname}`);
    return sameFilePath(path, app.rendererIndex);
  } catch {
    return false;
  }
}

function sameFilePath(a: string, b: string): boolean {
  const na = normalize(a);
  const nb = normalize(b);
  return process.platform === 'win32' || process.platform === 'darwin' ? na.toLowerCase() === nb.toLowerCase() : na === nb;
}
