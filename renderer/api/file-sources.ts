import { BRIDGE_MAX_IMPORT_BYTES } from '../../preload/contract/bridge';
import { StudioError } from '../../preload/contract/errors';
import type { MediaSource } from '../../preload/contract/studio-api';
import type { Connection } from './connect';

function toBase64(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let binary = '';
  // chunks: String.fromCharCode with a whole file's bytes as arguments overflows the stack
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Dropped files as import sources: real paths under Electron, the bytes in a plain browser. */
export async function filesToSources(files: File[], conn: Connection): Promise<MediaSource[]> {
  const total = files.reduce((n, f) => n + f.size, 0);
  if (!conn.pathForFile && total > BRIDGE_MAX_IMPORT_BYTES) {
    const mb = (n: number) => `${Math.ceil(n / (1024 * 1024))} MB`;
    throw new StudioError('INVALID_INPUT', `these files are ${mb(total)} together; the browser studio sends at most ${mb(BRIDGE_MAX_IMPORT_BYTES)} at once — drop fewer at a time, or use the desktop app`);
  }
  return Promise.all(
    files.map(async (f) => {
      const path = conn.pathForFile?.(f);
      if (path) return { name: f.name, path };
      return { name: f.name, base64: toBase64(await f.arrayBuffer()) };
    }),
  );
}
