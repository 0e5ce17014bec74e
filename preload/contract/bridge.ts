/**
 * Limits and keys of the loopback bridge that both sides must agree on.
 *
 * One import over the bridge carries the dropped files' bytes as base64 in a single frame; the
 * server refuses any frame larger than that needs (a 1 GiB length header is closed at once, not
 * buffered). The desktop app sends paths, not bytes, and has no such limit.
 */
export const BRIDGE_MAX_IMPORT_BYTES = 100 * 1024 * 1024;
/** base64 of the import limit */
export const BRIDGE_MAX_BASE64_CHARS = Math.ceil(BRIDGE_MAX_IMPORT_BYTES / 3) * 4;
/** the JSON envelope around it (names, method, id) */
export const BRIDGE_MAX_PAYLOAD = BRIDGE_MAX_BASE64_CHARS + 1024 * 1024;

/**
 * /media URLs carry a key derived from the bridge token, never the token itself: a media URL that
 * leaks (a shared screenshot of the address bar, a file opened in its own tab) grants reading
 * library and session files, not driving the API.
 */
export async function mediaKeyFor(token: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(`reelforge-media:${token}`));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
